/**
 * Ingest API to durable bus: Segment-spec batches of 500 events POSTed by concurrent keep-alive clients to
 * a `tally start` process, on the embedded adapters and on Kafka (test broker) + Redis + Postgres. Each run
 * lasts BENCH_INGEST_SECONDS (default 10); five runs and a warm-up make about a minute of sustained load.
 * The servers run with TALLY_PROCESSORS=off: this measures the API; `processing.bench.ts` the processors.
 */
import { defineBench, type BenchCase } from './harness.ts';
import { segmentBatch } from './support/segment-batch.ts';
import { residentMiB, startTallyProcess, type TallyProcess } from './support/tally-process.ts';

const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const BATCH = 500;
const CONNECTIONS = 8;

let sequence = 0;
const body = () => segmentBatch(`${(sequence++).toString(36)}`, BATCH);

function floodCase(adapter: string, get: () => TallyProcess, notes: string[]): BenchCase {
  return {
    name: `POST /v1/ingest/tally, ${BATCH}-event batches, ${CONNECTIONS} connections, ${SECONDS}s`,
    adapter,
    unit: 'events/s',
    async run() {
      const tally = get();
      const deadline = Date.now() + SECONDS * 1000;
      let accepted = 0;
      let refused = 0;
      const client = async () => {
        while (Date.now() < deadline) {
          const res = await fetch(`${tally.url}/v1/ingest/tally`, {
            method: 'POST',
            body: body(),
            headers: { authorization: `Bearer ${tally.key}`, 'content-type': 'application/json' },
          });
          const answer = (await res.json()) as { accepted?: number };
          if (res.status === 200) accepted += answer.accepted ?? 0;
          else refused++;
        }
      };
      await Promise.all(Array.from({ length: CONNECTIONS }, client));
      notes.push(`${adapter}: server RSS ${await residentMiB(tally.url)} MiB after a run${refused ? `, ${refused} requests refused (429/503)` : ''}`);
      return accepted;
    },
  };
}

const running: TallyProcess[] = [];
export const notes: string[] = [];

export default defineBench({
  name: 'ingest',
  async setup(ctx) {
    const embedded = await startTallyProcess({ TALLY_DATA_DIR: await ctx.tmpDir(), TALLY_PROCESSORS: 'off' });
    running.push(embedded);
    const brokers = await ctx.kafkaBrokers();
    await ctx.kafkaCreateTopic('tally.events.v1', 12);
    await ctx.kafkaCreateTopic('tally.deadletter.v1', 2);
    const scaled = await startTallyProcess({
      TALLY_DATA_DIR: await ctx.tmpDir(),
      TALLY_PROCESSORS: 'off',
      DATABASE_URL: ctx.databaseUrl,
      REDIS_URL: ctx.redisUrl,
      TALLY_KEY_PREFIX: ctx.keyPrefix,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_IDEMPOTENT: 'false',
      KAFKA_CREATE_TOPICS: 'false',
    });
    running.push(scaled);
    return [floodCase('embedded', () => embedded, notes), floodCase('kafka (test broker) + redis + postgres', () => scaled, notes)];
  },
  async teardown() {
    await Promise.allSettled(running.map((t) => t.stop()));
    for (const n of notes) process.stdout.write(`  note: ${n}\n`);
  },
});
