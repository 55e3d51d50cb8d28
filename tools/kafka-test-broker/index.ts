import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { buildKafkaTestBroker } from './build.ts';
import { connectKafkaTestBrokerControl, type KafkaTestBrokerControl } from './control.ts';

export { buildKafkaTestBroker } from './build.ts';
export { connectKafkaTestBrokerControl, type KafkaTestBrokerControl } from './control.ts';

/** Options for {@link startKafkaTestBroker}. */
export interface KafkaTestBrokerOptions {
  /**
   * Number of brokers in the mock cluster; their ids are 1..brokers.
   * @default 1
   */
  brokers?: number;
  /**
   * Topics created before the broker reports ready. A topic that a client merely looks up is created by the
   * mock with 4 partitions, so create any topic that needs another count here or through `control`.
   * @default []
   */
  topics?: { name: string; partitions: number }[];
}

/** A running kafka-test-broker process. */
export interface KafkaTestBroker {
  /** Comma-separated `host:port` list, as printed by the broker. */
  bootstrap: string;
  /** The same list as an array, ready for kafkajs's `brokers`. */
  brokers: string[];
  /** TCP port of the control protocol on 127.0.0.1. */
  controlPort: number;
  control: KafkaTestBrokerControl;
  /** Process id of the broker. */
  pid: number;
  /** Ends the process (SIGTERM) and resolves once it has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

/** Longest wait for the broker's start-up lines; it prints them within milliseconds. */
const startTimeoutMs = 15_000;
/** Longest wait after SIGTERM before SIGKILL, so stop() always ends the process. */
const stopTimeoutMs = 5_000;

/**
 * Builds the broker if needed and starts it. The process does not keep Node alive and exits on its own when
 * this process exits (its stdin reaches end of file), but call `stop()` when done.
 *
 * @example
 * const broker = await startKafkaTestBroker({ topics: [{ name: 'events', partitions: 4 }] });
 * const kafka = new Kafka({ brokers: broker.brokers });
 * // …
 * await broker.stop();
 */
export async function startKafkaTestBroker(options: KafkaTestBrokerOptions = {}): Promise<KafkaTestBroker> {
  const binary = await buildKafkaTestBroker();
  const args = ['--brokers', String(options.brokers ?? 1)];
  for (const { name, partitions } of options.topics ?? []) args.push('--topic', `${name}:${partitions}`);

  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr = keepTail(child);
  let banner: { bootstrap: string; controlPort: number };
  try {
    banner = await readBanner(child, stderr);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  // From here on the broker must not hold this process open: unreference the child and its pipes.
  // The stdin pipe stays open (it is how the broker notices this process is gone).
  child.unref();
  child.on('error', () => {}); // a failed kill() must not become an uncaught 'error'; stop() falls back to SIGKILL
  child.stdin!.on('error', () => {});
  for (const stream of [child.stdin, child.stdout, child.stderr]) if (stream instanceof Socket) stream.unref();

  let stopping: Promise<void> | undefined;
  return {
    bootstrap: banner.bootstrap,
    brokers: banner.bootstrap.split(','),
    controlPort: banner.controlPort,
    control: connectKafkaTestBrokerControl(banner.controlPort),
    pid: child.pid!,
    stop: () => (stopping ??= stopProcess(child)),
  };
}

/** Waits for `BOOTSTRAP …` and `CONTROL …` on the broker's stdout. */
function readBanner(child: ChildProcess, stderr: () => string): Promise<{ bootstrap: string; controlPort: number }> {
  return new Promise((resolve, reject) => {
    let bootstrap: string | undefined;
    let controlPort: number | undefined;
    const lines = createInterface({ input: child.stdout! });
    const fail = (message: string, cause?: unknown) => {
      cleanup();
      const detail = stderr().trim();
      reject(new Error(`kafka-test-broker: ${message}${detail ? `\n${detail}` : ''}`, { cause }));
    };
    // 'close' rather than 'exit': by then stderr has been read to the end, so the message has the reason.
    const onClose = (code: number | null, signal: string | null) => fail(`exited before it was ready (${signal ?? code})`);
    const onError = (error: Error) => fail(`could not start: ${error.message}`, error);
    const timer = setTimeout(() => fail('not ready in time'), startTimeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      lines.close();
      child.stdout!.resume(); // drain anything printed later, so the broker never blocks on a full pipe
      child.off('close', onClose).off('error', onError);
    };
    lines.on('line', (line) => {
      const [key, value = ''] = line.split(' ');
      if (key === 'BOOTSTRAP') bootstrap = value;
      if (key === 'CONTROL') controlPort = Number(value);
      if (bootstrap !== undefined && controlPort !== undefined) {
        cleanup();
        resolve({ bootstrap, controlPort });
      }
    });
    child.on('close', onClose).on('error', onError);
  });
}

/** Drains stderr (so the broker never blocks on a full pipe) and keeps its last few KB for error messages. */
function keepTail(child: ChildProcess): () => string {
  let tail = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4096);
  });
  return () => tail;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.ref(); // hold this process open until the broker is gone
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
