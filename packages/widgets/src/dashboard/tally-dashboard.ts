import { DASHBOARD_ID_PATTERN, type DashboardItem, type DashboardLayout, type SavedDashboard } from '@tally/client-sdk';
import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleProps } from '../directives/style-props.ts';
import '../customer-360.ts';
import type { WidgetClient } from '../data/client-context.ts';
import { ResourceController } from '../data/resource-controller.ts';
import { defineElement } from '../define-element.ts';
import type { TallyErrorDetail } from '../events.ts';
import { InvalidAttributeReporter } from '../invalid-attribute.ts';
import '../kpi-tile.ts';
import '../metric-chart.ts';
import { invalid, show, trimmed } from '../revenue/inputs.ts';
import '../revenue/mrr-waterfall.ts';
import '../revenue/revenue-trend.ts';
import '../revenue/top-customers.ts';
import { problemsNotice, statusLine } from './dashboard-notices.ts';
import { dashboardStyles } from './dashboard-styles.ts';
import { DebouncedSave, dashboardStore, loadSaved } from './dashboard-store.ts';
import { itemLabel, itemPosition } from './item-label.ts';
import { parseLayout, placeItem, readingOrder, sameLayout, type Cell, type ParsedLayout } from './layout.ts';
import { draggedCell, gridPitch, trackPointer } from './pointer-drag.ts';
import { WidgetElements } from './widget-elements.ts';

/** `detail` of `tally-layout-change`. */
export interface TallyLayoutChangeDetail {
  /** The whole new layout. */
  layout: DashboardLayout;
  /** The dashboard's `dashboard-id`, when it has one. */
  dashboardId: string | undefined;
}

const THEMES: readonly string[] = ['light', 'dark', 'auto'];
const KEYS: Readonly<Record<string, [number, number]>> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

type View = { state: 'loading' } | { state: 'error'; message: string } | { state: 'empty' | 'ready'; layout: DashboardLayout };

/**
 * A grid of Tally widgets from a JSON layout: 12 columns, items placed by `x`, `y` (cells from the top left)
 * and sized by `w`, `h`. Each widget is created with `document.createElement` (only the six dashboard widgets)
 * and given its `attributes` with `setAttribute` (never HTML; `on*` and `style` are refused).
 *
 * Rearranging: drag an item's handle (the tab on its top edge) to move it and its corner to resize it,
 * snapped to the grid; or focus an item (Tab) and press the arrow keys to move it, Shift + arrow keys to
 * resize it. Items in the way are pushed down. Each change is announced to screen readers and fires `tally-layout-change`. In a
 * container narrower than `stack-below` the items stack in one column and cannot be rearranged. `locked`
 * turns rearranging off.
 *
 * Saving: with `dashboard-id` the dashboard loads the user's saved layout (falling back to `layout` when they
 * never saved one) and saves each change, after `save-delay` ms of quiet, with the version it was loaded at.
 * When someone saved in between (`409 conflict`) it reloads the saved layout. Without `dashboard-id`, or with
 * a client that cannot save dashboards, it only fires `tally-layout-change`.
 *
 * @tagname tally-dashboard
 * @summary A rearrangeable grid of Tally widgets, saved per user.
 * @example
 * <tally-provider server="https://tally.example.com">
 *   <tally-dashboard dashboard-id="home" layout='[
 *     {"id":"mrr","widget":"revenue-trend","x":0,"y":0,"w":8,"h":3,"attributes":{"measure":"mrr"}},
 *     {"id":"top","widget":"top-customers","x":8,"y":0,"w":4,"h":3,"attributes":{"limit":"5"}}]'>
 *   </tally-dashboard>
 * </tally-provider>
 *
 * @fires tally-layout-change - `CustomEvent<{ layout, dashboardId }>` after each move or resize (at the end of
 *   a drag); bubbles and is composed.
 * @fires tally-error - `CustomEvent<{ code: 'invalid_attribute', attribute, message }>` for an invalid
 *   attribute or layout item (an unknown widget is refused this way); bubbles and is composed.
 *
 * @cssprop --tally-dashboard-row-height - Height of one grid row. Default: 120px.
 * @cssprop --tally-dashboard-gap - Gap between items. Default: 0.75rem.
 * @cssprop --tally-color-accent - Focus ring.
 * @cssprop --tally-color-surface - Drag handle background.
 * @cssprop --tally-color-border - Drag handle border.
 * @cssprop --tally-color-muted - Handles and the status line.
 * @cssprop --tally-color-error - Layout problems.
 * @cssprop --tally-color-skeleton - Loading placeholders.
 * @cssprop --tally-font-family - Font stack of the status line and messages.
 * @cssprop --tally-radius - Corner radius of items and handles. Default: 0.5rem.
 *
 * @csspart base - The dashboard; carries `data-state` (loading, ready, empty, error).
 * @csspart grid - The grid.
 * @csspart item - Each item's box.
 * @csspart handle - The drag handle that moves an item.
 * @csspart resize - The corner that resizes an item.
 * @csspart status - The line saying whether changes are saved.
 * @csspart problems - The list of layout items that were left out.
 * @csspart message - The loading, empty or error message.
 */
