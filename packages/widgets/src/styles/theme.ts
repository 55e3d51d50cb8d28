import { css, unsafeCSS } from 'lit';

/**
 * The design tokens every Tally widget shares. A host themes a widget with the public `--tally-*` custom
 * properties (on the widget or any ancestor); `theme="dark"` on the widget switches the defaults. Inside a
 * shadow root, styles read the resolved private copies `--_tally-*` (the same names with `--_` in front),
 * so a host value wins in both themes and an unset one falls back to the theme's default.
 *
 * | public property | resolved | light | dark |
 * |---|---|---|---|
 * | `--tally-font-family` | `--_tally-font-family` | system UI | system UI |
 * | `--tally-color-text` | `--_tally-color-text` | #1f2328 | #e6edf3 |
 * | `--tally-color-muted` | `--_tally-color-muted` | #59636e | #9198a1 |
 * | `--tally-color-background` | `--_tally-color-background` | #ffffff | #0d1117 |
 * | `--tally-color-surface` | `--_tally-color-surface` | #f6f8fa | #161b22 |
 * | `--tally-color-border` | `--_tally-color-border` | #d0d7de | #30363d |
 * | `--tally-color-accent` | `--_tally-color-accent` | #0969da | #4493f8 |
 * | `--tally-color-up` / `-down` | `--_tally-color-up` / `-down` | #1a7f37 / #cf222e | #3fb950 / #f85149 |
 * | `--tally-color-error` | `--_tally-color-error` | #cf222e | #f85149 |
 * | `--tally-color-skeleton` | `--_tally-color-skeleton` | #eaeef2 | #21262d |
 * | `--tally-series-1` … `--tally-series-8` | `--_tally-series-1` … | categorical palette | brighter palette |
 * | `--tally-spacing` | `--_tally-spacing` | 0.75rem | 0.75rem |
 * | `--tally-radius` | `--_tally-radius` | 0.5rem | 0.5rem |
 *
 * `--tally-series-1` defaults to the accent color. `theme="auto"` follows `prefers-color-scheme`.
 *
 * @example
 * static override styles = [themeStyles, stateStyles, css`.title { color: var(--_tally-color-muted); }`];
 * @module
 */

/** How many categorical series colors the palette has (`--tally-series-1` … `--tally-series-8`). */
export const SERIES_COUNT = 8;

const light = {
  'color-text': '#1f2328',
  'color-muted': '#59636e',
  'color-background': '#ffffff',
  'color-surface': '#f6f8fa',
  'color-border': '#d0d7de',
  'color-accent': '#0969da',
  'color-up': '#1a7f37',
  'color-down': '#cf222e',
  'color-error': '#cf222e',
  'color-skeleton': '#eaeef2',
  // Hues far apart, each at least 3:1 against the light background.
  series: ['', '#d1600f', '#00877a', '#bf3989', '#8250df', '#9a6700', '#c4432b', '#57606a'],
};

const dark: typeof light = {
  'color-text': '#e6edf3',
  'color-muted': '#9198a1',
  'color-background': '#0d1117',
  'color-surface': '#161b22',
  'color-border': '#30363d',
  'color-accent': '#4493f8',
  'color-up': '#3fb950',
  'color-down': '#f85149',
  'color-error': '#f85149',
  'color-skeleton': '#21262d',
  series: ['', '#f0883e', '#3fb9a8', '#f778ba', '#a371f7', '#d29922', '#ff7b72', '#8b949e'],
};

/** Declarations of the resolved `--_tally-*` tokens for one palette. */
function declarations(palette: typeof light): string {
  const colors = Object.entries(palette)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([name, value]) => `--_tally-${name}: var(--tally-${name}, ${value});`);
  const series = palette.series.map((value, i) =>
    i === 0
      ? `--_tally-series-1: var(--tally-series-1, var(--_tally-color-accent));`
      : `--_tally-series-${i + 1}: var(--tally-series-${i + 1}, ${value});`,
  );
  return [...colors, ...series].join('\n');
}

/**
 * The shared tokens on `:host`, light by default, dark under `theme="dark"` (and under `theme="auto"` when
 * the system prefers dark). Also sets the host's font, text color and `box-sizing`.
 */
