import { isTallyError } from '@tally/core';
import { missingBuild, REPO_ROOT } from '../demo-portal/index.ts';
import { startTally, type RunningTally } from '../runtime.ts';
import { parseFlags, UsageError, type Command } from './command.ts';

const HELP = `Usage: tally start [options]

Runs Tally in one process: HTTP API, ingest and processors. Each port uses its embedded adapter unless
its variable is set (KAFKA_BROKERS, DATABASE_URL, REDIS_URL); see README "Configuration".

Options:
  --port <n>        HTTP port (default: $PORT or 3000; 0 picks a free port)
  --host <addr>     address to listen on (default: $HOST or 127.0.0.1)
  --data-dir <dir>  folder for embedded data (default: $TALLY_DATA_DIR or .tally-data)
  --no-processors   serve the API and ingest only; run the processors with \`tally process\`
                    (default: $TALLY_PROCESSORS or on)
  --demo, --no-demo run the demo data generator, or not (default: $TALLY_DEMO or auto: on with the
                    embedded store, off with DATABASE_URL)
  --demo-scale <x>  demo size: 1 ≈ 500 accounts, 20,000 users, ~3 million events a year (default 1)
  --demo-rate <n>   live demo events per second after the backfill (default 20)
  --demo-seed <n>   the demo's random seed (default 42)
  -h, --help        show this help

Stops gracefully on SIGTERM or SIGINT.`;

/** A `--port` value, checked. */
export function flagPort(value: string): string {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`--port: expected an integer 0-65535, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** `tally start`: serve until a signal arrives. */
export const startCommand: Command = {
  name: 'start',
  summary: 'run Tally (API, ingest, processors) in this process',
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      demo: { type: 'boolean' },
      'no-demo': { type: 'boolean' },
      'no-processors': { type: 'boolean' },
      'demo-scale': { type: 'string' },
      'demo-rate': { type: 'string' },
      'demo-seed': { type: 'string' },
    }, false);
    if (values.host !== undefined && values.host.trim() === '') throw new UsageError('--host: expected an address');
    if (values['data-dir'] !== undefined && values['data-dir'].trim() === '') throw new UsageError('--data-dir: expected a folder');
    if (values.demo && values['no-demo']) throw new UsageError('--demo and --no-demo: pick one');
    const number = (flag: 'demo-scale' | 'demo-rate' | 'demo-seed', test: (n: number) => boolean, expected: string) => {
      const raw = values[flag];
      if (raw === undefined) return undefined;
      if (!/^\d+(\.\d+)?$/.test(raw) || !test(Number(raw))) throw new UsageError(`--${flag}: expected ${expected}, got ${JSON.stringify(raw)}`);
      return raw;
    };
    const demoScale = number('demo-scale', (n) => n >= 0.01 && n <= 100, 'a number from 0.01 to 100');
    const demoRate = number('demo-rate', (n) => n <= 100_000, 'events per second from 0 to 100000');
    const demoSeed = number('demo-seed', (n) => Number.isInteger(n) && n < 2 ** 31, 'an integer from 0 to 2147483647');
    const env = {
      ...io.env,
      ...(values['no-processors'] ? { TALLY_PROCESSORS: 'off' } : {}),
      ...(values.demo ? { TALLY_DEMO: 'on' } : values['no-demo'] ? { TALLY_DEMO: 'off' } : {}),
      ...(demoScale !== undefined ? { TALLY_DEMO_SCALE: demoScale } : {}),
      ...(demoRate !== undefined ? { TALLY_DEMO_RATE: demoRate } : {}),
      ...(demoSeed !== undefined ? { TALLY_DEMO_SEED: demoSeed } : {}),
      ...(values.port !== undefined ? { PORT: flagPort(values.port) } : {}),
      ...(values.host !== undefined ? { HOST: values.host } : {}),
      ...(values['data-dir'] !== undefined ? { TALLY_DATA_DIR: values['data-dir'] } : {}),
    };
    let tally;
    try {
      let lastPrint = 0;
      let phase = '';
      tally = await startTally({
        env,
        onDemoProgress: (p) => {
          const now = Date.now();
          // Backfill: a line every 2 s; live: one when it starts, then one a minute.
          const every = p.phase === 'live' ? 60_000 : 2000;
          if (p.phase === phase && now - lastPrint < every && (p.phase === 'live' || p.day < p.days)) return;
          lastPrint = now;
          phase = p.phase;
          const rate = Math.round(p.eventsPerSecond).toLocaleString('en-US');
          io.out(
            p.phase === 'backfill'
              ? `demo: backfilling day ${p.day}/${p.days}, ${p.events.toLocaleString('en-US')} events sent (${rate}/s)`
              : `demo: backfill done; streaming live events (${rate}/s)`,
          );
        },
      });
    } catch (err) {
      if (isTallyError(err, 'config_invalid')) {
        io.err(`tally start: ${err.message}`);
        return 78; // EX_CONFIG
      }
      throw err;
    }
    const { bus, store, cache } = tally.adapters;
    io.out(`Tally is running at ${tally.url}  (bus: ${bus}, store: ${store}, cache: ${cache})`);
    if (tally.config.demo.enabled) {
      io.out(`demo portal: ${tally.url}/  (a CRM page: ${tally.url}/crm.html, an internal app: ${tally.url}/internal-app.html)`);
      const missing = await missingBuild(REPO_ROOT);
      if (missing.length > 0) io.err(`demo: the portal's bundles are missing (${missing.join(', ')}); run \`npm run build:demo\` (npm start does)`);
    }
    return serveUntilSignal(tally);
  },
};

/** Waits for SIGTERM or SIGINT, then stops gracefully within SHUTDOWN_TIMEOUT_MS. */
export async function serveUntilSignal(tally: RunningTally): Promise<number> {
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  tally.logger.info({ signal }, 'shutdown requested');
  const timeout = setTimeout(() => {
    tally.logger.error({ timeoutMs: tally.config.shutdownTimeoutMs }, 'graceful shutdown timed out; exiting');
    process.exit(1);
  }, tally.config.shutdownTimeoutMs);
  timeout.unref();
  await tally.stop();
  clearTimeout(timeout);
  return 0;
}
