import { css } from 'lit';
import { stateStyles, themeStyles } from '../styles/theme.ts';

/** Styles of `<tally-dashboard>`: a 12-column grid that stacks into one column in narrow containers. */
export const dashboardStyles = [
  themeStyles,
  stateStyles,
  css`
    :host {
      display: block;
      min-width: 0;
    }
    .dashboard {
      display: grid;
      gap: 0.5rem;
      min-width: 0;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(12, minmax(0, 1fr));
      grid-auto-rows: var(--tally-dashboard-row-height, 120px);
      gap: var(--tally-dashboard-gap, 0.75rem);
      min-width: 0;
    }
    .item {
      grid-column: var(--col) / span var(--w);
      grid-row: var(--row) / span var(--h);
      position: relative;
      min-width: 0;
      min-height: 0;
      border-radius: var(--_tally-radius);
    }
    .narrow .grid {
      grid-template-columns: minmax(0, 1fr);
    }
    .narrow .item {
      grid-column: 1;
      grid-row: auto / span var(--h);
    }
    .content {
      height: 100%;
      overflow: auto;
      border-radius: var(--_tally-radius);
    }
    .content > * {
      box-sizing: border-box;
      width: 100%;
      height: 100%;
    }
    .item.dragging {
      z-index: 1;
      opacity: 0.85;
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
    }
    .item:focus-visible {
      outline: 2px solid var(--_tally-color-accent);
      outline-offset: 2px;
    }
    .handle,
    .resize {
      position: absolute;
      z-index: 1;
      touch-action: none;
      user-select: none;
      opacity: 0.35;
      color: var(--_tally-color-muted);
    }
    .item:hover .handle,
    .item:hover .resize,
    .item:focus-within .handle,
    .item:focus-within .resize,
    .dragging .handle,
    .dragging .resize {
      opacity: 1;
    }
    /* A tab on the item's top edge, in the middle: over the widget's padding, clear of its title and buttons. */
    .handle {
      top: 0;
      left: 50%;
      transform: translateX(-50%);
      width: 2.75rem;
      height: 0.75rem;
      display: grid;
      place-items: center;
      font-size: 0.625rem;
      line-height: 1;
      letter-spacing: 0.1em;
      cursor: grab;
      background: var(--_tally-color-surface);
      border: 1px solid var(--_tally-color-border);
      border-top: 0;
      border-radius: 0 0 calc(var(--_tally-radius) / 2) calc(var(--_tally-radius) / 2);
    }
    .dragging .handle {
      cursor: grabbing;
    }
    .resize {
      right: 0;
      bottom: 0;
      width: 1rem;
      height: 1rem;
      cursor: nwse-resize;
      background: linear-gradient(135deg, transparent 50%, currentColor 50%, currentColor 60%, transparent 60%, transparent 75%, currentColor 75%, currentColor 85%, transparent 85%);
    }
    .narrow .handle,
    .narrow .resize,
    .locked .handle,
    .locked .resize {
      display: none;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
      font-size: 0.75rem;
      color: var(--_tally-color-muted);
      min-height: 1rem;
    }
    .bar .retry {
      margin: 0;
    }
    .problems {
      margin: 0;
      padding-inline-start: 1.25rem;
      font-size: 0.8125rem;
    }
    .skeleton.tile {
      height: var(--tally-dashboard-row-height, 120px);
    }
  `,
];
