import type { Store } from '@tally/core';
import type { SourceRegistry } from '../auth/source-registry.ts';
import type { Connector } from '../connectors/types.ts';
import type { IngestService } from '../pipeline/ingest-service.ts';
import { listDeadLetters, markReplay, type DeadLetterFilter } from './dead-letter-store.ts';

/** What a replay did. */
export interface ReplayReport {
  /** Dead letters now accepted (or found to be duplicates or deliberately ignored). */
  replayed: number;
  /** Still refused with the current connector and settings; they stay listed. */
  stillRejected: number;
  results: { id: string; result: string }[];
}

/**
 * Runs dead letters through the current connector and source settings again (after a fix). Accepted
 * events go on the bus like any other; what is still refused stays a dead letter with the new reason.
 */
export async function replayDeadLetters(
  deps: { store: Store; service: IngestService; connectors: ReadonlyMap<string, Connector>; sources: SourceRegistry; now?: () => number },
  filter: DeadLetterFilter,
): Promise<ReplayReport> {
  const letters = await listDeadLetters(deps.store, { ...filter, includeReplayed: false });
  const report: ReplayReport = { replayed: 0, stillRejected: 0, results: [] };
  for (const letter of letters) {
    const connector = deps.connectors.get(letter.source);
    let result: string;
    let done = false;
    if (!connector) {
      result = `rejected: unknown source ${letter.source}`;
    } else {
      let body: unknown;
      try {
        body = JSON.parse(letter.payload);
      } catch {
        body = undefined;
      }
      const config = (await deps.sources.config(letter.tenant, letter.source)) ?? {};
      // Whole bodies (invalid JSON, a wrong shape) are split again; single items are retried as they are.
      const split = letter.field === 'body' || letter.code === 'invalid_json' ? connector.items(body, config) : { ok: true as const, items: [body], paths: [''] };
      if (body === undefined || !split.ok) {
        result = `rejected: ${split.ok ? 'invalid_json: still not valid JSON' : `${split.rejection.code}: ${split.rejection.message}`}`;
      } else {
        const summary = await deps.service.ingest({
          connector,
          tenant: letter.tenant,
          config,
          items: split.items,
          paths: split.paths,
          receivedAt: new Date(deps.now?.() ?? Date.now()),
          deadLetters: false,
        });
        const refused = summary.results.find((r) => r.status === 'rejected');
        if (refused && refused.status === 'rejected') {
          result = `rejected: ${refused.code}: ${refused.message}`;
        } else {
          result = summary.accepted > 0 ? 'accepted' : summary.duplicates > 0 ? 'duplicate' : 'ignored';
          done = true;
        }
      }
    }
    await markReplay(deps.store, letter.id, result, done);
    report.results.push({ id: letter.id, result });
    if (done) report.replayed++;
    else report.stillRejected++;
  }
  return report;
}
