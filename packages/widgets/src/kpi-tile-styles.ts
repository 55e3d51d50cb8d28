import { css } from 'lit';

/** Styles of `<kpi-tile>`; every themable value is a `--tally-*` custom property with a fallback. */
export const kpiTileStyles = css`
  :host {
    display: inline-block;
    box-sizing: border-box;
    min-width: 10rem;
    font-family: var(--tally-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--tally-color-text, #1f2328);
  }
  :host([hidden]) {
    display: none;
  }
  .tile {
    box-sizing: border-box;
    height: 100%;
    display: grid;
    align-content: start;
    gap: calc(var(--tally-spacing, 0.75rem) / 3);
    padding: var(--tally-spacing, 0.75rem);
    background: var(--tally-color-background, #fff);
    border: 1px solid var(--tally-color-border, #d0d7de);
    border-radius: var(--tally-radius, 0.5rem);
  }
  .label {
    font-size: 0.8125rem;
    color: var(--tally-color-muted, #59636e);
  }
  .value {
    font-size: var(--tally-value-font-size, 1.75rem);
    font-weight: 600;
    line-height: 1.15;
    font-variant-numeric: tabular-nums;
  }
  .delta {
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
    color: var(--tally-color-muted, #59636e);
  }
  .delta.up {
    color: var(--tally-color-up, #1a7f37);
  }
  .delta.down {
    color: var(--tally-color-down, #cf222e);
  }
  .sparkline {
    color: var(--tally-color-sparkline, var(--tally-color-accent, #0969da));
    line-height: 0;
  }
  .message {
    font-size: 0.875rem;
    color: var(--tally-color-muted, #59636e);
  }
  .message.error {
    color: var(--tally-color-error, #cf222e);
  }
  .skeleton {
    height: 1.75rem;
    width: 60%;
    border-radius: 0.25rem;
    background: var(--tally-color-skeleton, #eaeef2);
    animation: pulse 1.2s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
`;
