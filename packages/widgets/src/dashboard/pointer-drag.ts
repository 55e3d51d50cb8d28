import { clampCell, COLUMNS, type Cell } from './layout.ts';

/** The pixel pitch of the grid: one column (width + gap) and one row (height + gap). */
export interface GridPitch {
  column: number;
  row: number;
}

/** Reads the grid's column and row pitch from its box and computed style. */
export function gridPitch(grid: HTMLElement): GridPitch {
  const style = getComputedStyle(grid);
  const px = (text: string) => Number.parseFloat(text) || 0;
  const columnGap = px(style.columnGap);
  const rowGap = px(style.rowGap);
  const width = grid.getBoundingClientRect().width;
  const rowHeight = px(style.gridAutoRows.split(' ')[0] ?? '');
  return { column: (width - columnGap * (COLUMNS - 1)) / COLUMNS + columnGap, row: rowHeight + rowGap };
}

/**
 * Where a drag of `dx`, `dy` pixels takes a cell, snapped to whole cells: `move` shifts it, `resize` (from its
 * bottom-right corner) grows or shrinks it.
 */
export function draggedCell(start: Cell, mode: 'move' | 'resize', dx: number, dy: number, pitch: GridPitch): Cell {
  const cols = Math.round(dx / pitch.column);
  const rows = Math.round(dy / pitch.row);
  return clampCell(mode === 'move' ? { ...start, x: start.x + cols, y: start.y + rows } : { ...start, w: start.w + cols, h: start.h + rows });
}

/** Callbacks of {@link trackPointer}. */
export interface PointerTrack {
  /** The pointer moved `dx`, `dy` pixels from where it went down. */
  move(dx: number, dy: number): void;
  /** The drag ended: `commit` false when it was cancelled (Escape, pointercancel, lost capture). */
  end(commit: boolean): void;
}

/**
 * Follows one pointer from `down` until it is released: captures it on `target` so moves outside still
 * arrive, reports the offset on each move, and ends on pointerup (commit) or Escape / pointercancel
 * (cancel). Listeners are removed when it ends.
 */
export function trackPointer(target: HTMLElement, down: PointerEvent, track: PointerTrack): void {
  const { pointerId, clientX, clientY } = down;
  try {
    target.setPointerCapture(pointerId);
  } catch {
    // A pointer the browser does not know (a synthetic event): moves are still heard on the target.
  }
  const onMove = (e: PointerEvent) => {
    if (e.pointerId === pointerId) track.move(e.clientX - clientX, e.clientY - clientY);
  };
  const finish = (commit: boolean) => {
    target.removeEventListener('pointermove', onMove);
    target.removeEventListener('pointerup', onUp);
    target.removeEventListener('pointercancel', onCancel);
    target.removeEventListener('lostpointercapture', onCancel);
    window.removeEventListener('keydown', onKey, true);
    if (target.hasPointerCapture?.(pointerId)) target.releasePointerCapture(pointerId);
    track.end(commit);
  };
  const onUp = (e: PointerEvent) => {
    if (e.pointerId !== pointerId) return;
    onMove(e);
    finish(true);
  };
  const onCancel = (e: PointerEvent) => e.pointerId === pointerId && finish(false);
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    finish(false);
  };
  target.addEventListener('pointermove', onMove);
  target.addEventListener('pointerup', onUp);
  target.addEventListener('pointercancel', onCancel);
  target.addEventListener('lostpointercapture', onCancel);
  window.addEventListener('keydown', onKey, true);
}
