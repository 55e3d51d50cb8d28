import { parseArgs } from 'node:util';
import { isTallyError } from '@tally/core';
import { startTally } from '../runtime.ts';
import { UsageError, type Command } from './command.ts';

const HELP = `Usage: tally start [options]

Runs Tally in one process: HTTP API, ingest and processors. Each port uses its embedded adapter unless
its variable is set (KAFKA_BROKERS, DATABASE_URL, REDIS_URL); see README "Configuration".

Options:
  --port <n>        HTTP port (default: $PORT or 3000; 0 picks a free port)
  --host <addr>     address to listen on (default: $HOST or 127.0.0.1)
  --data-dir <dir>  folder for embedded data (default: $TALLY_DATA_DIR or .tally-data)
  -h, --help        show this help

Stops gracefully on SIGTERM or SIGINT.`;

function flagPort(value: string): string {
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
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (values.host !== undefined && values.host.trim() === '') throw new UsageError('--host: expected an address');
    if (values['data-dir'] !== undefined && values['data-dir'].trim() === '') throw new UsageError('--data-dir: expected a folder');
    const env = {
      ...io.env,
      ...(values.port !== undefined ? { PORT: flagPort(values.port) } : {}),
      ...(values.host !== undefined ? { HOST: values.host } : {}),
      ...(values['data-dir'] !== undefined ? { TALLY_DATA_DIR: values['data-dir'] } : {}),
    };
    let tally;
    try {
      tally = await startTally({ env });
    } catch (err) {
      if (isTallyError(err, 'config_invalid')) {
        io.err(`tally start: ${err.message}`);
        return 78; // EX_CONFIG
      }
      throw err;
    }
    const { bus, store, cache } = tally.adapters;
    io.out(`Tally is running at ${tally.url}  (bus: ${bus}, store: ${store}, cache: ${cache})`);

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
  },
};
