import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../../../test/support/services.ts';
import { waitFor } from '../../../../test/support/wait-for.ts';
import { isTallyError } from '../errors.ts';
import type { Bus, BusBatch, PartitionLag, Subscription } from './bus.ts';

/** How the contract suite gets buses: `open()` may be called again to simulate a restart. */
export interface BusContractTarget {
  open(): Promise<Bus>;
  /** Creates a topic with this many partitions (the test broker cannot create topics through the client). */
  createTopic(bus: Bus, name: string, partitions: number): Promise<void>;
  cleanup(): Promise<void>;
}

interface Received {
  key: string;
  value: { n: number };
  partition: number;
  offset: number;
}

/** Subscribes and records what arrives. */
async function collect(bus: Bus, topic: string, group: string, options: { from?: 'earliest' | 'latest'; fail?: (batch: BusBatch<{ n: number }>) => boolean } = {}) {
  const received: Received[] = [];
  const batches: BusBatch<{ n: number }>[] = [];
  const subscription = await bus.subscribe<{ n: number }>(topic, group, async (batch) => {
    batches.push(batch);
    if (options.fail?.(batch)) throw new Error('handler failed on purpose');
    for (const m of batch.messages) received.push({ key: m.key, value: m.value, partition: batch.partition, offset: m.offset });
  }, { from: options.from ?? 'earliest', maxBatchSize: 50 });
  return { received, batches, subscription };
}

const messages = (from: number, to: number, keys = 8) =>
  Array.from({ length: to - from }, (_, i) => ({ key: `tenant:c${(from + i) % keys}`, value: { n: from + i } }));

