/**
 * The demo portal as a user meets it: the bundles built as `npm start` builds them (`prestart`), `tally start`
 * with a small demo company as its own process, and the system Chromium driven by playwright-core.
 * Shared by the end-to-end test (test/e2e) and the portal bench.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../tools/chromium-args.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const TALLY = join(ROOT, 'packages', 'server', 'bin', 'tally.mjs');

/** Chromium flags that work as root with no network (TOOLCHAIN.md), shared with web-test-runner.config.mjs. */
export { CHROMIUM_ARGS };

/** Builds dist/widgets.js and dist/demo/ as `npm start`'s prestart does (a no-op when they are current). */
export async function buildDemo(): Promise<void> {
  await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'build-demo.mjs')], { cwd: ROOT });
}

/** The system Chromium (never a downloaded one). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS] });
}

/** A running `tally start` with the demo. */
export interface DemoServer {
  url: string;
  child: ChildProcess;
  /** Everything it printed, for failure messages. */
  output: string[];
  /** Resolves once the demo's backfill is done and live events stream. */
  live: Promise<void>;
  stop(): Promise<void>;
}

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  /** Demo company size. @default 0.05 (about 25 accounts) */
  scale?: number;
  /** Days of history to backfill. @default 30 */
  days?: number;
  /** Live events per second after the backfill. @default 20 */
  rate?: number;
  /** More environment (e.g. DATABASE_URL and DATABASE_SCHEMA for Postgres); unset ports use the embedded adapters. */
  env?: Record<string, string>;
}

/**
 * Starts `tally start --demo` on a free port with a fresh data folder, as `npm start` does after its build,
 * and resolves once it listens. `stop()` sends SIGTERM, waits for the exit and removes the folder.
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tally-portal-'));
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    LOG_LEVEL: 'warn',
    TALLY_DEMO_DAYS: String(options.days ?? 30),
    ...options.env,
  };
  const args = ['start', '--port', '0', '--data-dir', dataDir, '--demo', '--demo-scale', String(options.scale ?? 0.05), '--demo-rate', String(options.rate ?? 20)];
  const child = spawn(TALLY, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! });
  const failed = () => new Error(`tally start exited:\n${output.join('\n')}`);
  const url = new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      output.push(line);
      const m = /Tally is running at (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => reject(failed()));
  });
  const live = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => /^demo: backfill done/.test(line) && resolve());
    void exited.then(() => reject(failed()));
  });
  live.catch(() => {}); // a caller that never waits for it must not see an unhandled rejection
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    return { url: await url, child, output, live, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
