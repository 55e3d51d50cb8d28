import type { Message } from 'kafkajs';
import { TallyError } from '../../errors.ts';
import type { BusMessage } from '../bus.ts';

/** kafkajs's limit per request is far larger; these keep each partition's record batch under Kafka's 1 MB default. */
const chunkMaxMessages = 1000;
const chunkMaxBytes = 900 * 1024;

/** JSON-encodes the messages and cuts them into chunks, so that a bad value fails before anything is sent. */
export function encode(messages: readonly BusMessage<unknown>[]): Message[][] {
  const chunks: Message[][] = [];
  let chunk: Message[] = [];
  let bytes = 0;
  messages.forEach(({ key, value }, i) => {
    if (typeof key !== 'string') {
      throw new TallyError('invalid_argument', `messages[${i}].key: expected a string`, { field: `messages[${i}].key` });
    }
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (err) {
      throw new TallyError('invalid_argument', `messages[${i}].value: not JSON-serialisable`, { field: `messages[${i}].value`, cause: err });
    }
    if (json === undefined) {
      throw new TallyError('invalid_argument', `messages[${i}].value: not JSON-serialisable`, { field: `messages[${i}].value` });
    }
    const size = Buffer.byteLength(key) + Buffer.byteLength(json);
    if (chunk.length > 0 && (chunk.length >= chunkMaxMessages || bytes + size > chunkMaxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push({ key, value: json });
    bytes += size;
  });
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Header of a record that carries several bus messages (an envelope), and its value. */
export const ENVELOPE_HEADER = 'tally-envelope';
export const ENVELOPE_VERSION = '1';

/**
 * Packs the messages of one publish (as {@link encode} made them) that go to the same partition into envelope records: one record holds
 * `[[key, value], …]` for up to ~900 KB of messages, in publish order, so per-key order holds (one key, one
 * partition). Kafka's per-record costs (framing, client bookkeeping, fetch round trips) are then paid per
 * envelope, not per message. Chunks are sent one after another, as with plain records.
 */
export function encodeEnvelopes(plain: readonly Message[], partitionOf: (key: string) => number): Message[][] {
  const open = new Map<number, { key: string; parts: string[]; bytes: number }>();
  const records: Message[] = [];
  const close = (partition: number) => {
    const e = open.get(partition);
    if (!e) return;
    records.push({ key: e.key, value: `[${e.parts.join(',')}]`, partition, headers: { [ENVELOPE_HEADER]: ENVELOPE_VERSION } });
    open.delete(partition);
  };
  for (const m of plain) {
    const key = m.key as string;
    const partition = partitionOf(key);
    const part = `[${JSON.stringify(key)},${m.value as string}]`;
    const size = Buffer.byteLength(part);
    let e = open.get(partition);
    if (e && e.bytes + size > chunkMaxBytes) {
      close(partition);
      e = undefined;
    }
    if (!e) open.set(partition, (e = { key, parts: [], bytes: 0 }));
    e.parts.push(part);
    e.bytes += size + 1;
  }
  for (const partition of [...open.keys()]) close(partition);
  // One envelope per partition per request keeps each partition's record batch under Kafka's 1 MB default.
  const chunks: Message[][] = [];
  let chunk: Message[] = [];
  let partitions = new Set<number>();
  for (const r of records) {
    if (partitions.has(r.partition!)) {
      chunks.push(chunk);
      chunk = [];
      partitions = new Set();
    }
    chunk.push(r);
    partitions.add(r.partition!);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Throws `invalid_argument` unless `topic` is a legal Kafka topic name. */
export function checkTopic(topic: string): void {
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic)) {
    throw new TallyError('invalid_argument', `topic: expected 1-249 characters of [A-Za-z0-9._-], got "${topic}"`, { field: 'topic' });
  }
}
