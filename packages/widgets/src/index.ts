/**
 * @tally/widgets: Lit custom elements that embed Tally analytics. Importing this module registers the elements
 * (`<kpi-tile>`); registering twice is harmless.
 * @packageDocumentation
 */
export { KpiTile } from './kpi-tile.ts';
export type { KpiTileState } from './kpi-tile.ts';
export { defineElement } from './define-element.ts';
export { tallyErrorEvent } from './events.ts';
export type { TallyErrorDetail, TallyErrorEventCode } from './events.ts';
export { formatDelta, numberFormatter } from './format-number.ts';
export type { DeltaDirection, FormatterResult } from './format-number.ts';
export { sparkline, sparklineGeometry } from './sparkline.ts';
export type { SparklineGeometry, SparklineOptions } from './sparkline.ts';