export class TallyDashboard extends LitElement {
  static override properties: PropertyDeclarations = {
    layout: { converter: { fromAttribute: (text: string | null) => text ?? undefined } },
    dashboardId: { type: String, attribute: 'dashboard-id' },
    locked: { type: Boolean, reflect: true },
    saveDelay: { type: Number, attribute: 'save-delay' },
    stackBelow: { type: Number, attribute: 'stack-below' },
    theme: { type: String, reflect: true },
    client: { attribute: false },
  };

  static override styles = dashboardStyles;

  /**
   * The layout: `{ items: [...] }` or an array of items (property), or the same as JSON (attribute). With
   * `dashboard-id` it is the default, shown until the user saves their own.
   * @default undefined (no items)
   */
  declare layout: DashboardLayout | readonly DashboardItem[] | string | undefined;
  /** Saves the layout per user under this id (1–64 of `A-Z a-z 0-9 _ -`). @default undefined (not saved) */
  declare dashboardId: string | undefined;
  /** Turns off moving and resizing. @default false */
  declare locked: boolean;
  /** Milliseconds of quiet after a change before it is saved. @default 800 */
  declare saveDelay: number;
  /** Container width (px) below which items stack in one column. @default 600 */
  declare stackBelow: number;
  /** `light`, `dark` or `auto`; passed on to widgets whose attributes name no theme. @default undefined */
  declare theme: string | undefined;
  /** A client of its own, also handed to each widget; without it the nearest `<tally-provider>`'s. Property only. */
  declare client: WidgetClient | undefined;

