import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/wait-for.ts';
import { buildKafkaTestBroker, startKafkaTestBroker, type KafkaTestBroker } from './index.ts';

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Sends raw lines to the control port and returns the reply lines. */
async function rawControl(port: number, text: string, replies: number): Promise<string[]> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setEncoding('utf8');
  let received = '';
  socket.on('data', (chunk: string) => (received += chunk));
  socket.write(text);
  await waitFor(() => received.split('\n').length > replies, { message: `${replies} replies` });
  socket.destroy();
  return received.split('\n').slice(0, replies);
}

describe('kafka-test-broker', () => {
  let broker: KafkaTestBroker;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await startKafkaTestBroker({ brokers: 2, topics: [{ name: 'preset', partitions: 2 }] });
    kafka = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 2, initialRetryTime: 50 } });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('prints its brokers and control port', () => {
    expect(broker.brokers).toHaveLength(2);
    for (const b of broker.brokers) expect(b).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(broker.bootstrap).toBe(broker.brokers.join(','));
    expect(broker.controlPort).toBeGreaterThan(0);
  });

  it('creates topics from its arguments and through control, with the exact partition count', async () => {
    await broker.control.createTopic('made-by-control', 3);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: ['preset', 'made-by-control'] });
      expect(Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]))).toEqual({ preset: 2, 'made-by-control': 3 });
    } finally {
      await admin.disconnect();
    }
  });

  it('carries messages from a kafkajs producer to a kafkajs consumer group', async () => {
    await broker.control.createTopic('round-trip', 2);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = kafka.consumer({ groupId: 'round-trip-group', maxWaitTimeInMs: 200 });
    const received: string[] = [];
    try {
      await producer.connect();
      await producer.send({ topic: 'round-trip', acks: -1, messages: ['a', 'b', 'c', 'd', 'e'].map((v) => ({ key: v, value: v })) });
      await consumer.connect();
      await consumer.subscribe({ topics: ['round-trip'], fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.value)) });
      await waitFor(() => received.length >= 5, { message: '5 messages' });
      expect(received.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });

  it('takes a broker down and up again', async () => {
    await broker.control.createTopic('faults', 1);
    const admin = kafka.admin();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 1, initialRetryTime: 50 } });
    try {
      await admin.connect();
      const { topics } = await admin.fetchTopicMetadata({ topics: ['faults'] });
      const leader = topics[0]!.partitions[0]!.leader;
      await producer.connect();
      await producer.send({ topic: 'faults', acks: -1, messages: [{ value: 'before' }] });

      await broker.control.setBrokerDown(leader);
      await expect(producer.send({ topic: 'faults', acks: -1, messages: [{ value: 'while down' }] })).rejects.toThrow();

      await broker.control.setBrokerUp(leader);
      await waitFor(
        () => producer.send({ topic: 'faults', acks: -1, messages: [{ value: 'after' }] }).then(() => true),
        { message: 'a send after the broker came back' },
      );
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });

  it('fails the next requests of a type with a chosen error', async () => {
    await broker.control.createTopic('injected', 1);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    try {
      await producer.connect();
      await broker.control.failRequests(0, 10); // Produce: MESSAGE_TOO_LARGE, not retriable
      await expect(producer.send({ topic: 'injected', acks: -1, messages: [{ value: 'x' }] })).rejects.toThrow(/larger/i);
      await producer.send({ topic: 'injected', acks: -1, messages: [{ value: 'y' }] });
    } finally {
      await producer.disconnect();
    }
  });

  it('answers bad commands with an error and keeps serving', async () => {
    await expect(broker.control.createTopic('preset', 2)).rejects.toThrow(/already exists/i);
    await expect(broker.control.setBrokerDown(99)).rejects.toThrow(/not available/i);
    await expect(broker.control.createTopic('bad name', 1)).rejects.toThrow(/invalid topic name/);
    expect(await rawControl(broker.controlPort, 'bogus\ncreate x 0\ncreate a/b 1\ndown one\nfail 3\nping\n', 6)).toEqual([
      'error unknown command: bogus',
      'error invalid partitions: 0',
      'error invalid topic name: a/b',
      'error usage: down <brokerId>',
      'error usage: fail <apiKey> <errorCode> [count 1-100]',
      'ok',
    ]);
    await broker.control.ping();
  });

  it('leaves no process behind after stop()', async () => {
    const own = await startKafkaTestBroker();
    await own.control.ping();
    expect(isRunning(own.pid)).toBe(true);
    await own.stop();
    await own.stop(); // a second stop is harmless
    expect(isRunning(own.pid)).toBe(false);
  });

  it('exits by itself when its stdin closes (its parent is gone)', async () => {
    const child = spawn(await buildKafkaTestBroker(), [], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    await waitFor(() => /CONTROL \d+\n/.test(out), { message: 'the start-up lines' });
    const exited = once(child, 'exit');
    child.stdin.end();
    expect(await exited).toEqual([0, null]);
    expect(isRunning(child.pid!)).toBe(false);
  });

  it('reports a bad argument instead of starting', async () => {
    await expect(startKafkaTestBroker({ topics: [{ name: 'no good', partitions: 1 }] })).rejects.toThrow(/invalid topic name: no good/);
  });
});
