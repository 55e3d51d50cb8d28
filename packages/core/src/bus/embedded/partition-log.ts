import { EventEmitter } from 'node:events';
import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { TallyError } from '../../errors.ts';
import { decodeRecords, encodeRecords } from './record-codec.ts';

/** A place in a partition: the record offset and where that record starts on disk. */
export interface LogPosition {
  offset: number;
  /** Base offset of the segment file that holds the record. */
  segment: number;
  /** Byte position within that segment. */
  pos: number;
}

interface Pending {
  buf: Buffer;
  count: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const READ_CHUNK = 1 << 20;
const segmentName = (base: number) => `${String(base).padStart(20, '0')}.log`;

/**
 * One partition of the embedded bus: append-only segment files. Appends are group-committed (every append
 * waiting at that moment goes out in one write and one fdatasync) and acknowledged only after the sync;
 * readers see only synced records, so nothing a consumer sees can be lost.
 */
export class PartitionLog {
  readonly #dir: string;
  readonly #segmentBytes: number;
  readonly #appended = new EventEmitter();
  #segments: number[] = [];
  #active!: FileHandle;
  #activeSize = 0;
  #end!: LogPosition;
  #pending: Pending[] = [];
  #flushing: Promise<void> | undefined;
  #closed = false;

  private constructor(dir: string, segmentBytes: number) {
    this.#dir = dir;
    this.#segmentBytes = segmentBytes;
    this.#appended.setMaxListeners(0);
  }

