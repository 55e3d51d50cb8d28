/**
 * Index of the position in `positions` (ascending pixels) nearest to `px`; -1 when there are none.
 * Binary search, so pointer moves stay cheap over 10,000 buckets.
 */
export function nearestIndex(positions: readonly number[], px: number): number {
  if (positions.length === 0) return -1;
  let lo = 0;
  let hi = positions.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid]! < px) lo = mid + 1;
    else hi = mid;
  }
  const before = lo - 1;
  return before >= 0 && px - positions[before]! <= positions[lo]! - px ? before : lo;
}

/**
 * The index a key moves a focused point to, or `undefined` when the key does not move it: ←/→ one bucket,
 * PageUp/PageDown a tenth of the range, Home/End the ends. With nothing focused yet, any of them starts
 * at the newest bucket.
 */
export function keyedIndex(key: string, current: number | undefined, count: number): number | undefined {
  if (count === 0) return undefined;
  const page = Math.max(1, Math.round(count / 10));
  const from = current ?? count - 1;
  const step: Record<string, number> = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -page, PageUp: page };
  let next: number;
  if (key === 'Home') next = 0;
  else if (key === 'End') next = count - 1;
  else if (key in step) next = current === undefined ? from : from + step[key]!;
  else return undefined;
  return Math.min(count - 1, Math.max(0, next));
}

/**
 * Left edge for a tooltip `tipWidth` wide next to the point at `x`, inside a container `width` wide: to the
 * right of the point, or to its left when it would overflow, clamped to the container.
 */
export function tooltipLeft(x: number, tipWidth: number, width: number, gap = 12): number {
  const right = x + gap;
  const left = right + tipWidth > width ? x - gap - tipWidth : right;
  return Math.max(0, Math.min(left, width - tipWidth));
}
