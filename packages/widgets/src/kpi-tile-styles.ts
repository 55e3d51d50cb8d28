import { css } from 'lit';

/**
 * Styles of `<kpi-tile>`, after the shared theme and state styles: every themable value is a `--tally-*`
 * custom property (resolved as `--_tally-*`, light or dark), plus the tile's own `--tally-color-sparkline`
 * and `--tally-value-font-size`.
 */
export const kpiTileStyles = css`
  :host {
    display: inline-block;
    min-width: 10rem;
  }
  .tile {
    position: relative;
    height: 100%;
    display: grid;
    align-content: start;
    gap: calc(var(--_tally-spacing) / 3);
    padding: var(--_tally-spacing);
    background: var(--_tally-color-background);
    border: 1px solid var(--_tally-color-border);
    border-radius: var(--_tally-radius);
  }
  .top {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .label {
    font-size: 0.8125rem;
    color: var(--_tally-color-muted);
    margin-inline-end: auto;
    overflow-wrap: anywhere;
  }
  .live {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    font-size: 0.6875rem;
    color: var(--_tally-color-muted);
  }
  .live .dot {
    width: 0.4375rem;
    height: 0.4375rem;
    border-radius: 50%;
    background: var(--_tally-color-up);
  }
  .value {
    font-size: var(--tally-value-font-size, 1.75rem);
    font-weight: 600;
    line-height: 1.15;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }
  .delta {
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
    color: var(--_tally-color-muted);
  }
  .delta.up {
    color: var(--_tally-color-up);
  }
  .delta.down {
    color: var(--_tally-color-down);
  }
  .sparkline {
    color: var(--tally-color-sparkline, var(--_tally-color-accent));
    line-height: 0;
  }
  .skeleton {
    height: 1.75rem;
    width: 60%;
  }
`;
