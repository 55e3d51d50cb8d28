import type { Client, SavedDashboard } from '@tally/client-sdk';
import type { WidgetClient } from '../data/client-context.ts';
import { toResourceError, type ResourceError } from '../data/resource-controller.ts';

/** The part of the SDK client that saves dashboards per user (`GET`/`PUT /v1/dashboards/:id`). */
export type DashboardStore = Pick<Client, 'dashboard' | 'saveDashboard'>;

/** The client as a {@link DashboardStore}, when it has those methods (older SDKs and some mocks do not). */
export function dashboardStore(client: WidgetClient | undefined): DashboardStore | undefined {
  const store = client as Partial<DashboardStore> | undefined;
  return typeof store?.dashboard === 'function' && typeof store.saveDashboard === 'function' ? (store as DashboardStore) : undefined;
}

/** The user's saved dashboard `id`, or `null` when none is saved (`null` answer or `404 not_found`). */
export async function loadSaved(store: DashboardStore, id: string, signal: AbortSignal): Promise<SavedDashboard | null> {
  try {
    return await store.dashboard(id, { signal, widget: 'tally-dashboard' });
  } catch (error) {
    if (toResourceError(error).code === 'not_found') return null;
    throw error;
  }
}

/** Where the saving of changes is. */
export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

/**
 * Saves changes after a quiet `delay`: many changes in a row make one save, a change during a save makes one
 * more after it, and at most one save is in flight. A failed save stays to be saved (by {@link flush}), except
 * a `conflict`, which the caller resolves by reloading.
 */
export class DebouncedSave {
  state: SaveState = 'idle';
  error: ResourceError | undefined;
  readonly #run: () => Promise<void>;
  readonly #changed: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: Promise<void> | undefined;
  #dirty = false;

  /** `run` saves the current state (read when it is called); `changed` hears every change of {@link state}. */
  constructor(run: () => Promise<void>, changed: () => void) {
    this.#run = run;
    this.#changed = changed;
  }

  /** There is a change to save: saves it `delay` ms after the last such call. */
  request(delay: number): void {
    this.#dirty = true;
    this.#set('pending');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), Math.max(0, delay));
  }

  /** Saves now what is waiting (after the save in flight, if any); resolves when saved or failed. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#inFlight !== undefined) await this.#inFlight;
    if (!this.#dirty) return;
    this.#dirty = false;
    this.error = undefined;
    this.#set('saving');
    this.#inFlight = this.#run().then(
      () => {
        this.#inFlight = undefined;
        this.#set(this.#dirty ? 'pending' : 'saved');
      },
      (error: unknown) => {
        this.#inFlight = undefined;
        this.error = toResourceError(error);
        if (this.error.code !== 'conflict') this.#dirty = true;
        this.#set('failed');
      },
    );
    await this.#inFlight;
  }

  /** Forgets what is waiting (the dashboard changed under it); a save in flight still finishes. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#dirty = false;
    if (this.state === 'pending' || this.state === 'failed') this.#set('idle');
  }

  #set(state: SaveState): void {
    this.state = state;
    this.#changed();
  }
}
