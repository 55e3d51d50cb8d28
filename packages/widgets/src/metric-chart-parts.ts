import { html, nothing, type TemplateResult } from 'lit';
import type { ChartView, TooltipContent } from './metric-chart-view.ts';
import { styleProps } from './directives/style-props.ts';

/** The legend: a swatch per series, dashed for previous periods. */
export function legendTemplate(view: ChartView): TemplateResult {
  return html`<ul part="legend" class="legend" aria-label="Legend">
    ${view.legend.map(
      (item) => html`<li>
        <span class="swatch ${item.dashed ? 'previous' : ''}" ${styleProps({ 'border-color': item.color })} aria-hidden="true"></span>${item.label}
      </li>`,
    )}
  </ul>`;
}

/** The crosshair, a marker per series, and the tooltip of one bucket (placed by the explorer). */
export function tooltipTemplate(tip: TooltipContent): TemplateResult {
  return html`<div class="crosshair"></div>
    ${tip.markers.map((m) => html`<span class="marker" data-series=${m.series} ${styleProps({ background: m.color })}></span>`)}
    <div part="tooltip" class="tooltip" aria-hidden="true">
      <div class="when">${tip.when}</div>
      ${tip.rows.map(
        (row) => html`<div class="row ${row.previous ? 'previous' : ''}">
          <span class="swatch ${row.previous ? 'previous' : ''}" ${styleProps({ 'border-color': row.color })}></span>
          <span class="name">${row.label}</span><span class="value">${row.value}</span>
        </div>`,
      )}
    </div>`;
}

/** The live indicator, with the answer's freshness when known. */
export function liveTemplate(view: ChartView | undefined): TemplateResult {
  const fresh = view?.freshAt;
  return html`<span part="live" class="live"
    ><span class="dot" aria-hidden="true"></span>Live${fresh === undefined ? nothing : html` · updated <time datetime=${fresh.iso}>${fresh.text}</time>`}</span
  >`;
}

/** The table toggle and the export buttons. */
export function toolbarTemplate(options: { tableShown: boolean; onTable: () => void; onCsv: () => void; onPng: () => void }): TemplateResult {
  return html`<div part="toolbar" class="toolbar">
    <button type="button" class="button" aria-pressed=${options.tableShown ? 'true' : 'false'} @click=${options.onTable}>
      ${options.tableShown ? 'Show chart' : 'Show table'}
    </button>
    <button type="button" class="button" aria-label="Download CSV" @click=${options.onCsv}>CSV</button>
    <button type="button" class="button" aria-label="Download PNG" ?disabled=${options.tableShown} @click=${options.onPng}>PNG</button>
  </div>`;
}

/** A state's message in a box as tall as the chart; an error is an alert, with Retry when `retry` is given. */
export function messageTemplate(message: string, height: number, options: { error?: boolean; retry?: () => void } = {}): TemplateResult {
  return html`<div class="placeholder" ${styleProps({ height: `${height}px` })}>
    <div part="message" class="message ${options.error ? 'error' : ''}" role=${options.error ? 'alert' : nothing}>
      ${message}${options.retry === undefined
        ? nothing
        : html`<button part="retry" type="button" class="retry" @click=${options.retry}>Retry</button>`}
    </div>
  </div>`;
}
