import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TallyError } from '../../errors.ts';
import { murmur3 } from '../../hash.ts';
import type { BatchHandler, Bus, BusMessage, SubscribeOptions, Subscription } from '../bus.ts';
import { ConsumerGroup, type ErrorReporter } from './consumer-group.ts';
import { GroupOffsets } from './group-offsets.ts';
import { acquireDirLock } from '../../dir-lock.ts';
import { PartitionLog } from './partition-log.ts';

/** Options for {@link openEmbeddedBus}. */
export interface EmbeddedBusOptions {
  /** Folder that holds the topics' logs and the groups' committed offsets. */
  dataDir: string;
  /**
   * Partitions of a topic created by its first publish or subscribe.
   * @default 4
   */
  defaultPartitions?: number;
  /**
   * Size at which a partition starts a new segment file; consumed segments are deleted whole.
   * @default 64 MiB
   */
  segmentBytes?: number;
  /**
   * How long committed offsets may wait before they are written (a crash redelivers at most this much).
   * @default 100
   */
  commitFlushMs?: number;
  /** Told about handler failures (which are retried with backoff). */
  onHandlerError?: ErrorReporter;
}

interface Topic {
  logs: PartitionLog[];
  groups: Map<string, ConsumerGroup>;
}

const NAME = /^[A-Za-z0-9._-]{1,200}$/;

function checkName(kind: 'topic' | 'group', name: string): void {
  if (!NAME.test(name)) {
    throw new TallyError('invalid_argument', `invalid ${kind}: ${JSON.stringify(name)} (expected 1-200 of A-Z a-z 0-9 . _ -)`, { field: kind });
  }
}

/**
 * Opens the embedded adapter of the bus port: partitioned, append-only logs on local disk with consumer
 * groups, for one process. `publish` resolves after fdatasync, so an acknowledged message survives
 * `kill -9` and is delivered after restart. A lock file keeps a second process off the same folder.
 */
export async function openEmbeddedBus(options: EmbeddedBusOptions): Promise<Bus> {
  const root = options.dataDir;
  const defaultPartitions = options.defaultPartitions ?? 4;
  const segmentBytes = options.segmentBytes ?? 64 * 1024 * 1024;
  const commitFlushMs = options.commitFlushMs ?? 100;
  const onError: ErrorReporter = options.onHandlerError ?? (() => {});
  await mkdir(root, { recursive: true });
  const lock = await acquireDirLock(root);
  const topics = new Map<string, Promise<Topic>>();
  const subscriptions = new Set<Subscription>();
  let closed = false;

  const checkOpen = () => {
    if (closed) throw new TallyError('bus_closed', 'bus: the embedded bus is closed');
  };

  const openTopic = (name: string, partitions: number): Promise<Topic> => {
    let topic = topics.get(name);
    if (!topic) {
      topic = (async () => {
        const dir = join(root, 'topics', name);
        await mkdir(join(dir, 'groups'), { recursive: true });
        const metaFile = join(dir, 'topic.json');
        let count = partitions;
        try {
          count = (JSON.parse(await readFile(metaFile, 'utf8')) as { partitions: number }).partitions;
        } catch {
          await writeFile(metaFile, JSON.stringify({ partitions }));
        }
        const logs = await Promise.all(
          Array.from({ length: count }, (_, p) => PartitionLog.open(join(dir, String(p)), segmentBytes)),
        );
        return { logs, groups: new Map() };
      })();
      topics.set(name, topic);
      topic.catch(() => topics.delete(name));
    }
    return topic;
  };

  /** Drops segments every group of the topic (active or not) has consumed. */
  const retain = async (name: string, topic: Topic) => {
    const dir = join(root, 'topics', name, 'groups');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    if (files.length === 0) return;
    const groups = await Promise.all(files.map((f) => GroupOffsets.load(join(dir, f))));
    await Promise.all(
      topic.logs.map((log, p) => {
        const committed = groups.map((g) => g.committedOffset(p) ?? 0);
        return log.dropBefore(Math.min(...committed));
      }),
    );
  };

  const bus: Bus = {
    adapter: 'embedded',

    async ensureTopic(topic, partitions) {
      checkOpen();
      checkName('topic', topic);
      const t = await openTopic(topic, partitions);
      if (t.logs.length < partitions) {
        throw new TallyError('invalid_argument', `topic ${topic} has ${t.logs.length} partitions; growing it is not supported`, { field: 'partitions' });
      }
    },

    async publish<T>(topic: string, messages: readonly BusMessage<T>[]) {
      checkOpen();
      checkName('topic', topic);
      if (messages.length === 0) return;
      const t = await openTopic(topic, defaultPartitions);
      const byPartition = new Map<number, Buffer[]>();
      for (const m of messages) {
        const p = murmur3(m.key) % t.logs.length;
        let list = byPartition.get(p);
        if (!list) byPartition.set(p, (list = []));
        list.push(Buffer.from(JSON.stringify([m.key, m.value])));
      }
      await Promise.all([...byPartition].map(([p, payloads]) => t.logs[p]!.append(payloads)));
    },

    async subscribe<T>(topic: string, group: string, handler: BatchHandler<T>, opts: SubscribeOptions = {}) {
      checkOpen();
      checkName('topic', topic);
      checkName('group', group);
      const maxBatchSize = opts.maxBatchSize ?? 1000;
      if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
        throw new TallyError('invalid_argument', `maxBatchSize: expected a positive integer, got ${maxBatchSize}`, { field: 'maxBatchSize' });
      }
      const t = await openTopic(topic, defaultPartitions);
      let g = t.groups.get(group);
      if (!g) {
        const offsets = await GroupOffsets.load(join(root, 'topics', topic, 'groups', `${group}.json`));
        g = new ConsumerGroup(topic, group, t.logs, offsets, commitFlushMs, onError);
        t.groups.set(group, g);
      }
      const consumerGroup = g;
      const member = await consumerGroup.join(handler as BatchHandler<unknown>, { from: opts.from ?? 'earliest', maxBatchSize });
      let stopped: Promise<void> | undefined;
      const subscription: Subscription = {
        assignedPartitions: () => [...member.partitions],
        lag: async () => consumerGroup.lag(member),
        stop() {
          stopped ??= (async () => {
            subscriptions.delete(subscription);
            await consumerGroup.leave(member);
            await retain(topic, t).catch(() => {});
          })();
          return stopped;
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.stop()));
      const opened = await Promise.allSettled(topics.values());
      for (const t of opened) if (t.status === 'fulfilled') await Promise.all(t.value.logs.map((l) => l.close()));
      await lock.release();
    },
  };
  return bus;
}

/** Deletes an embedded bus folder (tests and `tally reset`). */
export async function removeEmbeddedBus(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
}