const numbers = (received: Received[]) => [...new Set(received.map((r) => r.value.n))].sort((a, b) => a - b);
const totalLag = (lags: PartitionLag[]) => lags.reduce((n, l) => n + l.lag, 0);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** The bus port's contract: every adapter passes the same suite. */
export function describeBusContract(name: string, makeTarget: () => Promise<BusContractTarget>): void {
  describe(`Bus contract: ${name}`, () => {
    let target: BusContractTarget;
    let bus: Bus;
    const open: Subscription[] = [];

    beforeAll(async () => {
      target = await makeTarget();
      bus = await target.open();
    });
    afterAll(async () => {
      await Promise.allSettled(open.map((s) => s.stop()));
      await bus?.close();
      await target?.cleanup();
    });

    const topicWith = async (partitions: number) => {
      const topic = uniqueName('contract');
      await target.createTopic(bus, topic, partitions);
      return topic;
    };

    it('publishes then consumes in a group, in order per key', async () => {
      const topic = await topicWith(4);
      await bus.publish(topic, messages(0, 200));
      const c = await collect(bus, topic, uniqueName('g'));
      open.push(c.subscription);
      await waitFor(() => c.received.length >= 200, { message: '200 messages' });
      expect(numbers(c.received)).toEqual(range(0, 200));
      for (const key of new Set(c.received.map((r) => r.key))) {
        const ns = c.received.filter((r) => r.key === key).map((r) => r.value.n);
        expect(ns).toEqual([...ns].sort((a, b) => a - b));
      }
      // One key always lands in one partition.
      const partitionsOfKey = new Map<string, Set<number>>();
      for (const r of c.received) partitionsOfKey.set(r.key, (partitionsOfKey.get(r.key) ?? new Set()).add(r.partition));
      for (const set of partitionsOfKey.values()) expect(set.size).toBe(1);
      expect(c.batches.every((b) => b.messages.length <= 50)).toBe(true);
      await c.subscription.stop();
    });

    it('gives every group its own copy', async () => {
      const topic = await topicWith(2);
      await bus.publish(topic, messages(0, 30));
      const a = await collect(bus, topic, uniqueName('ga'));
      const b = await collect(bus, topic, uniqueName('gb'));
      open.push(a.subscription, b.subscription);
      await waitFor(() => a.received.length >= 30 && b.received.length >= 30, { message: 'both groups' });
      expect(numbers(a.received)).toEqual(range(0, 30));
      expect(numbers(b.received)).toEqual(range(0, 30));
      await Promise.all([a.subscription.stop(), b.subscription.stop()]);
    });

    it('resumes from the committed offset after a restart', async () => {
      const topic = await topicWith(3);
      const group = uniqueName('g');
      await bus.publish(topic, messages(0, 60));
      const first = await collect(bus, topic, group);
      await waitFor(() => first.received.length >= 60, { message: 'first 60' });
      await first.subscription.stop();
      await bus.close();

      bus = await target.open();
      await bus.publish(topic, messages(60, 90));
      const second = await collect(bus, topic, group);
      open.push(second.subscription);
      await waitFor(() => numbers(second.received).length >= 30, { message: 'the 30 new messages' });
      expect(numbers(second.received)).toEqual(range(60, 90));
      await second.subscription.stop();
    }, 60_000);

    it('splits the partitions between two consumers of one group', async () => {
      const topic = await topicWith(4);
      const group = uniqueName('g');
      const a = await collect(bus, topic, group);
      open.push(a.subscription);
      await waitFor(() => a.subscription.assignedPartitions().length === 4, { message: 'first member owns all 4', timeoutMs: 30_000 });
      const b = await collect(bus, topic, group);
      open.push(b.subscription);
      await waitFor(
        () => a.subscription.assignedPartitions().length === 2 && b.subscription.assignedPartitions().length === 2,
        { message: 'a 2/2 split', timeoutMs: 30_000 },
      );
      const owned = [...a.subscription.assignedPartitions(), ...b.subscription.assignedPartitions()].sort();
      expect(owned).toEqual([0, 1, 2, 3]);

      await bus.publish(topic, messages(0, 400, 64));
      await waitFor(() => numbers([...a.received, ...b.received]).length >= 400, { message: '400 across both', timeoutMs: 30_000 });
      expect(numbers([...a.received, ...b.received])).toEqual(range(0, 400));
      expect(a.received.length).toBeGreaterThan(0);
      expect(b.received.length).toBeGreaterThan(0);
      // Each member only saw its own partitions.
      expect(new Set(a.received.map((r) => r.partition))).toEqual(new Set(a.subscription.assignedPartitions()));
      expect(new Set(b.received.map((r) => r.partition))).toEqual(new Set(b.subscription.assignedPartitions()));
      await Promise.all([a.subscription.stop(), b.subscription.stop()]);
    }, 90_000);

    it('delivers a batch again when its handler fails, and commits nothing past it', async () => {
      const topic = await topicWith(1);
      await bus.publish(topic, messages(0, 10));
      let failures = 0;
      const c = await collect(bus, topic, uniqueName('g'), {
        fail: () => failures++ < 2,
      });
      open.push(c.subscription);
      await waitFor(() => c.received.length >= 10, { message: 'delivery after two failures' });
      expect(failures).toBeGreaterThanOrEqual(3);
      const firstOffsets = c.batches.slice(0, 3).map((b) => b.messages[0]?.offset);
      expect(new Set(firstOffsets).size).toBe(1);
      expect(numbers(c.received)).toEqual(range(0, 10));
      await c.subscription.stop();
    });

    it('starts a new group at the end when asked for the latest', async () => {
      const topic = await topicWith(1);
      await bus.publish(topic, messages(0, 5));
      const c = await collect(bus, topic, uniqueName('g'), { from: 'latest' });
      open.push(c.subscription);
      await waitFor(() => c.subscription.assignedPartitions().length === 1, { message: 'assignment', timeoutMs: 30_000 });
      await bus.publish(topic, messages(5, 8));
      await waitFor(() => c.received.length >= 3, { message: 'the 3 later messages' });
      expect(numbers(c.received)).toEqual([5, 6, 7]);
      await c.subscription.stop();
    });

    it('reports the lag of each owned partition until the group has caught up', async () => {
      const topic = await topicWith(2);
      for (const m of messages(0, 40)) await bus.publish(topic, [m]); // one position each on every adapter
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const seen = new Set<number>();
      // Every batch waits for the release, so nothing is committed before the first lag() below.
      const subscription = await bus.subscribe<{ n: number }>(topic, uniqueName('g'), async (batch) => {
        await released;
        for (const m of batch.messages) seen.add(m.value.n);
      }, { maxBatchSize: 10 });
      open.push(subscription);
      await waitFor(() => subscription.assignedPartitions().length === 2, { message: 'assignment', timeoutMs: 30_000 });

      const before = await subscription.lag().finally(release);
      expect(before.map((l) => l.partition)).toEqual([0, 1]);
      for (const l of before) expect(l).toEqual({ partition: l.partition, endOffset: l.endOffset, committedOffset: 0, lag: l.endOffset });
      expect(totalLag(before)).toBe(40);

      await waitFor(() => seen.size >= 40, { message: 'all 40 messages' });
      const after = await waitFor(async () => {
        const lags = await subscription.lag();
        return totalLag(lags) === 0 && lags;
      }, { message: 'lag 0' });
      expect(after.map((l) => l.committedOffset)).toEqual(before.map((l) => l.endOffset));

      await subscription.stop();
      expect(await subscription.lag()).toEqual([]);
    });

    it('refuses to publish after close', async () => {
      await bus.close();
      await expect(bus.publish('anything', messages(0, 1))).rejects.toSatisfy((err) => isTallyError(err, 'bus_closed'));
      bus = await target.open();
    });
  });
}
