import type { BatchHandler, DeliveredMessage, PartitionLag, SubscribeOptions } from '../bus.ts';
import type { GroupOffsets } from './group-offsets.ts';
import type { LogPosition, PartitionLog } from './partition-log.ts';

/** Receives errors from handlers, which are retried. */
export type ErrorReporter = (err: unknown, context: { topic: string; group: string; partition: number; attempt: number }) => void;

interface Member {
  id: number;
  handler: BatchHandler<unknown>;
  options: Required<SubscribeOptions>;
  partitions: number[];
}

const RETRY_MIN_MS = 50;
const RETRY_MAX_MS = 5_000;

/**
 * One consumer group on one topic of the embedded bus: members split the partitions (round robin in join
 * order); each owned partition runs a worker that reads a batch, awaits the handler, then commits. A
 * partition changes owner only after its current batch is done, so no batch is handled twice at once.
 */
export class ConsumerGroup {
  readonly #members: Member[] = [];
  readonly #workers = new Map<number, { member: Member; abort: AbortController; done: Promise<void> }>();
  #rebalancing: Promise<void> = Promise.resolve();
  #nextId = 1;

  constructor(
    readonly topic: string,
    readonly group: string,
    readonly logs: readonly PartitionLog[],
    readonly offsets: GroupOffsets,
    readonly commitFlushMs: number,
    readonly onError: ErrorReporter,
  ) {}

  get size(): number {
    return this.#members.length;
  }

  /** Adds a member and rebalances; resolves once its partitions are running. */
  async join(handler: BatchHandler<unknown>, options: Required<SubscribeOptions>): Promise<Member> {
    const member: Member = { id: this.#nextId++, handler, options, partitions: [] };
    this.#members.push(member);
    await this.#rebalance();
    return member;
  }

  /** Removes a member after its in-flight batches finish, then hands its partitions to the others. */
  async leave(member: Member): Promise<void> {
    const i = this.#members.indexOf(member);
    if (i === -1) return;
    this.#members.splice(i, 1);
    member.partitions = [];
    await this.#rebalance();
    await this.offsets.flush();
  }

  /** The group's lag on each partition `member` owns, from in-memory positions only (no disk access). */
  lag(member: Member): PartitionLag[] {
    return member.partitions.map((partition) => {
      const log = this.logs[partition]!;
      const endOffset = log.end.offset;
      const committedOffset = this.offsets.committedOffset(partition) ?? log.start.offset;
      return { partition, endOffset, committedOffset, lag: Math.max(0, endOffset - committedOffset) };
    });
  }

  #rebalance(): Promise<void> {
    this.#rebalancing = this.#rebalancing.then(async () => {
      const owners = new Map<number, Member>();
      this.logs.forEach((_, p) => {
        const owner = this.#members[p % Math.max(1, this.#members.length)];
        if (owner) owners.set(p, owner);
      });
      for (const m of this.#members) m.partitions = [...owners].filter(([, o]) => o === m).map(([p]) => p);
      const moving = [...this.#workers].filter(([p, w]) => owners.get(p) !== w.member);
      for (const [, w] of moving) w.abort.abort();
      await Promise.all(moving.map(([, w]) => w.done));
      for (const [p] of moving) this.#workers.delete(p);
      for (const [p, owner] of owners) if (!this.#workers.has(p)) this.#start(p, owner);
    });
    return this.#rebalancing;
  }

  #start(partition: number, member: Member): void {
    const abort = new AbortController();
    // A read failure is a disk failure: reported, and the partition waits for the next rebalance or restart.
    const done = this.#run(partition, member, abort.signal).catch((err: unknown) =>
      this.onError(err, { topic: this.topic, group: this.group, partition, attempt: 0 }),
    );
    this.#workers.set(partition, { member, abort, done });
  }

  async #run(partition: number, member: Member, signal: AbortSignal): Promise<void> {
    const log = this.logs[partition]!;
    let position: LogPosition =
      this.offsets.get(partition) ?? (member.options.from === 'latest' ? log.end : log.start);
    while (!signal.aborted) {
      const { records, next } = await log.read(position, member.options.maxBatchSize);
      if (records.length === 0) {
        await log.waitForAppend(position, signal);
        continue;
      }
      const messages = records.map(({ offset, payload }): DeliveredMessage => {
        const [key, value] = JSON.parse(payload.toString('utf8')) as [string, unknown];
        return { key, value, offset };
      });
      const delivered = await this.#deliver(member, { topic: this.topic, partition, messages }, signal);
      if (!delivered) return; // stopped while the handler kept failing: not committed, delivered again later
      this.offsets.commit(partition, next, this.commitFlushMs);
      position = next;
    }
  }

  async #deliver(member: Member, batch: Parameters<BatchHandler>[0], signal: AbortSignal): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await member.handler(batch);
        return true;
      } catch (err) {
        this.onError(err, { topic: this.topic, group: this.group, partition: batch.partition, attempt });
        if (signal.aborted) return false;
        const wait = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (attempt - 1));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          }, { once: true });
        });
        if (signal.aborted) return false;
      }
    }
  }
}
