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

/** Throws `invalid_argument` unless `topic` is a legal Kafka topic name. */
export function checkTopic(topic: string): void {
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic)) {
    throw new TallyError('invalid_argument', `topic: expected 1-249 characters of [A-Za-z0-9._-], got "${topic}"`, { field: 'topic' });
  }
}
