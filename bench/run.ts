/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line), prints a table and
 * writes bench/results/latest.json and latest.md. Needs Postgres and Redis (as `npm test` does) and
 * starts its own Kafka test broker. BENCH_RUNS sets the measured runs per case (default 5, minimum 5; a suite
 * may ask for more). A suite's own report (e.g. the dashboard suite's rollup-vs-raw table) follows the table.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { checkRedis, createRunDatabase, deleteKeys, REDIS_URL, runKeyPrefix } from '../test/support/run-services.ts';
import { startKafkaTestBroker, type KafkaTestBroker } from '../tools/kafka-test-broker/index.ts';
import { measure, type BenchContext, type BenchResult, type BenchSuite } from './harness.ts';

const runs = Math.max(5, Number(process.env.BENCH_RUNS ?? 5) || 5);
const here = import.meta.dirname;
const only = process.argv.slice(2);
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();

await checkRedis();
const db = await createRunDatabase('tally_bench');
const keyPrefix = runKeyPrefix('tally-bench');
let broker: KafkaTestBroker | undefined;
const tmpDirs: string[] = [];
const ctx: BenchContext = {
  databaseUrl: db.url,
  redisUrl: REDIS_URL,
  keyPrefix,
  async kafkaBrokers() {
    broker ??= await startKafkaTestBroker({ brokers: 1 });
    return broker.brokers;
  },
  async kafkaCreateTopic(name, partitions) {
    await ctx.kafkaBrokers();
    await broker!.control.createTopic(name, partitions);
  },
  async tmpDir() {
    const dir = await mkdtemp(join(tmpdir(), 'tally-bench-'));
    tmpDirs.push(dir);
    return dir;
  },
};

const results: BenchResult[] = [];
const reports: Record<string, string> = {};
const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
try {
  for (const file of files) {
    const suite = (await import(join(here, file))).default as BenchSuite;
    process.stdout.write(`\n${suite.name} (${basename(file)})\n`);
    const cases = await suite.setup(ctx);
    try {
      const suiteResults: BenchResult[] = [];
      for (const c of cases) {
        const r = await measure(suite.name, c, Math.max(runs, suite.runs ?? 0));
        suiteResults.push(r);
        process.stdout.write(`  ${c.name} [${c.adapter}]: median ${fmt(r.median)} ${r.unit} (min ${fmt(r.min)}, max ${fmt(r.max)})\n`);
      }
      results.push(...suiteResults);
      if (suite.report) reports[suite.name] = suite.report(suiteResults);
    } finally {
      await suite.teardown?.();
    }
  }
} finally {
  await Promise.allSettled([broker?.stop(), db.drop(), deleteKeys(keyPrefix), ...tmpDirs.map((d) => rm(d, { recursive: true, force: true }))]);
}

const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  date: new Date().toISOString(),
};
// A partial run (`npm run bench -- ingest`) replaces only the suites it ran in latest.json / latest.md.
const ran = new Set(results.map((r) => r.suite));
type Dated = BenchResult & { date?: string };
const previous = await readFile(join(here, 'results', 'latest.json'), 'utf8')
  .then((text) => {
    const before = JSON.parse(text) as { machine?: { date?: string }; results: Dated[]; reports?: Record<string, string> };
    return { results: before.results.map((r) => ({ ...r, date: r.date ?? before.machine?.date?.slice(0, 10) })), reports: before.reports ?? {} };
  })
  .catch(() => ({ results: [] as Dated[], reports: {} as Record<string, string> }));
const dated = results.map((r) => ({ ...r, date: machine.date.slice(0, 10) }));
const merged = [...previous.results.filter((r) => !ran.has(r.suite)), ...dated].sort((a, b) => a.suite.localeCompare(b.suite));
const mergedReports = Object.fromEntries(
  [...Object.entries(previous.reports).filter(([suite]) => !ran.has(suite)), ...Object.entries(reports)].sort(([a], [b]) => a.localeCompare(b)),
);
const table = [
  '| suite | case | adapter | median | min | max | unit | measured |',
  '|---|---|---|---:|---:|---:|---|---|',
  ...merged.map((r) => `| ${r.suite} | ${r.name} | ${r.adapter} | ${fmt(r.median)} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.unit} | ${r.date ?? ''} |`),
].join('\n');
const sections = Object.values(mergedReports).map((section) => `\n${section.trimEnd()}\n`).join('');
const md = `# Bench results\n\n${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.date}.\nMedians of ${runs} runs (or more where a suite asks) after a warm-up; min and max beside them. Unit \`ms\` is a latency (lower is better); the others are rates.\n\n${table}\n${sections}`;
await mkdir(join(here, 'results'), { recursive: true });
await writeFile(join(here, 'results', 'latest.json'), `${JSON.stringify({ machine, runs, results: merged, reports: mergedReports }, null, 2)}\n`);
await writeFile(join(here, 'results', 'latest.md'), md);
process.stdout.write(`\n${table}\n${sections}\nwritten: bench/results/latest.json, bench/results/latest.md\n`);
