import { css } from 'lit';

/** Colours of the waterfall's bars and labels (the chart draws in `currentColor` by default). */
export const waterfallStyles = css`
  .waterfall .bar.total {
    fill: var(--_tally-color-accent);
  }
  .waterfall .bar.up {
    fill: var(--_tally-color-up);
  }
  .waterfall .bar.down {
    fill: var(--_tally-color-down);
  }
  .waterfall .value {
    fill: var(--_tally-color-text);
    font-variant-numeric: tabular-nums;
  }
  .waterfall .category {
    fill: var(--_tally-color-muted);
  }
  .waterfall .connector,
  .waterfall .axis {
    stroke: var(--_tally-color-border);
  }
`;
