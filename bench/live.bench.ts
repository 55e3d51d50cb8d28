/**
 * Live latency on the real server, started in this process with `startTally` (Postgres, Redis, embedded
 * bus, processors on): Segment batches of 100 every 20 ms (5,000 events/s) through `POST /v1/ingest/tally`,
 * one socket on `/v1/live` subscribed to `events` over 24h by hour. Per batch: the time from the ingest
 * answer (200) to the first `result` whose total includes it (total ≥ events accepted so far). Target
 * p99 ≤ 500 ms. Then BENCH_LIVE_SOCKETS sockets (default 1,000) on the same query: one batch per run, time
 * until every socket has a result that includes it, and the process's RSS (server and clients share it).
 * BENCH_LIVE_SECONDS sets the streaming window (default 10).
 */
import type { QueryRequest, TokenResponse } from '@tally/client-sdk';
import { openPostgresStore, type Store } from '@tally/core';
import { createApiKey } from '@tally/ingest';
import { startTally, type RunningTally } from '../packages/server/src/runtime.ts';
import { defineBench, type BenchCase } from './harness.ts';
import { openLiveClient, type LiveClient } from './support/live-client.ts';
import { ms, summarize } from './support/percentiles.ts';
import { segmentBatch } from './support/segment-batch.ts';

const RATE = 5000;
const PER_REQUEST = 100;
const SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 10);
const SOCKETS = Number(process.env.BENCH_LIVE_SOCKETS ?? 1000);
const TARGET_P99_MS = 500;
const QUERY: QueryRequest = { metric: 'events', range: '24h', granularity: 'hour' };
const MiB = 2 ** 20;

let tally: RunningTally | undefined;
let store: Store | undefined;
let clients: LiveClient[] = [];
let key = '';
let token = '';
/** Events accepted so far (every batch is new: message ids are unique per batch). */
let accepted = 0;
let batchNo = 0;
const streamRuns: { batches: number; p50: number; p99: number; max: number }[] = [];
const fanoutRuns: { p50: number; p99: number; max: number }[] = [];
const memory = { beforeMiB: 0, afterMiB: 0, heapMiB: 0 };

