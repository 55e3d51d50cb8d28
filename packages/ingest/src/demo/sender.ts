import type { Outgoing } from './formats/outgoing.ts';
import { httpPost } from './http-post.ts';

/**
 * Sends the demo's requests over HTTP with bounded concurrency: requests on the same lane go one after
 * another (a vendor's events for one account stay in order), 429/503 answers are retried after their
 * Retry-After, and every per-item answer is counted. A rejected item is a bug in the demo or a connector,
 * so rejections are kept (the first few in full) for the report.
 */

/** The parts of an HTTP answer the sender reads (a `Response` has them). */
export interface AnswerLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The part of `fetch` the sender uses (`fetch` and Hono's `app.request` fit, for in-process tests). */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<AnswerLike> | AnswerLike;

/** Options for {@link Sender}. */
export interface SenderOptions {
  /** Where Tally listens, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** @default a keep-alive `node:http` client (cheaper than `fetch` for millions of events) */
  fetch?: FetchLike;
  /** Requests in flight at once. @default 8 */
  concurrency?: number;
  /** The clock, for signatures. @default Date.now */
  now?: () => number;
  /** Stops retrying: a request waiting to retry fails with an AbortError (first attempts still go out). */
  signal?: AbortSignal;
  /** Attempts per request on 429, 503 or a network error before giving up. @default 30 */
  maxAttempts?: number;
  /** How to wait before a retry. @default a timer */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Per-item counts, as ingest answers them. */
export interface ItemCounts {
  requests: number;
  items: number;
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: number;
}

/** One refused item (or request), for the report. */
export interface RejectionSample {
  source: string;
  status: number;
  code: string;
  field?: string;
  message: string;
}

/** What the sender has done so far. */
export interface SendStats extends ItemCounts {
  /** Answers 429/503 (or network errors) that were retried. */
  retries: number;
  bySource: Record<string, ItemCounts>;
  /** The first {@link MAX_SAMPLES} rejections. */
  rejections: RejectionSample[];
}

const MAX_SAMPLES = 20;
const SUMMARY_HEAD = /^\{"accepted":(\d+),"duplicates":(\d+),"ignored":(\d+),"rejected":(\d+),/;
const emptyCounts = (): ItemCounts => ({ requests: 0, items: 0, accepted: 0, duplicates: 0, ignored: 0, rejected: 0 });

function abortError(): Error {
  return Object.assign(new Error('the demo was stopped'), { name: 'AbortError' });
}

/** Waits `ms`, or rejects with an AbortError when `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface Summary {
  accepted?: number;
  duplicates?: number;
  ignored?: number;
  rejected?: number;
  results?: { status?: string; code?: string; field?: string; message?: string }[];
  error?: { code?: string; field?: string; message?: string };
}

/** Sends {@link Outgoing} requests; see the module comment. */
export class Sender {
  readonly stats: SendStats = { ...emptyCounts(), retries: 0, bySource: {}, rejections: [] };
  readonly #options: Required<Omit<SenderOptions, 'signal'>> & { signal?: AbortSignal };
  readonly #lanes = new Map<string, Promise<unknown>>();
  readonly #waiting: (() => void)[] = [];
  #active = 0;

  readonly #close: (() => void) | undefined;

  constructor(options: SenderOptions) {
    const concurrency = options.concurrency ?? 8;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`invalid concurrency: ${concurrency}`);
    const own = options.fetch ? undefined : httpPost(concurrency);
    this.#close = own?.close;
    this.#options = {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      fetch: options.fetch ?? own!,
      concurrency,
      now: options.now ?? Date.now,
      maxAttempts: options.maxAttempts ?? 30,
      sleep: options.sleep ?? sleep,
      ...(options.signal ? { signal: options.signal } : {}),
    };
  }

  /** Closes the connections of the built-in client (not of a `fetch` passed in). */
  close(): void {
    this.#close?.();
  }

  /** Sends one request (after the earlier ones on its lane); resolves once ingest has answered it. */
  send(request: Outgoing): Promise<void> {
    if (!request.lane) return this.#dispatch(request);
    const previous = this.#lanes.get(request.lane) ?? Promise.resolve();
    const done = previous.then(() => this.#dispatch(request));
    const settled = done.catch(() => {});
    this.#lanes.set(request.lane, settled);
    void settled.then(() => {
      if (this.#lanes.get(request.lane!) === settled) this.#lanes.delete(request.lane!);
    });
    return done;
  }

  async #acquire(): Promise<void> {
    if (this.#active < this.#options.concurrency) {
      this.#active++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#active--;
  }

  async #dispatch(request: Outgoing): Promise<void> {
    const { baseUrl, fetch, now, maxAttempts, signal } = this.#options;
    await this.#acquire();
    try {
      const url = `${baseUrl}${request.path}`;
      for (let attempt = 1; ; attempt++) {
        // A stop interrupts retries, never a first attempt: work already handed over finishes.
        if (attempt > 1 && signal?.aborted) throw abortError();
        let response: AnswerLike;
        try {
          response = await fetch(url, { method: 'POST', headers: request.headers(url, now()), body: request.body });
        } catch (err) {
          await this.#retry(attempt, Math.min(30_000, 250 * 2 ** attempt), `${request.source}: ${(err as Error).message}`);
          continue;
        }
        const text = await response.text();
        if (response.status === 429 || response.status === 503) {
          const after = Number(response.headers.get('retry-after'));
          await this.#retry(attempt, Number.isFinite(after) && after > 0 ? after * 1000 : 1000, `${request.source}: HTTP ${response.status}`);
          continue;
        }
        this.#record(request, response.status, text);
        return;
      }
    } finally {
      this.#release();
    }
  }

  async #retry(attempt: number, waitMs: number, what: string): Promise<void> {
    if (attempt >= this.#options.maxAttempts) throw new Error(`${what}; gave up after ${attempt} attempts`);
    this.stats.retries++;
    await this.#options.sleep(waitMs, this.#options.signal);
  }

  #record(request: Outgoing, status: number, text: string): void {
    const counts = (this.stats.bySource[request.source] ??= emptyCounts());
    let summary: Summary | undefined;
    // The counts lead the answer; when nothing was rejected, skip parsing the per-item results (cheaper).
    const head = status === 200 ? SUMMARY_HEAD.exec(text) : null;
    if (head && head[4] === '0') {
      summary = { accepted: Number(head[1]), duplicates: Number(head[2]), ignored: Number(head[3]), rejected: 0, results: [] };
    } else {
      try {
        summary = JSON.parse(text) as Summary;
      } catch {
        summary = undefined;
      }
    }
    const add = (key: keyof ItemCounts, n: number) => {
      counts[key] += n;
      this.stats[key] += n;
    };
    add('requests', 1);
    add('items', request.items);
    const sample = (s: Omit<RejectionSample, 'source' | 'status'>) => {
      if (this.stats.rejections.length < MAX_SAMPLES) this.stats.rejections.push({ source: request.source, status, ...s });
    };
    if ((status === 200 || status === 422) && summary && Array.isArray(summary.results)) {
      add('accepted', summary.accepted ?? 0);
      add('duplicates', summary.duplicates ?? 0);
      add('ignored', summary.ignored ?? 0);
      add('rejected', summary.rejected ?? 0);
      for (const r of summary.results) {
        if (r.status === 'rejected') sample({ code: r.code ?? 'rejected', ...(r.field ? { field: r.field } : {}), message: r.message ?? '' });
      }
      return;
    }
    // The whole request was refused (bad signature, unknown source, …): every item in it counts as rejected.
    add('rejected', request.items);
    const error = summary?.error;
    sample({ code: error?.code ?? `http_${status}`, ...(error?.field ? { field: error.field } : {}), message: error?.message ?? text.slice(0, 300) });
  }
}
