import { TOPICS, type CanonicalEvent } from '@tally/core';
import type { Connector, Rejection, SourceConfig } from '../connectors/types.ts';
import { deadLetter, type DeadLetter } from '../dead-letters/dead-letter.ts';
import type { BoundedPublisher } from './bounded-publisher.ts';
import type { DedupCache } from './dedup.ts';
import { DEFAULT_TIME_BOUNDS, prepareItem, type ItemOutcome, type TimeBounds } from './prepare.ts';

/** The answer for one item of a request. */
export type ItemResult =
  | { index: number; status: 'accepted'; ids: string[]; late?: true }
  | { index: number; status: 'duplicate'; ids: string[] }
  | { index: number; status: 'ignored'; reason: string }
  | { index: number; status: 'rejected'; code: Rejection['code']; field: string; message: string };

/** The answer for a whole request. */
export interface IngestSummary {
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: number;
  results: ItemResult[];
}

/** One request's items, already authenticated and split. */
export interface IngestRequest {
  connector: Connector;
  tenant: string;
  config: SourceConfig;
  items: readonly unknown[];
  paths: readonly string[];
  receivedAt: Date;
  /** Put refused items on the dead-letter topic. False when replaying dead letters. @default true */
  deadLetters?: boolean;
}

/** Counts outcomes per request, for metrics: how many items had `status`, and how many events they carried. */
export type OutcomeObserver = (source: string, status: ItemResult['status'], items: number, events: number) => void;

/**
 * Ingest's core: prepare every item, drop what was accepted before, put the rest on the bus (durably) and
 * the refused items on the dead-letter topic, then answer per item. Either both topics have what they should
 * and the request succeeds, or it fails with 503/429 and the client retries (dedup makes that safe).
 */
export class IngestService {
  constructor(
    readonly publisher: BoundedPublisher,
    readonly dedup: DedupCache,
    readonly bounds: TimeBounds = DEFAULT_TIME_BOUNDS,
    readonly observe: OutcomeObserver = () => {},
  ) {}

  async ingest(request: IngestRequest): Promise<IngestSummary> {
    this.publisher.checkCapacity();
    const ctx = { connector: request.connector, tenant: request.tenant, config: request.config, receivedAt: request.receivedAt, bounds: this.bounds };
    const outcomes: ItemOutcome[] = request.items.map((item, i) => prepareItem(item, request.paths[i] ?? `[${i}]`, i, ctx));

    // Duplicates: seen before (cache), or repeated within this request.
    const accepted = outcomes.filter((o): o is Extract<ItemOutcome, { status: 'accepted' }> => o.status === 'accepted');
    const candidates = accepted.flatMap((o) => o.events);
    const seenBefore = await this.dedup.seen(candidates);
    const fresh: CanonicalEvent[] = [];
    const taken = new Set<string>();
    for (const e of candidates) {
      if (seenBefore.has(e.id) || taken.has(e.id)) continue;
      taken.add(e.id);
      fresh.push(e);
    }
    const freshIds = new Set(fresh.map((e) => e.id));

    const base = { tenant: request.tenant, source: request.connector.name, receivedAt: request.receivedAt, connectorVersion: request.connector.version };
    const letters: DeadLetter[] = request.deadLetters === false ? [] : outcomes.flatMap((o) => (o.status === 'rejected' ? [deadLetter(base, o.rejection, o.raw)] : []));

    await Promise.all([
      this.publisher.publishEvents(TOPICS.events, fresh),
      this.publisher.publish(TOPICS.deadLetters, letters.map((l) => ({ key: `${l.tenant}:${l.source}`, value: l }))),
    ]);
    await this.dedup.remember(fresh).catch(() => {}); // only a fast path; the store decides

    // The first item to carry a fresh id is accepted; a later item repeating it is a duplicate.
    const claim = (ids: string[]) => ids.reduce((any, id) => freshIds.delete(id) || any, false);
    const results = outcomes.map((o): ItemResult => {
      if (o.status === 'ignored') return { index: o.index, status: 'ignored', reason: o.reason };
      if (o.status === 'rejected') return { index: o.index, status: 'rejected', ...o.rejection };
      const ids = o.events.map((e) => e.id);
      if (!claim(ids)) return { index: o.index, status: 'duplicate', ids };
      return o.late ? { index: o.index, status: 'accepted', ids, late: true } : { index: o.index, status: 'accepted', ids };
    });
    const summary: IngestSummary = { accepted: 0, duplicates: 0, ignored: 0, rejected: 0, results };
    const events = { accepted: 0, duplicate: 0, ignored: 0, rejected: 0 };
    for (const r of results) {
      if (r.status === 'accepted') summary.accepted++;
      else if (r.status === 'duplicate') summary.duplicates++;
      else if (r.status === 'ignored') summary.ignored++;
      else summary.rejected++;
      events[r.status] += 'ids' in r ? r.ids.length : 0;
    }
    const items = { accepted: summary.accepted, duplicate: summary.duplicates, ignored: summary.ignored, rejected: summary.rejected };
    for (const status of ['accepted', 'duplicate', 'ignored', 'rejected'] as const) {
      if (items[status] > 0) this.observe(request.connector.name, status, items[status], events[status]);
    }
    return summary;
  }
}