async function ingestBatch(): Promise<number> {
  const response = await fetch(`${tally!.url}/v1/ingest/tally`, {
    method: 'POST',
    body: segmentBatch(`live${batchNo++}`, PER_REQUEST),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`ingest answered ${response.status}`);
  accepted += PER_REQUEST;
  return performance.now();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(done: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`live bench: timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** 5,000 events/s for SECONDS; per batch, result arrival − ingest answer. Resolves with the p99. */
const streamCase: BenchCase = {
  name: `p99 ingest answer → socket result, ${RATE} events/s for ${SECONDS}s`,
  adapter: 'in-process server, embedded bus + postgres + redis',
  unit: 'ms',
  kind: 'value',
  async run() {
    const client = clients[0]!;
    // Batch i is in a result once the total reaches need[i]; answered[i] and seen[i] are performance.now().
    const need: number[] = [];
    const answered: number[] = [];
    const seen: number[] = [];
    let next = 0;
    client.onResult = (total, at) => {
      while (next < need.length && need[next]! <= total) seen[next++] = at;
    };
    const base = accepted;
    const interval = 1000 / (RATE / PER_REQUEST);
    const start = performance.now();
    const requests: Promise<void>[] = [];
    for (let i = 0; performance.now() - start < SECONDS * 1000; i++) {
      const wait = start + i * interval - performance.now();
      if (wait > 0) await sleep(wait);
      need[i] = base + (i + 1) * PER_REQUEST;
      requests.push(ingestBatch().then((at) => void (answered[i] = at)));
    }
    await Promise.all(requests);
    await waitFor(() => next >= need.length, `a result with total ${need.at(-1)} (last seen ${client.total})`);
    client.onResult = undefined;
    // A result can beat the HTTP answer to the client (the processor commits before the response is read): 0 then.
    const latencies = need.map((_, i) => Math.max(0, seen[i]! - answered[i]!));
    const s = summarize(latencies);
    streamRuns.push({ batches: s.n, p50: s.p50, p99: s.p99, max: s.max });
    return s.p99;
  },
};

/** One batch; per socket, the time from the ingest answer to a result that includes it. Resolves with the p99. */
const fanoutCase: BenchCase = {
  name: `p99 ingest answer → result on each of ${SOCKETS} sockets`,
  adapter: 'in-process server, embedded bus + postgres + redis',
  unit: 'ms',
  kind: 'value',
  async run() {
    const need = accepted + PER_REQUEST;
    const seen = new Array<number>(clients.length);
    let count = 0;
    clients.forEach((c, i) => {
      c.onResult = (total, at) => {
        if (total >= need && seen[i] === undefined) {
          seen[i] = at;
          count += 1;
        }
      };
    });
    const answered = await ingestBatch();
    await waitFor(() => count === clients.length, `all ${clients.length} sockets to see total ${need} (${count} did)`);
    for (const c of clients) c.onResult = undefined;
    const s = summarize(seen.map((at) => Math.max(0, at - answered)));
    fanoutRuns.push({ p50: s.p50, p99: s.p99, max: s.max });
    memory.afterMiB = Math.max(memory.afterMiB, process.memoryUsage().rss / MiB);
    memory.heapMiB = Math.max(memory.heapMiB, process.memoryUsage().heapUsed / MiB);
    return s.p99;
  },
};

export default defineBench({
  name: 'live',
  runs: 5,
  async setup(ctx) {
    const schema = 'bench_live';
    tally = await startTally({
      env: {
        DATABASE_URL: ctx.databaseUrl,
        DATABASE_SCHEMA: schema,
        REDIS_URL: ctx.redisUrl,
        TALLY_KEY_PREFIX: `${ctx.keyPrefix}live:`,
        TALLY_DATA_DIR: await ctx.tmpDir(),
        PORT: '0',
        TALLY_DEMO: 'off',
        LOG_LEVEL: 'warn',
        // One token serves every socket; the default 600 a minute is per token.
        TALLY_TOKEN_RATE_LIMIT: '1000000',
      },
    });
    store = await openPostgresStore({ url: ctx.databaseUrl, schema, poolSize: 1 });
    key = (await createApiKey(store, { tenant: 'bench', scopes: ['ingest', 'tokens'] })).key;
    const minted = await fetch(`${tally.url}/v1/tokens`, {
      method: 'POST',
      body: JSON.stringify({ subject: 'bench', role: 'admin', ttlSeconds: 3600 }),
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    });
    if (minted.status !== 201) throw new Error(`POST /v1/tokens answered ${minted.status}: ${await minted.text()}`);
    token = ((await minted.json()) as TokenResponse).token;
    clients = [await openLiveClient(tally.url, token, QUERY)];
    accepted = clients[0]!.total;

    // The many-socket case opens its sockets once, after the streaming case: lazily, in its first run.
    let opened = false;
    const fanout: BenchCase = {
      ...fanoutCase,
      async before() {
        if (opened) return;
        opened = true;
        await waitFor(() => clients[0]!.total >= accepted, 'the stream to settle');
        memory.beforeMiB = process.memoryUsage().rss / MiB;
        const start = performance.now();
        for (let i = clients.length; i < SOCKETS; i += 100) {
          clients.push(...(await Promise.all(Array.from({ length: Math.min(100, SOCKETS - i) }, () => openLiveClient(tally!.url, token, QUERY)))));
        }
        process.stdout.write(`  opened ${clients.length} sockets in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
      },
    };
    return [streamCase, fanout];
  },
  report() {
    const f = (n: number) => ms(n);
    const stream = streamRuns.slice(1);
    const fan = fanoutRuns.slice(1);
    const worst = Math.max(...stream.map((r) => r.p99));
    return [
      '## live: ingest → socket message',
      '',
      `The real server (\`startTally\`, in this process: Postgres, Redis, embedded bus, processors on), ` +
        `subscription \`${JSON.stringify(QUERY)}\`. Latency = arrival of the first \`result\` whose total includes a batch − ` +
        `the ingest answer (200) for it; the hub pushes a subscription at most every 250 ms. Warm-up run left out. ` +
        `Target p99 ≤ ${TARGET_P99_MS} ms — ${worst <= TARGET_P99_MS ? 'met' : 'missed'} (worst run ${f(worst)} ms).`,
      '',
      `| run | batches at ${RATE} events/s | p50 ms | p99 ms | max ms |`,
      '|---:|---:|---:|---:|---:|',
      ...stream.map((r, i) => `| ${i + 1} | ${r.batches} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max)} |`),
      '',
      `${clients.length} sockets on one server process, all subscribed to the same query; one batch of ${PER_REQUEST} per run, ` +
        `latency per socket. RSS of the process ${Math.round(memory.beforeMiB)} MiB with one socket, ${Math.round(memory.afterMiB)} MiB ` +
        `with ${clients.length} (heap ${Math.round(memory.heapMiB)} MiB; the bench's own ws clients live in the same process and are counted too).`,
      '',
      '| run | p50 ms | p99 ms | max (last socket) ms |',
      '|---:|---:|---:|---:|',
      ...fan.map((r, i) => `| ${i + 1} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max)} |`),
      '',
    ].join('\n');
  },
  async teardown() {
    for (const c of clients) c.close();
    await tally?.stop();
    await store?.close();
  },
});