  readonly #saved: ResourceController<SavedDashboard | null> = new ResourceController<SavedDashboard | null>(this, {
    key: () => (this.#problem === undefined && dashboardStore(this.#saved.client) !== undefined ? trimmed(this.dashboardId) : undefined),
    load: (client, signal) => loadSaved(dashboardStore(client)!, trimmed(this.dashboardId)!, signal),
  });

  readonly #save = new DebouncedSave(
    async () => {
      const store = dashboardStore(this.#saved.client);
      const id = trimmed(this.dashboardId);
      if (store === undefined || id === undefined) return;
      const saved = await store.saveDashboard(id, this.#active, { version: this.#version, widget: 'tally-dashboard' });
      this.#version = saved.version;
    },
    () => {
      const { state, error } = this.#save;
      if (state === 'failed' && error?.code === 'conflict') {
        this.#announce('This dashboard was saved elsewhere in the meantime: showing the saved layout.');
        this.#saved.retry();
      }
      this.requestUpdate();
    },
  );

  #parsed: { input: unknown; result: ParsedLayout } = { input: undefined, result: parseLayout(undefined) };
  /** The layout after the user's last change; undefined shows the saved one, else `layout`. */
  #edited: DashboardLayout | undefined;
  /** The saved dashboard whose arrival was last applied (it resets edits and the version). */
  #appliedSaved: SavedDashboard | null | undefined;
  #savedLayout: { saved: SavedDashboard; layout: DashboardLayout } | undefined;
  /** The version the layout on screen was loaded or last saved at, sent with the next save. */
  #version: number | undefined;
  /** Whether the container is narrower than `stack-below` (one column, no rearranging). */
  #narrow = false;
  #view: View = { state: 'empty', layout: { items: [] } };
  #problem: TallyErrorDetail | undefined;
  readonly #reporter = new InvalidAttributeReporter();
  #announcement = '';
  #dragging: string | undefined;
  readonly #elements = new WidgetElements();
  readonly #resize = new ResizeObserver((entries) => {
    const width = entries[0]?.contentRect.width ?? 0;
    const narrow = width > 0 && width < this.stackBelow;
    if (narrow === this.#narrow) return;
    // Applied on the next frame: re-rendering inside the observer's callback would be a "ResizeObserver loop".
    requestAnimationFrame(() => {
      this.#narrow = narrow;
      this.requestUpdate();
    });
  });

  constructor() {
    super();
    this.layout = undefined;
    this.dashboardId = undefined;
    this.locked = false;
    this.saveDelay = 800;
    this.stackBelow = 600;
    this.theme = undefined;
    this.client = undefined;
  }

  /** The layout on screen now. */
  get currentLayout(): DashboardLayout {
    return this.#active;
  }

  /** Saves a waiting change now instead of after `save-delay`; resolves when it is saved (or failed). */
  flushSave(): Promise<void> {
    return this.#save.flush();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
    // Leaving the page section should not lose the last change.
    if (this.#save.state === 'pending') void this.#save.flush();
  }

  /** The layout on screen: the user's last change, else their saved layout, else `layout`. */
  get #active(): DashboardLayout {
    if (this.#edited !== undefined) return this.#edited;
    const saved = this.#saved.value;
    if (saved == null || saved.id !== trimmed(this.dashboardId)) return this.#parsed.result.layout;
    if (this.#savedLayout?.saved !== saved) this.#savedLayout = { saved, layout: parseLayout(saved.layout).layout };
    return this.#savedLayout.layout;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.#parsed.input !== this.layout) {
      this.#parsed = { input: this.layout, result: parseLayout(this.layout) };
      if (this.#saved.value == null) this.#edited = undefined;
    }
    if (changed.has('dashboardId') && changed.get('dashboardId') !== undefined) {
      this.#save.cancel();
      this.#edited = undefined;
      this.#version = undefined;
    }
    this.#problem = this.#validate();
  }

  // After the controller's hostUpdate (which runs after willUpdate): its state and value are current here.
  protected override update(changed: PropertyValues<this>): void {
    const saved = this.#saved.value;
    if (saved !== this.#appliedSaved && this.#saved.state === 'ready') {
      this.#appliedSaved = saved;
      this.#edited = undefined;
      this.#version = saved?.version;
    }
    this.#view = this.#deriveView();
    const ids = new Set(this.#view.state === 'ready' ? this.#view.layout.items.map((i) => i.id) : []);
    this.#elements.keepOnly(ids);
    super.update(changed);
  }

  #deriveView(): View {
    if (this.#problem !== undefined) return { state: 'error', message: this.#problem.message };
    const waiting = this.#saved.state === 'loading' && this.#saved.value === undefined && this.#edited === undefined;
    if (waiting) return { state: 'loading' };
    const layout = this.#active;
    return { state: layout.items.length === 0 ? 'empty' : 'ready', layout };
  }

  protected override updated(): void {
    this.#reporter.report(this, this.#problem ?? this.#layoutProblem());
  }

  #layoutProblem(): TallyErrorDetail | undefined {
    const first = this.#parsed.result.problems[0];
    return first === undefined ? undefined : invalid('layout', `invalid layout: ${first}`);
  }

  protected override render(): TemplateResult {
    const view = this.#view;
    const classes = `dashboard${this.#narrow ? ' narrow' : ''}${this.locked ? ' locked' : ''}`;
    return html`<div part="base" class=${classes} data-state=${view.state} aria-busy=${view.state === 'loading' ? 'true' : nothing}>
      ${problemsNotice(this.#problem === undefined ? this.#parsed.result.problems : [])}
      ${statusLine(
        { state: this.#saved.state, error: this.#saved.error, retry: () => this.#saved.retry() },
        { state: this.#save.state, error: this.#save.error, retry: () => void this.#save.flush() },
      )}
      ${this.#body(view)}
      <div class="visually-hidden" role="status" aria-live="polite">${this.#announcement}</div>
      <p id="help" hidden>Arrow keys move this item; Shift and arrow keys resize it.</p>
    </div>`;
  }

  #body(view: View): TemplateResult {
    switch (view.state) {
      case 'loading':
        return html`<div class="skeleton tile" aria-hidden="true"></div>
          <p part="message" class="message">Loading dashboard…</p>`;
      case 'error':
        return html`<p part="message" class="message error" role="alert">${view.message}</p>`;
      case 'empty':
        return html`<p part="message" class="message">No widgets on this dashboard.</p>`;
      case 'ready': {
        const items = this.#narrow ? readingOrder(view.layout.items) : view.layout.items;
        return html`<div part="grid" class="grid">${repeat(items, (i) => i.id, (i) => this.#item(i))}</div>`;
      }
    }
  }

  #item(item: DashboardItem): TemplateResult {
    const label = itemLabel(item);
    const movable = !this.locked && !this.#narrow;
    return html`<div
      part="item"
      class="item${this.#dragging === item.id ? ' dragging' : ''}"
      data-id=${item.id}
      role="group"
      aria-roledescription="dashboard item"
      aria-label=${label}
      aria-describedby=${movable ? `help pos-${item.id}` : nothing}
      tabindex=${movable ? '0' : nothing}
      ${styleProps({ '--col': String(item.x + 1), '--row': String(item.y + 1), '--w': String(item.w), '--h': String(item.h) })}
      @keydown=${(e: KeyboardEvent) => this.#onKey(e, item.id)}
    >
      <div class="content">${this.#elements.get(item, { theme: trimmed(this.theme), client: this.client }) ?? nothing}</div>
      <div part="handle" class="handle" aria-hidden="true" title="Drag to move" @pointerdown=${(e: PointerEvent) => this.#onPointerDown(e, item.id, 'move')}>⋯</div>
      <div part="resize" class="resize" aria-hidden="true" title="Drag to resize" @pointerdown=${(e: PointerEvent) => this.#onPointerDown(e, item.id, 'resize')}></div>
      <span class="visually-hidden" id="pos-${item.id}">${itemPosition(item)}</span>
    </div>`;
  }

  #onKey(event: KeyboardEvent, id: string): void {
    const step = KEYS[event.key];
    // Keys pressed inside a widget (its buttons, its table) are the widget's.
    if (step === undefined || event.target !== event.currentTarget || this.locked || this.#narrow || event.altKey || event.ctrlKey || event.metaKey) return;
    const item = this.#active.items.find((i) => i.id === id);
    if (item === undefined) return;
    event.preventDefault();
    const [dx, dy] = step;
    const resize = event.shiftKey;
    const cell: Cell = resize ? { ...item, w: item.w + dx, h: item.h + dy } : { ...item, x: item.x + dx, y: item.y + dy };
    const before = this.#active;
    const next = placeItem(before, id, cell);
    if (next === before) {
      this.#announce(`${itemLabel(item)} cannot ${resize ? 'be resized' : 'move'} further that way.`);
      this.requestUpdate();
      return;
    }
    this.#commit(before, next, id, resize ? 'resize' : 'move');
  }

  #onPointerDown(event: PointerEvent, id: string, mode: 'move' | 'resize'): void {
    if (event.button !== 0 || this.locked || this.#narrow || this.#dragging !== undefined) return;
    const grid = this.renderRoot.querySelector<HTMLElement>('.grid');
    const before = this.#active;
    const start = before.items.find((i) => i.id === id);
    if (grid === null || start === undefined) return;
    event.preventDefault();
    const pitch = gridPitch(grid);
    this.#dragging = id;
    this.requestUpdate();
    trackPointer(event.currentTarget as HTMLElement, event, {
      move: (dx, dy) => {
        const next = placeItem(before, id, draggedCell(start, mode, dx, dy, pitch));
        if (!sameLayout(next, this.#active)) {
          this.#edited = next;
          this.requestUpdate();
        }
      },
      end: (commit) => {
        this.#dragging = undefined;
        const after = this.#active;
        this.#edited = before;
        if (commit && !sameLayout(after, before)) this.#commit(before, after, id, mode);
        else this.requestUpdate();
      },
    });
  }

  /** Applies a change made by the user: shows it, announces it, fires `tally-layout-change`, saves it. */
  #commit(before: DashboardLayout, next: DashboardLayout, id: string, kind: 'move' | 'resize'): void {
    this.#edited = next;
    const item = next.items.find((i) => i.id === id)!;
    const was = new Map(before.items.map((i) => [i.id, i.y]));
    const pushed = next.items.filter((i) => i.id !== id && was.get(i.id) !== i.y).length;
    this.#announce(
      `${kind === 'move' ? 'Moved' : 'Resized'} ${itemLabel(item)}: ${itemPosition(item)}.${pushed > 0 ? ` ${pushed} other ${pushed === 1 ? 'item' : 'items'} moved down.` : ''}`,
    );
    const dashboardId = trimmed(this.dashboardId);
    this.dispatchEvent(new CustomEvent('tally-layout-change', { detail: { layout: next, dashboardId }, bubbles: true, composed: true }));
    if (dashboardId !== undefined && dashboardStore(this.#saved.client) !== undefined) this.#save.request(this.saveDelay);
    this.requestUpdate();
  }

  #announce(text: string): void {
    // A live region does not read the same words twice in a row: a trailing no-break space makes them differ.
    const repeated = this.#announcement === text;
    this.#announcement = repeated ? `${text}\u00a0` : text;
  }

  #validate(): TallyErrorDetail | undefined {
    const id = trimmed(this.dashboardId);
    if (id !== undefined && !DASHBOARD_ID_PATTERN.test(id)) {
      return invalid('dashboard-id', `invalid dashboard-id: ${show(this.dashboardId)}; expected 1-64 of A-Z a-z 0-9 _ -`);
    }
    const theme = trimmed(this.theme);
    if (theme !== undefined && !THEMES.includes(theme)) return invalid('theme', `invalid theme: ${show(this.theme)}; expected light, dark or auto`);
    for (const name of ['saveDelay', 'stackBelow'] as const) {
      const value: unknown = this[name];
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        const attribute = name === 'saveDelay' ? 'save-delay' : 'stack-below';
        return invalid(attribute, `invalid ${attribute}: expected a number of ${name === 'saveDelay' ? 'milliseconds' : 'pixels'}, got ${show(this.getAttribute(attribute) ?? value)}`);
      }
    }
    return undefined;
  }
}

defineElement('tally-dashboard', TallyDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'tally-dashboard': TallyDashboard;
  }
  interface GlobalEventHandlersEventMap {
    'tally-layout-change': CustomEvent<TallyLayoutChangeDetail>;
  }
}
