import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The host element's measured width in pixels, kept current by a ResizeObserver while it is connected; the
 * host renders again when it changes. Re-rendering inside the observer's callback would resize the host
 * again in the same frame (a "ResizeObserver loop" error), so a new width is applied on the next frame.
 */
export class HostWidth implements ReactiveController {
  /** The width in whole pixels; 0 until the first measure. */
  value = 0;
  readonly #host: ReactiveControllerHost & Element;
  readonly #observer: ResizeObserver;

  constructor(host: ReactiveControllerHost & Element) {
    this.#host = host;
    this.#observer = new ResizeObserver((entries) => {
      const width = Math.round(entries[0]?.contentRect.width ?? 0);
      if (width > 0 && width !== this.value) {
        requestAnimationFrame(() => {
          this.value = width;
          host.requestUpdate();
        });
      }
    });
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer.observe(this.#host);
  }

  hostDisconnected(): void {
    this.#observer.disconnect();
  }
}
