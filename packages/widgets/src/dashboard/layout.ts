import {
  DASHBOARD_ATTRIBUTE_PATTERN,
  DASHBOARD_ID_PATTERN,
  DASHBOARD_LIMITS,
  DASHBOARD_WIDGETS,
  type DashboardItem,
  type DashboardLayout,
  type DashboardWidget,
} from '@tally/client-sdk';

/** Columns of the dashboard grid. */
export const COLUMNS = 12;

/** An item's place on the grid, in cells from the top left. */
export interface Cell {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A layout read from input: the items it could use, and why it left others out. */
export interface ParsedLayout {
  layout: DashboardLayout;
  /** One message per refused item or input, naming the path: `items[2].widget: …`. */
  problems: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Why attribute `name` may not be set from a layout, or `undefined` when it may. */
export function refusedAttribute(name: string): string | undefined {
  if (!DASHBOARD_ATTRIBUTE_PATTERN.test(name)) return 'expected a kebab-case attribute name';
  // Event handlers would run script and `style` would restyle the page: a saved layout carries neither.
  if (name.startsWith('on') || name === 'style') return 'event handlers and style are not allowed';
  return undefined;
}

function parseItem(input: unknown, at: string, seen: Set<string>): DashboardItem | string {
  if (!isRecord(input)) return `${at}: expected an object`;
  const { id, widget, x, y, w, h, attributes = {} } = input;
  if (typeof id !== 'string' || !DASHBOARD_ID_PATTERN.test(id)) return `${at}.id: expected 1-64 of A-Z a-z 0-9 _ -`;
  if (seen.has(id)) return `${at}.id: ${JSON.stringify(id)} is used twice`;
  if (typeof widget !== 'string' || !(DASHBOARD_WIDGETS as readonly string[]).includes(widget)) {
    return `${at}.widget: ${JSON.stringify(widget)} is not a dashboard widget (${DASHBOARD_WIDGETS.join(', ')})`;
  }
  const { maxPosition, maxSize } = DASHBOARD_LIMITS;
  for (const [name, value, min, max] of [['x', x, 0, maxPosition], ['y', y, 0, maxPosition], ['w', w, 1, maxSize], ['h', h, 1, maxSize]] as const) {
    if (!isCount(value, min, max)) return `${at}.${name}: expected an integer from ${min} to ${max}`;
  }
  if (!isRecord(attributes)) return `${at}.attributes: expected an object of strings`;
  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const refused = refusedAttribute(name);
    if (refused !== undefined) return `${at}.attributes.${name}: ${refused}`;
    if (typeof value !== 'string') return `${at}.attributes.${name}: expected a string`;
    attrs[name] = value;
  }
  seen.add(id);
  const width = Math.min(w as number, COLUMNS);
  return { id, widget: widget as DashboardWidget, x: Math.min(x as number, COLUMNS - width), y: y as number, w: width, h: h as number, attributes: attrs };
}

/**
 * Reads a layout from a property or attribute value: a `{ items: [...] }` object, a bare array of items, or
 * either as JSON text. Items that are not valid (an unknown widget, a bad id, an `on*` attribute, …) are left
 * out and named in `problems`; widths are capped at 12 columns and overlapping items pushed down.
 *
 * @example
 * parseLayout('[{"id":"a","widget":"kpi-tile","x":0,"y":0,"w":3,"h":1,"attributes":{"label":"MRR"}}]');
 */
export function parseLayout(input: unknown): ParsedLayout {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return { layout: { items: [] }, problems: ['layout: not valid JSON'] };
    }
  }
  if (value == null) return { layout: { items: [] }, problems: [] };
  const list = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.items) ? value.items : undefined;
  if (list === undefined) return { layout: { items: [] }, problems: ['layout: expected { items: [...] } or an array of items'] };
  const problems: string[] = [];
  const items: DashboardItem[] = [];
  const seen = new Set<string>();
  list.slice(0, DASHBOARD_LIMITS.items).forEach((entry, i) => {
    const item = parseItem(entry, `items[${i}]`, seen);
    if (typeof item === 'string') problems.push(item);
    else items.push(item);
  });
  if (list.length > DASHBOARD_LIMITS.items) problems.push(`items: at most ${DASHBOARD_LIMITS.items}; the rest are left out`);
  return { layout: { items: settle(items) }, problems };
}

/** True when two cells share any grid square. */
export function overlaps(a: Cell, b: Cell): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Pushes items down until none overlaps: `first` (an item id) keeps its place, the others are placed top to
 * bottom, each moved just below whatever it would overlap. Item order is kept.
 */
export function settle(items: readonly DashboardItem[], first?: string): DashboardItem[] {
  const fixed = items.find((i) => i.id === first);
  const rest = items.filter((i) => i !== fixed).sort((a, b) => a.y - b.y || a.x - b.x);
  const placed: DashboardItem[] = fixed ? [fixed] : [];
  for (const item of rest) {
    let y = item.y;
    for (let hit = placed.find((p) => overlaps({ ...item, y }, p)); hit !== undefined; hit = placed.find((p) => overlaps({ ...item, y }, p))) {
      y = hit.y + hit.h;
    }
    placed.push(y === item.y ? item : { ...item, y });
  }
  const byId = new Map(placed.map((p) => [p.id, p]));
  return items.map((i) => byId.get(i.id)!);
}

/** Keeps a cell on the grid: at least 1×1, at most 12 columns wide, not left of column 0 or above row 0. */
export function clampCell(cell: Cell): Cell {
  const w = Math.max(1, Math.min(COLUMNS, Math.round(cell.w)));
  const h = Math.max(1, Math.min(DASHBOARD_LIMITS.maxSize, Math.round(cell.h)));
  const x = Math.max(0, Math.min(COLUMNS - w, Math.round(cell.x)));
  const y = Math.max(0, Math.min(DASHBOARD_LIMITS.maxPosition, Math.round(cell.y)));
  return { x, y, w, h };
}

/**
 * The layout with item `id` at `cell` (clamped to the grid) and the items it now overlaps pushed down.
 * Returns the same layout object when nothing changes.
 *
 * @example
 * placeItem(layout, 'mrr', { x: 6, y: 0, w: 6, h: 2 });
 */
export function placeItem(layout: DashboardLayout, id: string, cell: Cell): DashboardLayout {
  const item = layout.items.find((i) => i.id === id);
  if (item === undefined) return layout;
  const next = clampCell(cell);
  if (next.x === item.x && next.y === item.y && next.w === item.w && next.h === item.h) return layout;
  return { items: settle(layout.items.map((i) => (i.id === id ? { ...i, ...next } : i)), id) };
}

/** Rows the layout takes up. */
export function layoutRows(layout: DashboardLayout): number {
  return layout.items.reduce((rows, i) => Math.max(rows, i.y + i.h), 0);
}

/** Items in reading order: top to bottom, then left to right (the order of a one-column stack). */
export function readingOrder(items: readonly DashboardItem[]): DashboardItem[] {
  return [...items].sort((a, b) => a.y - b.y || a.x - b.x);
}

/** True when two layouts place the same items in the same cells with the same attributes. */
export function sameLayout(a: DashboardLayout, b: DashboardLayout): boolean {
  return JSON.stringify(a.items) === JSON.stringify(b.items);
}
