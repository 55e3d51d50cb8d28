import { Gauge, type Registry } from 'prom-client';
import type { LiveHub } from './live-hub.ts';

/** The live hub's gauges on `/metrics`, read from the hub at scrape time. */
export function registerLiveMetrics(registry: Registry, hub: Pick<LiveHub, 'stats'>): void {
  new Gauge({
    name: 'tally_live_sockets',
    help: 'Open live WebSockets on this instance (authenticated or not yet).',
    registers: [registry],
    collect() {
      this.set(hub.stats().sockets);
    },
  });
  new Gauge({
    name: 'tally_live_subscriptions',
    help: 'Live query subscriptions on this instance.',
    registers: [registry],
    collect() {
      this.set(hub.stats().subscriptions);
    },
  });
}
