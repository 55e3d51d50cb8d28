import { readFile, rename, writeFile } from 'node:fs/promises';
import type { LogPosition } from './partition-log.ts';

/**
 * Committed positions of one consumer group on one topic, kept in memory and written to a JSON file
 * (write to a temporary name, then rename, so a crash leaves the old or the new file, never half of one).
 * Writes are coalesced: a crash can lose the last few commits, which only means redelivery (at least once).
 */
export class GroupOffsets {
  readonly #file: string;
  readonly #positions = new Map<number, LogPosition>();
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #dirty = false;

  private constructor(file: string) {
    this.#file = file;
  }

  static async load(file: string): Promise<GroupOffsets> {
    const offsets = new GroupOffsets(file);
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, LogPosition>;
      for (const [p, pos] of Object.entries(saved)) offsets.#positions.set(Number(p), pos);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return offsets;
  }

  get(partition: number): LogPosition | undefined {
    return this.#positions.get(partition);
  }

  /** The committed offset of `partition` (the next one the group reads), for retention and lag. */
  committedOffset(partition: number): number | undefined {
    return this.#positions.get(partition)?.offset;
  }

  commit(partition: number, position: LogPosition, flushAfterMs: number): void {
    this.#positions.set(partition, position);
    this.#dirty = true;
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, flushAfterMs);
  }

  /** Writes the positions now (called on close). */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#writing = this.#writing.then(async () => {
      if (!this.#dirty) return;
      this.#dirty = false;
      const tmp = `${this.#file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(Object.fromEntries(this.#positions)));
      await rename(tmp, this.#file);
    });
    return this.#writing;
  }
}
