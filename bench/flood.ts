/**
 * `npm run bench:flood`: a sustained flood of the ingest API (default 600 s, FLOOD_SECONDS) against a
 * `tally start` process on the embedded adapters, sampling the server's resident memory every 30 s, to show
 * whether memory stays bounded. Writes bench/results/flood.md. Not part of `npm run bench` (it is long).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { segmentBatch } from './support/segment-batch.ts';
import { residentMiB, startTallyProcess } from './support/tally-process.ts';

const SECONDS = Number(process.env.FLOOD_SECONDS ?? 600);
const CONNECTIONS = 8;
const BATCH = 500;

let sequence = 0;
const body = () => segmentBatch(`f${(sequence++).toString(36)}`, BATCH);

const dir = await mkdtemp(join(tmpdir(), 'tally-flood-'));
const tally = await startTallyProcess({ TALLY_DATA_DIR: dir, TALLY_PROCESSORS: 'off' }); // the API alone; processors are benched apart
const samples: { second: number; events: number; rssMiB: number }[] = [];
let accepted = 0;
let refused = 0;
const started = Date.now();
const deadline = started + SECONDS * 1000;
const sampler = setInterval(() => {
  void residentMiB(tally.url).then((rssMiB) => {
    const second = Math.round((Date.now() - started) / 1000);
    samples.push({ second, events: accepted, rssMiB });
    process.stdout.write(`${second}s: ${accepted.toLocaleString('en-US')} events, RSS ${rssMiB} MiB\n`);
  });
}, 30_000);
try {
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < deadline) {
        const res = await fetch(`${tally.url}/v1/ingest/tally`, { method: 'POST', body: body(), headers: { authorization: `Bearer ${tally.key}` } });
        const answer = (await res.json()) as { accepted?: number };
        if (res.status === 200) accepted += answer.accepted ?? 0;
        else refused++;
      }
    }),
  );
} finally {
  clearInterval(sampler);
  await tally.stop();
  await rm(dir, { recursive: true, force: true });
}
const rate = Math.round(accepted / SECONDS);
const md = [
  `# Ingest flood: ${SECONDS} s, ${CONNECTIONS} connections, ${BATCH}-event batches, embedded adapters`,
  '',
  `${accepted.toLocaleString('en-US')} events accepted (${rate.toLocaleString('en-US')}/s on average), ${refused} requests refused (429/503).`,
  '',
  '| second | events accepted | server RSS (MiB) |',
  '|---:|---:|---:|',
  ...samples.map((s) => `| ${s.second} | ${s.events.toLocaleString('en-US')} | ${s.rssMiB} |`),
  '',
].join('\n');
await writeFile(join(import.meta.dirname, 'results', 'flood.md'), md);
process.stdout.write(`\n${md}`);
