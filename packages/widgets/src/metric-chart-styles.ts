import { css } from 'lit';

/** Styles of `<metric-chart>` (after the shared theme, state and table styles). */
export const metricChartStyles = css`
  :host {
    display: block;
    min-width: 0;
  }
  .base {
    position: relative;
    display: grid;
    gap: calc(var(--_tally-spacing) * 0.67);
    padding: var(--_tally-spacing);
    background: var(--_tally-color-background);
    border: 1px solid var(--_tally-color-border);
    border-radius: var(--_tally-radius);
    min-width: 0;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.375rem 0.75rem;
  }
  .title {
    font-size: 0.9375rem;
    font-weight: 600;
    margin: 0;
    margin-inline-end: auto;
  }
  .live,
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    font-size: 0.75rem;
    color: var(--_tally-color-muted);
  }
  .live .dot {
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: var(--_tally-color-up);
    animation: tally-pulse 2s ease-in-out infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    .live .dot {
      animation: none;
    }
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375rem;
  }
  .button[aria-pressed='true'] {
    border-color: var(--_tally-color-accent);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.875rem;
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: 0.75rem;
    color: var(--_tally-color-muted);
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
  }
  .swatch {
    width: 1rem;
    height: 0;
    border-top: 3px solid;
  }
  .swatch.previous {
    border-top-style: dashed;
    opacity: 0.75;
  }
  .plot-area {
    position: relative;
    min-width: 0;
    border-radius: calc(var(--_tally-radius) / 2);
    touch-action: pan-y;
  }
  .plot-area[hidden] {
    display: none;
  }
  .plot {
    line-height: 0;
    min-width: 0;
  }
  .plot svg {
    display: block;
  }
  .crosshair {
    position: absolute;
    top: 0;
    width: 1px;
    background: var(--_tally-color-muted);
    pointer-events: none;
  }
  .marker {
    position: absolute;
    width: 9px;
    height: 9px;
    margin: -4.5px 0 0 -4.5px;
    border-radius: 50%;
    border: 2px solid var(--_tally-color-background);
    pointer-events: none;
  }
  .tooltip {
    position: absolute;
    top: 0;
    z-index: 1;
    min-width: 9rem;
    max-width: min(18rem, 100%);
    padding: 0.375rem 0.5rem;
    font-size: 0.75rem;
    line-height: 1.35;
    background: var(--_tally-color-surface);
    border: 1px solid var(--_tally-color-border);
    border-radius: calc(var(--_tally-radius) / 2);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.12);
    pointer-events: none;
  }
  .tooltip .when {
    font-weight: 600;
    margin-bottom: 0.125rem;
  }
  .tooltip .row {
    display: flex;
    align-items: center;
    gap: 0.375rem;
  }
  .tooltip .row .name {
    margin-inline-end: auto;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .tooltip .row.previous {
    color: var(--_tally-color-muted);
  }
  .tooltip .value {
    font-variant-numeric: tabular-nums;
  }
  .note {
    font-size: 0.75rem;
    color: var(--_tally-color-muted);
  }
  .placeholder {
    display: grid;
    place-items: center;
    text-align: center;
  }
  .skeleton.chart {
    width: 100%;
  }
  .table-wrap:not(.visually-hidden) {
    overflow-x: auto;
    max-height: 24rem;
    overflow-y: auto;
  }
  th,
  td {
    padding: 0.25rem 0.5rem;
    text-align: end;
    border-bottom: 1px solid var(--_tally-color-border);
    white-space: nowrap;
  }
  th[scope='row'],
  thead th:first-child {
    text-align: start;
    font-weight: 400;
  }
  thead th {
    position: sticky;
    top: 0;
    background: var(--_tally-color-surface);
    font-weight: 600;
  }
  .pager {
    display: flex;
    gap: 0.375rem;
    padding-top: 0.375rem;
  }
`;