  /** Opens (or creates) the partition in `dir`, cutting off a torn record left by a crash. */
  static async open(dir: string, segmentBytes: number): Promise<PartitionLog> {
    const log = new PartitionLog(dir, segmentBytes);
    await mkdir(dir, { recursive: true });
    const names = (await readdir(dir)).filter((n) => /^\d{20}\.log$/.test(n)).sort();
    log.#segments = names.map((n) => Number(n.slice(0, 20)));
    if (log.#segments.length === 0) log.#segments.push(0);
    const base = log.#segments.at(-1)!;
    log.#active = await open(join(dir, segmentName(base)), 'a+');
    const { count, validBytes, fileBytes } = await scan(log.#active);
    if (validBytes < fileBytes) {
      await log.#active.truncate(validBytes);
      await log.#active.datasync();
    }
    log.#activeSize = validBytes;
    log.#end = { offset: base + count, segment: base, pos: validBytes };
    return log;
  }

  /** The position after the last durable record. */
  get end(): LogPosition {
    return this.#end;
  }

  /** The position of the oldest record kept. */
  get start(): LogPosition {
    const base = this.#segments[0]!;
    return { offset: base, segment: base, pos: 0 };
  }

  /** Appends records; resolves once they are on disk (fdatasync). */
  append(payloads: readonly Buffer[]): Promise<void> {
    if (this.#closed) return Promise.reject(new TallyError('bus_closed', 'bus: the embedded bus is closed'));
    if (payloads.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#pending.push({ buf: encodeRecords(payloads), count: payloads.length, resolve, reject });
      this.#flushing ??= this.#flush().finally(() => {
        this.#flushing = undefined;
      });
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0);
      try {
        if (this.#activeSize >= this.#segmentBytes) await this.#roll();
        let written = 0;
        const total = batch.reduce((n, p) => n + p.buf.length, 0);
        const bufs = batch.map((p) => p.buf);
        while (written < total) {
          const { bytesWritten } = await this.#active.writev(written === 0 ? bufs : [Buffer.concat(bufs).subarray(written)]);
          written += bytesWritten;
        }
        await this.#active.datasync();
        const count = batch.reduce((n, p) => n + p.count, 0);
        this.#activeSize += total;
        this.#end = { offset: this.#end.offset + count, segment: this.#end.segment, pos: this.#activeSize };
        for (const p of batch) p.resolve();
        this.#appended.emit('append');
      } catch (err) {
        // Cut back whatever part of the batch reached the file, so the log stays well-formed.
        await this.#active.truncate(this.#activeSize).catch(() => {});
        const error = new TallyError('bus_unavailable', `bus: write to ${this.#dir} failed: ${(err as Error).message}`, { cause: err });
        for (const p of batch) p.reject(error);
      }
    }
  }

  async #roll(): Promise<void> {
    const base = this.#end.offset;
    const next = await open(join(this.#dir, segmentName(base)), 'a+');
    await this.#active.close();
    this.#active = next;
    this.#activeSize = 0;
    this.#segments.push(base);
    this.#end = { offset: base, segment: base, pos: 0 };
  }

  /**
   * Reads up to `max` durable records from `from`. Resolves with the payloads (and their offsets) and the
   * position after them. A position in a segment that retention removed restarts at the oldest record.
   */
  async read(from: LogPosition, max: number): Promise<{ records: { offset: number; payload: Buffer }[]; next: LogPosition }> {
    let at = from;
    if (!this.#segments.includes(at.segment)) at = this.start.offset > at.offset ? this.start : this.end;
    for (;;) {
      const end = this.#end;
      const isActive = at.segment === end.segment;
      const limit = isActive ? end.pos : Number.POSITIVE_INFINITY;
      if (isActive && at.pos >= limit) return { records: [], next: at };
      const fh = await open(join(this.#dir, segmentName(at.segment)), 'r');
      try {
        let want = READ_CHUNK;
        for (;;) {
          const size = Math.min(want, limit - at.pos);
          const buf = Buffer.allocUnsafe(size);
          const { bytesRead } = await fh.read(buf, 0, size, at.pos);
          const decoded = decodeRecords(buf.subarray(0, bytesRead), max);
          if (decoded.payloads.length > 0) {
            const records = decoded.payloads.map((payload, i) => ({ offset: at.offset + i, payload }));
            return { records, next: { offset: at.offset + records.length, segment: at.segment, pos: at.pos + decoded.consumed } };
          }
          if (decoded.needBytes > size && bytesRead === size) {
            want = decoded.needBytes; // one record larger than the chunk
            continue;
          }
          break; // end of this segment
        }
      } finally {
        await fh.close();
      }
      const nextSegment = this.#segments.find((s) => s > at.segment);
      if (nextSegment === undefined) return { records: [], next: at };
      at = { offset: nextSegment, segment: nextSegment, pos: 0 };
    }
  }

  /** Resolves when a record past `position` is durable, or when `signal` aborts. */
  waitForAppend(position: LogPosition, signal: AbortSignal): Promise<void> {
    if (this.#end.offset > position.offset || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.#appended.off('append', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.#appended.on('append', done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Deletes whole segments that hold only records before `offset` (every group has consumed them). */
  async dropBefore(offset: number): Promise<number> {
    let dropped = 0;
    while (this.#segments.length > 1 && this.#segments[1]! <= offset) {
      const base = this.#segments.shift()!;
      await rm(join(this.#dir, segmentName(base)), { force: true });
      dropped++;
    }
    return dropped;
  }

  /** Waits for appends in flight, then closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#flushing;
    await this.#active.close();
    this.#appended.emit('append');
  }
}

/** Counts the valid records of a segment and finds where a torn tail starts. */
async function scan(fh: FileHandle): Promise<{ count: number; validBytes: number; fileBytes: number }> {
  const { size } = await fh.stat();
  let pos = 0;
  let count = 0;
  let want = READ_CHUNK;
  while (pos < size) {
    const len = Math.min(want, size - pos);
    const buf = Buffer.allocUnsafe(len);
    const { bytesRead } = await fh.read(buf, 0, len, pos);
    const decoded = decodeRecords(buf.subarray(0, bytesRead));
    count += decoded.payloads.length;
    pos += decoded.consumed;
    if (decoded.corrupt) break;
    if (decoded.payloads.length === 0) {
      if (decoded.needBytes > len && pos + decoded.needBytes <= size) {
        want = decoded.needBytes;
        continue;
      }
      break; // a torn record at the tail
    }
    want = READ_CHUNK;
  }
  return { count, validBytes: pos, fileBytes: size };
}
