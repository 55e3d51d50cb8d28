import { css } from 'lit';
import { stateStyles, tableStyles, themeStyles } from '../styles/theme.ts';

/** The card look the revenue widgets share: a titled box, a chart or table, and the state messages. */
export const revenueCardStyles = [
  themeStyles,
  stateStyles,
  tableStyles,
  css`
    :host {
      display: block;
      min-width: 0;
    }
    .card {
      display: grid;
      gap: 0.5rem;
      margin: 0;
      padding: var(--_tally-spacing);
      background: var(--_tally-color-background);
      border: 1px solid var(--_tally-color-border);
      border-radius: var(--_tally-radius);
      min-width: 0;
      height: 100%;
      align-content: start;
      container-type: inline-size;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 0.75rem;
    }
    .title {
      font-size: 0.875rem;
      font-weight: 600;
    }
    .sub {
      font-size: 0.75rem;
      color: var(--_tally-color-muted);
    }
    .head .button {
      margin-inline-start: auto;
      font-size: 0.75rem;
      padding: 0.125rem 0.5rem;
    }
    .head .button[aria-pressed='true'] {
      border-color: var(--_tally-color-accent);
    }
    .summary {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 0.5rem;
      font-size: 0.8125rem;
    }
    .figure-value {
      font-size: 1.5rem;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
      line-height: 1.2;
    }
    .change.up {
      color: var(--_tally-color-up);
    }
    .change.down {
      color: var(--_tally-color-down);
    }
    .chart {
      line-height: 0;
      min-width: 0;
      color: var(--_tally-color-muted);
    }
    .chart svg {
      display: block;
      overflow: visible;
    }
    th,
    td {
      padding: 0.25rem 0.375rem;
      border-bottom: 1px solid var(--_tally-color-border);
      text-align: end;
    }
    th:first-child,
    td:first-child {
      text-align: start;
    }
    thead th {
      font-weight: 600;
      color: var(--_tally-color-muted);
      font-size: 0.75rem;
    }
    .skeleton.chart-skeleton {
      height: 8rem;
    }
    select {
      font: inherit;
      font-size: 0.75rem;
      color: var(--_tally-color-text);
      background: var(--_tally-color-surface);
      border: 1px solid var(--_tally-color-border);
      border-radius: calc(var(--_tally-radius) / 2);
    }
  `,
];
