import { crc32 } from 'node:zlib';

/**
 * On-disk framing of one record: `[u32 length][u32 crc32(payload)][payload]`, big-endian. The checksum
 * finds a torn write at the tail after a crash; everything before it is intact because it was fsynced.
 */
export const HEADER_BYTES = 8;

/** Frames payloads into one buffer for a single write. */
export function encodeRecords(payloads: readonly Buffer[]): Buffer {
  let size = 0;
  for (const p of payloads) size += HEADER_BYTES + p.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const p of payloads) {
    out.writeUInt32BE(p.length, at);
    out.writeUInt32BE(crc32(p), at + 4);
    p.copy(out, at + HEADER_BYTES);
    at += HEADER_BYTES + p.length;
  }
  return out;
}

/** Result of scanning a buffer of framed records. */
export interface DecodeResult {
  payloads: Buffer[];
  /** Bytes consumed by complete, valid records. */
  consumed: number;
  /** Set when a record's checksum does not match (a torn or corrupt tail). */
  corrupt: boolean;
  /** Length of the record that did not fit in the buffer, if any: read at least this much next time. */
  needBytes: number;
}

/** Reads complete records from `buf`, at most `max`. Stops at the first incomplete or corrupt record. */
export function decodeRecords(buf: Buffer, max = Number.POSITIVE_INFINITY): DecodeResult {
  const payloads: Buffer[] = [];
  let at = 0;
  while (payloads.length < max && at + HEADER_BYTES <= buf.length) {
    const length = buf.readUInt32BE(at);
    const end = at + HEADER_BYTES + length;
    if (end > buf.length) return { payloads, consumed: at, corrupt: false, needBytes: HEADER_BYTES + length };
    const payload = buf.subarray(at + HEADER_BYTES, end);
    if (crc32(payload) !== buf.readUInt32BE(at + 4)) return { payloads, consumed: at, corrupt: true, needBytes: 0 };
    payloads.push(payload);
    at = end;
  }
  return { payloads, consumed: at, corrupt: false, needBytes: 0 };
}
