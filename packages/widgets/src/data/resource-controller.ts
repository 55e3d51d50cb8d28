import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { clientContext, type WidgetClient } from './client-context.ts';

/** Where a widget's data is: waiting for inputs or a client, loading, loaded, or failed. */
export type ResourceState = 'idle' | 'loading' | 'ready' | 'error';

/** A failure to show: a stable code (the API's, or the widget's own) and a message. */
export interface ResourceError {
  code: string;
  message: string;
}

/** How a widget loads its data; every function reads the host's current properties. */
export interface ResourceOptions<T> {
  /**
   * A string naming everything the data depends on (metric, range, …); when it changes the data reloads.
   * `undefined` while the inputs are incomplete or invalid: nothing loads.
   */
  key(): string | undefined;
  /** Loads once. Must honour `signal`. */
  load(client: WidgetClient, signal: AbortSignal): Promise<T>;
  /**
   * When given and {@link live} is true, keeps the data current instead of loading once: calls `onValue`
   * with the current value, then with each change, until the returned function is called.
   */
  subscribe?(client: WidgetClient, onValue: (value: T) => void, onError: (error: ResourceError) => void): () => void;
  /** Whether to subscribe rather than load; read with {@link key}. @default () => false */
  live?(): boolean;
}

/** A thrown value as a {@link ResourceError}. */
export function toResourceError(error: unknown): ResourceError {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { code: typeof code === 'string' ? code : 'failed', message: typeof message === 'string' ? message : String(error) };
  }
  return { code: 'failed', message: String(error) };
}

/**
 * The one data path of every Tally widget: finds the client from the nearest `<tally-provider>` (or the
 * host's own `client` property), loads or subscribes when the inputs change, cancels what is outdated, and
 * asks the host to render on every change of {@link state}, {@link value} or {@link error}.
 *
 * The last value stays available while a reload is in flight, so a widget can keep its chart on screen and
 * show a quiet "updating" hint instead of flashing a skeleton.
 *
 * @example
 * #data = new ResourceController(this, {
 *   key: () => (this.metric ? JSON.stringify([this.metric, this.range]) : undefined),
 *   load: (client, signal) => client.query({ metric: this.metric, range: this.range }, { signal }),
 * });
 */
export class ResourceController<T> implements ReactiveController {
  state: ResourceState = 'idle';
  value: T | undefined;
  error: ResourceError | undefined;
  /** When the current value arrived (epoch ms); undefined before the first. */
  receivedAt: number | undefined;

  readonly #host: ReactiveControllerHost & HTMLElement & { client?: WidgetClient | undefined };
  readonly #options: ResourceOptions<T>;
  #fromContext: WidgetClient | undefined;
  #running: { key: string; client: WidgetClient; stop: () => void } | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement & { client?: WidgetClient | undefined }, options: ResourceOptions<T>) {
    this.#host = host;
    this.#options = options;
    new ContextConsumer(host, {
      context: clientContext,
      subscribe: true,
      callback: (client) => {
        this.#fromContext = client;
        host.requestUpdate();
      },
    });
    host.addController(this);
  }

  /** The client in use: the host's `client` property, else the provider's. */
  get client(): WidgetClient | undefined {
    return this.#host.client ?? this.#fromContext;
  }

  hostConnected(): void {
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#stop();
  }

  /** Runs before each host update: starts, restarts or stops loading to match the current inputs. */
  hostUpdate(): void {
    const client = this.client;
    const key = client === undefined ? undefined : this.#options.key();
    const fullKey = key === undefined ? undefined : `${this.#options.live?.() === true ? 'live' : 'once'}:${key}`;
    if (fullKey === this.#running?.key && client === this.#running?.client) return;
    this.#stop();
    if (client === undefined || fullKey === undefined) {
      this.state = 'idle';
      return;
    }
    this.#start(client, fullKey);
  }

  /** Loads again with the same inputs (a "Retry" button). */
  retry(): void {
    this.#stop();
    this.#host.requestUpdate();
  }

  #start(client: WidgetClient, key: string): void {
    this.state = 'loading';
    this.error = undefined;
    const accept = (value: T) => {
      if (this.#running?.key !== key) return;
      this.value = value;
      this.receivedAt = Date.now();
      this.state = 'ready';
      this.#host.requestUpdate();
    };
    const fail = (error: ResourceError) => {
      if (this.#running?.key !== key) return;
      this.error = error;
      this.state = 'error';
      this.#host.requestUpdate();
    };
    const { subscribe, live } = this.#options;
    if (subscribe !== undefined && live?.() === true) {
      // Stop may be asked before subscribe returns (a synchronous first value re-rendering the host).
      let unsubscribe: (() => void) | undefined;
      let stopped = false;
      this.#running = { key, client, stop: () => ((stopped = true), unsubscribe?.()) };
      try {
        unsubscribe = subscribe(client, accept, fail);
        if (stopped) unsubscribe();
      } catch (error) {
        fail(toResourceError(error));
      }
      return;
    }
    const controller = new AbortController();
    this.#running = { key, client, stop: () => controller.abort() };
    this.#options.load(client, controller.signal).then(accept, (error: unknown) => {
      if (!controller.signal.aborted) fail(toResourceError(error));
    });
  }

  #stop(): void {
    const running = this.#running;
    this.#running = undefined;
    running?.stop();
  }
}
