import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The server's Prometheus registry and the HTTP metrics; later parts register theirs on `registry`. */
export interface ServerMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  ingestItems: Counter<'source' | 'status'>;
  ingestEvents: Counter<'source' | 'status'>;
}

/** A fresh registry (one per server, so tests can run several) with process and HTTP metrics. */
export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tally_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'tally_http_requests_total',
      help: 'HTTP requests answered, by method, route and status.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'tally_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route.',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    ingestItems: new Counter({
      name: 'tally_ingest_items_total',
      help: 'Items received by ingest, by source and outcome (accepted, duplicate, ignored, rejected).',
      labelNames: ['source', 'status'],
      registers: [registry],
    }),
    ingestEvents: new Counter({
      name: 'tally_ingest_events_total',
      help: 'Canonical events from accepted or duplicate items, by source and outcome.',
      labelNames: ['source', 'status'],
      registers: [registry],
    }),
  };
}
