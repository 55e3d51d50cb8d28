import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isHealthResponse } from '@tally/client-sdk';
import { describe, expect, it } from 'vitest';
import { waitFor } from './support/wait-for.ts';

const TALLY = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tally');

/** Runs `tally start` as a user would, on the embedded defaults, and returns its URL once it listens. */
async function startProcess(dataDir: string, flags: string[]) {
  const child = spawn(TALLY, ['start', '--port', '0', '--data-dir', dataDir, ...flags], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      output.push(line);
      const m = /Tally is running at (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    void exit.then((code) => reject(new Error(`tally start exited with ${code}:\n${output.join('\n')}`)));
  });
  /** Resolves with the first output line matching `pattern`. */
  const line = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      const hit = output.find((l) => pattern.test(l));
      if (hit) return resolve(hit);
      lines.on('line', (l) => pattern.test(l) && resolve(l));
    });
  return { child, url, exit, output, line };
}

describe('tally start (embedded defaults)', () => {
  it('serves /health naming the embedded adapters, runs the demo, and shuts down cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tally-start-'));
    try {
      const { child, url, exit, output, line } = await startProcess(dataDir, ['--demo-scale', '0.01']);
      const res = await fetch(`${url}/health`);
      const body: unknown = await res.json();
      expect(isHealthResponse(body)).toBe(true);
      expect(body).toMatchObject({ status: 'ok', adapters: { bus: 'embedded', store: 'pglite', cache: 'memory' } });

      // The demo generator starts on the embedded defaults and reports its progress.
      expect(await line(/^demo: backfilling day \d+\/365, [\d,]+ events sent/)).toBeTruthy();

      // The processors run in the same process: /metrics shows events processed and the consumer lag.
      const processed = await waitFor(async () => {
        const text = await (await fetch(`${url}/metrics`)).text();
        const m = /^tally_processor_events_total\{outcome="fresh"\} (\d+)/m.exec(text);
        return m && Number(m[1]) > 0 && text;
      }, { timeoutMs: 30_000, message: 'processed events on /metrics' });
      expect(processed).toMatch(/^tally_processor_consumer_lag\{partition="\d+"\} \d+/m);
      expect(processed).toMatch(/^tally_processor_batch_duration_seconds_count \d+/m);
      expect(processed).toMatch(/^tally_rollup_freshness_seconds \d/m);

      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(output.join('\n')).toContain('"msg":"tally stopped"');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
