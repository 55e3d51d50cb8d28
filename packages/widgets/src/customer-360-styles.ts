import { css } from 'lit';
import { stateStyles, themeStyles } from './styles/theme.ts';

/** Styles of `<customer-360>`: one column that fits a 320-px sidebar; long names and subjects wrap. */
export const customer360Styles = [
  themeStyles,
  stateStyles,
  css`
    :host {
      display: block;
      min-width: 0;
      --_c360-warning: var(--tally-color-warning, #9a6700);
    }
    :host([theme='dark']) {
      --_c360-warning: var(--tally-color-warning, #d29922);
    }
    @media (prefers-color-scheme: dark) {
      :host([theme='auto']) {
        --_c360-warning: var(--tally-color-warning, #d29922);
      }
    }
    .panel {
      display: grid;
      gap: var(--_tally-spacing);
      padding: var(--_tally-spacing);
      background: var(--_tally-color-background);
      border: 1px solid var(--_tally-color-border);
      border-radius: var(--_tally-radius);
      overflow-wrap: anywhere;
      min-width: 0;
    }
    h2,
    h3,
    h4,
    p,
    ul,
    ol,
    dl,
    dd {
      margin: 0;
    }
    ul,
    ol {
      padding: 0;
      list-style: none;
    }
    .name {
      font-size: 1.125rem;
      line-height: 1.3;
    }
    .sub,
    .meta,
    .note,
    .part-detail,
    dt {
      font-size: 0.75rem;
      color: var(--_tally-color-muted);
    }
    .facts {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(6.5rem, 1fr));
      gap: 0.5rem 0.75rem;
      margin-top: 0.5rem;
    }
    dd {
      font-size: 0.875rem;
    }
    .mrr {
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .badge {
      display: inline-block;
      font-size: 0.75rem;
      padding: 0 0.375rem;
      border-radius: 1rem;
      border: 1px solid currentColor;
    }
    .billing-active {
      color: var(--_tally-color-up);
    }
    .billing-past_due {
      color: var(--_c360-warning);
    }
    .billing-canceled {
      color: var(--_tally-color-down);
    }
    .section {
      display: grid;
      gap: 0.375rem;
      padding-top: var(--_tally-spacing);
      border-top: 1px solid var(--_tally-color-border);
      min-width: 0;
    }
    h3 {
      font-size: 0.8125rem;
      font-weight: 600;
      text-transform: uppercase;
      letter-spacing: 0.03em;
      color: var(--_tally-color-muted);
    }
    h4 {
      font-size: 0.75rem;
      font-weight: 600;
      color: var(--_tally-color-muted);
    }
    .count {
      font-weight: 400;
    }
    .score {
      display: flex;
      align-items: baseline;
      gap: 0.25rem;
      flex-wrap: wrap;
    }
    .score-value {
      font-size: 1.75rem;
      font-weight: 600;
      line-height: 1;
      font-variant-numeric: tabular-nums;
    }
    .score-max {
      color: var(--_tally-color-muted);
    }
    .score-band {
      margin-inline-start: 0.5rem;
      font-weight: 600;
    }
    .score.band-good .score-band,
    .bar.band-good {
      color: var(--_tally-color-up);
    }
    .score.band-fair .score-band,
    .bar.band-fair {
      color: var(--_c360-warning);
    }
    .score.band-poor .score-band,
    .bar.band-poor {
      color: var(--_tally-color-down);
    }
    .parts,
    .features,
    .tickets,
    .timeline {
      display: grid;
      gap: 0.5rem;
    }
    .part,
    .feature {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 0.125rem 0.5rem;
      font-size: 0.8125rem;
    }
    .part-value,
    .feature-value {
      font-variant-numeric: tabular-nums;
      text-align: end;
    }
    .bar,
    .part-detail {
      grid-column: 1 / -1;
    }
    .bar {
      height: 0.375rem;
      border-radius: 0.25rem;
      background: var(--_tally-color-skeleton);
      overflow: hidden;
      color: var(--_tally-color-accent);
    }
    .fill {
      height: 100%;
      background: currentColor;
    }
    .usage-chart {
      color: var(--_tally-color-accent);
      line-height: 0;
    }
    .usage-figures {
      font-size: 0.8125rem;
    }
    .ticket,
    .event {
      display: grid;
      font-size: 0.8125rem;
    }
    .amount {
      font-variant-numeric: tabular-nums;
      color: var(--_tally-color-muted);
    }
    .event {
      padding-inline-start: 0.625rem;
      border-inline-start: 2px solid var(--_tally-color-border);
    }
    .kind-billing {
      border-inline-start-color: var(--_tally-series-2);
    }
    .kind-support {
      border-inline-start-color: var(--_tally-series-3);
    }
    .kind-crm {
      border-inline-start-color: var(--_tally-series-4);
    }
    .button {
      justify-self: start;
    }
    .live-note {
      font-size: 0.75rem;
      color: var(--_tally-color-muted);
    }
    .loading {
      display: grid;
      gap: 0.5rem;
    }
    .loading .skeleton {
      height: 1rem;
    }
    .loading .skeleton:first-child {
      height: 1.5rem;
      width: 60%;
    }
  `,
];
