import { DASHBOARD_WIDGETS, type DashboardItem } from '@tally/client-sdk';
import type { WidgetClient } from '../data/client-context.ts';

const ALLOWED: ReadonlySet<string> = new Set(DASHBOARD_WIDGETS);

/** What every widget of a dashboard gets besides its own attributes. */
export interface Inherited {
  /** Set as `theme` on widgets whose attributes name none. */
  theme: string | undefined;
  /** Handed to each widget's `client` property when set. */
  client: WidgetClient | undefined;
}

/**
 * The widget elements of a dashboard, one per item id: created with `document.createElement` from the
 * dashboard widget tags only (never from markup), and their attributes set with `setAttribute` and kept in sync
 * as the layout changes. An element lives as long as its item, so moving an item never reloads its widget.
 */
export class WidgetElements {
  readonly #entries = new Map<string, { widget: string; el: HTMLElement; attributes: readonly string[] }>();

  /** The element of `item`, up to date; `undefined` for a tag that is not a dashboard widget. */
  get(item: DashboardItem, inherited: Inherited): HTMLElement | undefined {
    if (!ALLOWED.has(item.widget)) return undefined;
    let entry = this.#entries.get(item.id);
    if (entry === undefined || entry.widget !== item.widget) {
      entry = { widget: item.widget, el: document.createElement(item.widget), attributes: [] };
      this.#entries.set(item.id, entry);
    }
    const { el } = entry;
    const wanted = { ...item.attributes };
    if (inherited.theme && wanted.theme === undefined) wanted.theme = inherited.theme;
    for (const name of entry.attributes) if (!(name in wanted)) el.removeAttribute(name);
    for (const [name, value] of Object.entries(wanted)) if (el.getAttribute(name) !== value) el.setAttribute(name, value);
    entry.attributes = Object.keys(wanted);
    if (inherited.client !== undefined && 'client' in el) (el as HTMLElement & { client: unknown }).client = inherited.client;
    return el;
  }

  /** Forgets the elements of items no longer in the layout. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.#entries.keys()) if (!ids.has(id)) this.#entries.delete(id);
  }
}