export const themeStyles = css`
  :host {
    ${unsafeCSS(declarations(light))}
    --_tally-font-family: var(--tally-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_tally-spacing: var(--tally-spacing, 0.75rem);
    --_tally-radius: var(--tally-radius, 0.5rem);
    box-sizing: border-box;
    font-family: var(--_tally-font-family);
    color: var(--_tally-color-text);
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${unsafeCSS(declarations(dark))}
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${unsafeCSS(declarations(dark))}
      color-scheme: dark;
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  /* What Observable Plot's own <style> element says; the chart functions drop that element so strict CSP pages need no allowance. */
  svg[class^='plot-'] {
    display: block;
    height: auto;
    max-width: 100%;
  }
  svg[class^='plot-'] text,
  svg[class^='plot-'] tspan {
    white-space: pre;
  }
`;

/**
 * The shared state look: `.skeleton` (pulsing placeholder), `.message` (muted text), `.message.error`,
 * `.retry` (the error state's button), `.visually-hidden` (for screen readers only) and a visible focus ring.
 *
 * @example
 * html`<div part="message" class="message error" role="alert">${error.message}
 *   <button part="retry" class="retry" @click=${() => this.#data.retry()}>Retry</button></div>`
 */
export const stateStyles = css`
  .skeleton {
    border-radius: 0.25rem;
    background: var(--_tally-color-skeleton);
    animation: tally-pulse 1.2s ease-in-out infinite;
  }
  @keyframes tally-pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
  .message {
    font-size: 0.875rem;
    color: var(--_tally-color-muted);
  }
  .message.error {
    color: var(--_tally-color-error);
  }
  button.retry,
  .button {
    font: inherit;
    font-size: 0.8125rem;
    color: var(--_tally-color-text);
    background: var(--_tally-color-surface);
    border: 1px solid var(--_tally-color-border);
    border-radius: calc(var(--_tally-radius) / 2);
    padding: 0.25rem 0.625rem;
    cursor: pointer;
  }
  button.retry {
    margin-inline-start: 0.5rem;
  }
  button.retry:hover,
  .button:hover {
    border-color: var(--_tally-color-muted);
  }
  :focus-visible {
    outline: 2px solid var(--_tally-color-accent);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;

/**
 * The shared data-table look of the widgets that show their numbers as a table (`<metric-chart>`, the
 * revenue widgets): a collapsed, full-width table in tabular figures with a small muted caption. Cell
 * padding and header styles stay with each widget.
 */
export const tableStyles = css`
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: start;
    font-size: 0.75rem;
    color: var(--_tally-color-muted);
    padding-bottom: 0.25rem;
  }
`;

/** Names of the resolved series colors, `--_tally-series-1` … `--_tally-series-8`, for reading them in JS. */
export const seriesTokens: readonly string[] = Array.from({ length: SERIES_COUNT }, (_, i) => `--_tally-series-${i + 1}`);

/** The resolved theme colors of an element, as concrete strings (for drawing and image export). */
export interface ResolvedTheme {
  series: string[];
  text: string;
  muted: string;
  border: string;
  background: string;
  fontFamily: string;
}

const FALLBACK: ResolvedTheme = {
  series: [light['color-accent'], ...light.series.slice(1)],
  text: light['color-text'],
  muted: light['color-muted'],
  border: light['color-border'],
  background: light['color-background'],
  fontFamily: 'system-ui, sans-serif',
};

/**
 * Reads the resolved `--_tally-*` tokens of `element` (a widget whose styles include {@link themeStyles}):
 * Plot and PNG export need concrete colors, not `var()`. Falls back to the light defaults where unset.
 */
export function readTheme(element: Element): ResolvedTheme {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    series: seriesTokens.map((token, i) => read(token, FALLBACK.series[i]!)),
    text: read('--_tally-color-text', FALLBACK.text),
    muted: read('--_tally-color-muted', FALLBACK.muted),
    border: read('--_tally-color-border', FALLBACK.border),
    background: read('--_tally-color-background', FALLBACK.background),
    fontFamily: read('--_tally-font-family', FALLBACK.fontFamily),
  };
}
