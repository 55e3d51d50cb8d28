import type { LayoutItem } from './dashboards.ts';

/**
 * Lays widgets out on the portal's 12-column grid, row by row: one cell per item, placed by its column and
 * width, holding the widget element created from its tag and attributes (each widget draws its own card).
 * Placement goes through the CSSOM, which the page's Content-Security-Policy does not restrict.
 */
export function renderGrid(items: readonly LayoutItem[]): HTMLElement {
  const grid = document.createElement('div');
  grid.className = 'grid';
  const ordered = [...items].sort((a, b) => a.y - b.y || a.x - b.x);
  for (const item of ordered) {
    const cell = document.createElement('div');
    cell.className = `cell cell-${item.widget}`;
    cell.dataset.item = item.id;
    cell.style.setProperty('--x', String(item.x + 1));
    cell.style.setProperty('--w', String(item.w));
    const widget = document.createElement(item.widget);
    for (const [name, value] of Object.entries(item.attributes)) widget.setAttribute(name, value);
    cell.append(widget);
    grid.append(cell);
  }
  return grid;
}
