import { isTallyError } from '@tally/core';
import { startTally } from '../runtime.ts';
import { parseFlags, UsageError, type Command } from './command.ts';
import { flagPort, serveUntilSignal } from './start-command.ts';

const HELP = `Usage: tally process [options]

Runs the stream processors only (store writer and aggregator, one member of the "tally-processor"
consumer group), for deployments where API instances and processors scale apart. Start more of them to
split the bus partitions. Serves /health and /metrics (events processed, batch latency, consumer lag per
partition, rollup freshness). Ports come from KAFKA_BROKERS, DATABASE_URL and REDIS_URL; with none set it
uses the embedded adapters in TALLY_DATA_DIR (and then it must be the only process on that folder).

Options:
  --port <n>        HTTP port for /health and /metrics (default: $PORT or 3000; 0 picks a free port)
  --host <addr>     address to listen on (default: $HOST or 127.0.0.1)
  -h, --help        show this help

Stops gracefully on SIGTERM or SIGINT: the batch in flight commits, then the member leaves the group.`;

/** `tally process`: processors until a signal arrives. */
export const processCommand: Command = {
  name: 'process',
  summary: 'run the stream processors only (scale them apart from the API)',
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags(argv, { port: { type: 'string' }, host: { type: 'string' } }, false);
    if (values.host !== undefined && values.host.trim() === '') throw new UsageError('--host: expected an address');
    const env = {
      ...io.env,
      TALLY_DEMO: 'off',
      ...(values.port !== undefined ? { PORT: flagPort(values.port) } : {}),
      ...(values.host !== undefined ? { HOST: values.host } : {}),
    };
    let tally;
    try {
      tally = await startTally({ env, role: 'processor' });
    } catch (err) {
      if (isTallyError(err, 'config_invalid')) {
        io.err(`tally process: ${err.message}`);
        return 78; // EX_CONFIG
      }
      throw err;
    }
    const { bus, store, cache } = tally.adapters;
    io.out(`Tally processor running; metrics at ${tally.url}/metrics  (bus: ${bus}, store: ${store}, cache: ${cache})`);
    return serveUntilSignal(tally);
  },
};
