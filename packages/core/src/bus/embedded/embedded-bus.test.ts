import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../../../test/support/wait-for.ts';
import { isTallyError } from '../../errors.ts';
import { describeBusContract } from '../bus.contract.ts';
import type { Bus } from '../bus.ts';
import { openEmbeddedBus } from './embedded-bus.ts';

describeBusContract('embedded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tally-bus-'));
  return {
    open: () => openEmbeddedBus({ dataDir: dir, commitFlushMs: 5 }),
    createTopic: (bus, name, partitions) => bus.ensureTopic(name, partitions),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

async function drain(bus: Bus, topic: string, expected: number): Promise<Set<number>> {
  const seen = new Set<number>();
  const sub = await bus.subscribe<{ n: number }>(topic, 'check', async (batch) => {
    for (const m of batch.messages) seen.add(m.value.n);
  });
  await waitFor(() => seen.size >= expected, { message: `${expected} messages`, timeoutMs: 30_000 });
  await sub.stop();
  return seen;
}

describe('embedded bus', () => {
  it('loses no acknowledged message when its process is killed with SIGKILL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tally-bus-kill-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'testing', 'publish-until-killed.ts'), dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let acked = 0;
      const lines = createInterface({ input: child.stdout! });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      await new Promise<void>((resolve, reject) => {
        child.on('error', reject);
        lines.on('line', (line) => {
          const m = /^ACK (\d+)$/.exec(line);
          if (m) acked = Number(m[1]);
          if (acked >= 5000 && !child.killed) {
            child.kill('SIGKILL');
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`publisher exited early after ${acked}`)));
      });
      await exited;
      expect(acked).toBeGreaterThanOrEqual(5000);

      // The killed process's lock is taken over; every acknowledged message is there.
      const bus = await openEmbeddedBus({ dataDir: dir });
      try {
        const seen = await drain(bus, 'killed', acked);
        for (let n = 0; n < acked; n++) if (!seen.has(n)) throw new Error(`acknowledged message ${n} was lost`);
      } finally {
        await bus.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('keeps a second process off its folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tally-bus-lock-'));
    const bus = await openEmbeddedBus({ dataDir: dir });
    try {
      await expect(openEmbeddedBus({ dataDir: dir })).rejects.toSatisfy((err) => isTallyError(err, 'bus_unavailable'));
    } finally {
      await bus.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rolls segments and deletes the ones every group has consumed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tally-bus-seg-'));
    const bus = await openEmbeddedBus({ dataDir: dir, segmentBytes: 4096, commitFlushMs: 1 });
    try {
      await bus.ensureTopic('seg', 1);
      for (let i = 0; i < 20; i++) await bus.publish('seg', Array.from({ length: 20 }, (_, j) => ({ key: 'k', value: { n: i * 20 + j, pad: 'x'.repeat(40) } })));
      const segments = () => readdir(join(dir, 'topics', 'seg', '0'));
      expect((await segments()).length).toBeGreaterThan(3);
      const seen = await drain(bus, 'seg', 400);
      expect(seen.size).toBe(400);
      const left = await segments();
      expect(left.length).toBe(1);
      expect((await stat(join(dir, 'topics', 'seg', '0', left[0]!))).size).toBeLessThan(8192);
    } finally {
      await bus.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad topic and group names, naming them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tally-bus-names-'));
    const bus = await openEmbeddedBus({ dataDir: dir });
    try {
      await expect(bus.publish('../escape', [{ key: 'k', value: 1 }])).rejects.toSatisfy(
        (err) => isTallyError(err, 'invalid_argument') && (err as { field?: string }).field === 'topic',
      );
      await expect(bus.subscribe('ok', 'bad group', async () => {})).rejects.toSatisfy(
        (err) => isTallyError(err, 'invalid_argument') && (err as { field?: string }).field === 'group',
      );
    } finally {
      await bus.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
