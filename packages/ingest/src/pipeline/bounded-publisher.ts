import { eventKey, isTallyError, TallyError, type Bus, type BusMessage, type CanonicalEvent } from '@tally/core';

/**
 * Publishes with a bound on what is in flight: when the bus lags past `maxInFlight` events, new requests are
 * refused with `rate_limited` (429, Retry-After) instead of queueing without end; when the bus fails they get
 * `bus_unavailable` (503, Retry-After). Nothing is acknowledged that the bus has not made durable.
 */
export class BoundedPublisher {
  readonly #bus: Bus;
  readonly #maxInFlight: number;
  #inFlight = 0;

  /** @param maxInFlight events awaiting the bus at once before requests are refused. @default 200000 */
  constructor(bus: Bus, maxInFlight = 200_000) {
    this.#bus = bus;
    this.#maxInFlight = maxInFlight;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Refuses early, before any work, when the bus is already past its bound. */
  checkCapacity(): void {
    if (this.#inFlight >= this.#maxInFlight) {
      throw new TallyError('rate_limited', `ingest is behind (${this.#inFlight} events awaiting the bus); retry shortly`, { retryAfterSeconds: 1 });
    }
  }

  async publishEvents(topic: string, events: readonly CanonicalEvent[]): Promise<void> {
    await this.publish(topic, events.map((e) => ({ key: eventKey(e), value: e })));
  }

  async publish<T>(topic: string, messages: readonly BusMessage<T>[]): Promise<void> {
    if (messages.length === 0) return;
    this.checkCapacity();
    this.#inFlight += messages.length;
    try {
      await this.#bus.publish(topic, messages);
    } catch (err) {
      if (isTallyError(err, 'rate_limited')) throw err;
      throw new TallyError('bus_unavailable', `bus: ${(err as Error).message}`, { cause: err, retryAfterSeconds: 5 });
    } finally {
      this.#inFlight -= messages.length;
    }
  }
}
