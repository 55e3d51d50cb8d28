import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, 'kafka-test-broker.c');
const binary = join(here, 'build', 'kafka-test-broker');
const installFix = 'apt-get install -y gcc librdkafka-dev';

let building: Promise<string> | undefined;

/**
 * Compiles `kafka-test-broker.c` into `tools/kafka-test-broker/build/kafka-test-broker` when the binary is
 * missing or older than the source, and returns the binary's absolute path. Safe to call from several
 * processes at once: each compiles to a temporary name and renames it into place.
 *
 * @throws Error naming the fix (`apt-get install -y gcc librdkafka-dev`) when gcc or librdkafka is missing.
 * @example
 * const binary = await buildKafkaTestBroker();
 */
export function buildKafkaTestBroker(): Promise<string> {
  building ??= compileIfStale().finally(() => {
    building = undefined;
  });
  return building;
}

async function compileIfStale(): Promise<string> {
  const [src, bin] = await Promise.all([stat(source), stat(binary).catch(() => undefined)]);
  if (bin && bin.mtimeMs >= src.mtimeMs) return binary;

  await mkdir(dirname(binary), { recursive: true });
  const temp = `${binary}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await gcc(['-O2', '-Wall', '-o', temp, 'kafka-test-broker.c', '-lrdkafka']);
    await rename(temp, binary);
  } finally {
    await rm(temp, { force: true });
  }
  return binary;
}

function gcc(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('gcc', args, { cwd: here }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new Error(`kafka-test-broker: gcc not found; install it with: ${installFix}`, { cause: error }));
      }
      if (/rdkafka(_mock)?\.h|-lrdkafka/.test(stderr)) {
        return reject(
          new Error(`kafka-test-broker: librdkafka headers or library not found; install them with: ${installFix}\n${stderr}`, {
            cause: error,
          }),
        );
      }
      reject(new Error(`kafka-test-broker: gcc failed:\n${stderr}`, { cause: error }));
    });
  });
}
