import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { uniqueName } from '../../../../../test/support/services.ts';
import { waitFor } from '../../../../../test/support/wait-for.ts';
import {
  connectKafkaTestBrokerControl,
  startKafkaTestBroker,
  type KafkaTestBroker,
  type KafkaTestBrokerControl,
} from '../../../../../tools/kafka-test-broker/index.ts';
import { isTallyError } from '../../errors.ts';
import { describeBusContract } from '../bus.contract.ts';
import type { Bus, BusBatch } from '../bus.ts';
import { createKafkaBus, type KafkaBusOptions } from './kafka-bus.ts';

interface TestBroker {
  brokers: string[];
  control: KafkaTestBrokerControl;
  stop(): Promise<void>;
}

/** The run's shared broker (vitest globalSetup) when there is one, else a broker of our own. */
async function sharedOrOwnBroker(): Promise<TestBroker> {
  const brokers = process.env.TALLY_TEST_KAFKA_BROKERS;
  const control = process.env.TALLY_TEST_KAFKA_CONTROL;
  if (brokers && control) {
    return { brokers: brokers.split(','), control: connectKafkaTestBrokerControl(Number(control)), stop: async () => {} };
  }
  return startKafkaTestBroker({ brokers: 3 });
}

/**
 * Settings for the librdkafka mock: no idempotent producer, no admin topic creation, short waits. The mock
 * completes every rebalance but a group's first only after the session timeout less a second, so the
 * session timeout is Kafka's minimum (6 s) rather than 30 s.
 */
const testBusOptions = (brokers: string[], extra: Partial<KafkaBusOptions> = {}): KafkaBusOptions => ({
  brokers,
  idempotent: false,
  createTopics: false,
  maxWaitTimeMs: 200,
  sessionTimeoutMs: 6000,
  heartbeatIntervalMs: 1000,
  retry: { retries: 3, initialRetryTimeMs: 50, maxRetryTimeMs: 1000 },
  ...extra,
});

describeBusContract('kafka', async () => {
  const broker = await sharedOrOwnBroker();
  return {
    open: async () => createKafkaBus(testBusOptions(broker.brokers)),
    // The mock cannot create topics through the admin API; the broker makes them with the exact count.
    createTopic: async (bus, name, partitions) => {
      await broker.control.createTopic(name, partitions);
      await bus.ensureTopic(name, partitions);
    },
    cleanup: () => broker.stop(),
  };
});

describe('kafka bus', () => {
  let broker: TestBroker;
  let bus: Bus;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    broker = await sharedOrOwnBroker();
    bus = createKafkaBus(testBusOptions(broker.brokers));
  });
  afterEach(async () => {
    await Promise.allSettled(cleanups.splice(0).map((c) => c()));
  });
  afterAll(async () => {
    await bus?.close();
    await broker?.stop();
  });

  const topicWith = async (partitions: number) => {
    const topic = uniqueName('kbus');
    await broker.control.createTopic(topic, partitions);
    return topic;
  };
  const numbered = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => ({ key: 'k', value: { n: from + i } }));
  /** Sends plain records (one message each, no envelope) in one request, as another producer would. */
  const produceRecords = async (topic: string, messages: { key: string; value: unknown }[]) => {
    const producer = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value) })) });
    } finally {
      await producer.disconnect();
    }
  };
  const subscribe = async (topic: string, group: string, handler: (batch: BusBatch<{ n: number }>) => Promise<void>, maxBatchSize = 1000) => {
    const sub = await bus.subscribe<{ n: number }>(topic, group, handler, { maxBatchSize });
    cleanups.push(() => sub.stop());
    return sub;
  };

  it('sends one publish as one envelope per partition, cuts it into handler batches, and commits it only once all are handled', async () => {
    const topic = await topicWith(1);
    const group = uniqueName('g');
    await bus.publish(topic, numbered(0, 2500));
    const calls: { n: number[]; offsets: number[] }[] = [];
    let failures = 0;
    const sub = await subscribe(
      topic,
      group,
      async (batch) => {
        calls.push({ n: batch.messages.map((m) => m.value.n), offsets: [...new Set(batch.messages.map((m) => m.offset))] });
        if (batch.messages[0]!.value.n === 1000 && failures++ === 0) throw new Error('fails once, in the middle of the envelope');
      },
      1000,
    );
    await waitFor(() => calls.some((c) => c.n.includes(2499)), { message: 'the last message', timeoutMs: 30_000 });
    expect(calls.every((c) => c.n.length <= 1000 && c.offsets.length === 1 && c.offsets[0] === 0)).toBe(true);
    // After the failure the whole record comes again from its first message: nothing was committed past it.
    const failedAt = calls.findIndex((c) => c.n[0] === 1000);
    expect(calls[failedAt + 1]?.n[0]).toBe(0);
    expect(calls.slice(failedAt + 1).flatMap((c) => c.n)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    await waitFor(async () => (await sub.lag())[0]?.lag === 0, { message: 'the record committed' });
    expect(await sub.lag()).toEqual([{ partition: 0, endOffset: 1, committedOffset: 1, lag: 0 }]);
  });

  it('delivers a failed chunk again, and never commits past it', async () => {
    const topic = await topicWith(1);
    const group = uniqueName('g');
    await produceRecords(topic, numbered(0, 10));
    const calls: number[][] = [];
    let failed = false;
    await subscribe(
      topic,
      group,
      async (batch) => {
        const offsets = batch.messages.map((m) => m.offset);
        calls.push(offsets);
        if (offsets[0] === 3 && !failed) {
          failed = true;
          throw new Error('fails once on purpose');
        }
      },
      3,
    );
    await waitFor(() => calls.at(-1)?.includes(9), { message: 'offset 9' });
    const failedAt = calls.findIndex((c) => c[0] === 3);
    expect(calls[failedAt + 1]?.[0]).toBe(3); // the same messages again, not the next chunk
    const handled = calls.filter((_, i) => i !== failedAt).flat();
    expect(handled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(calls.every((c) => c.length <= 3)).toBe(true);
  });

  it('resumes a group at the first chunk its handler never finished', async () => {
    const topic = await topicWith(1);
    const group = uniqueName('g');
    await produceRecords(topic, numbered(0, 9));
    const attempts: number[] = [];
    const failing = await subscribe(
      topic,
      group,
      async (batch) => {
        attempts.push(batch.messages[0]!.offset);
        if (batch.messages[0]!.offset >= 3) throw new Error('always fails from offset 3');
      },
      3,
    );
    await waitFor(() => attempts.filter((o) => o === 3).length >= 2, { message: 'two attempts at offset 3' });
    expect(attempts).not.toContain(6);
    await failing.stop();

    const seen: number[] = [];
    await subscribe(topic, group, async (batch) => void seen.push(...batch.messages.map((m) => m.offset)));
    await waitFor(() => seen.includes(8), { message: 'the rest' });
    expect(seen).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('lets the chunk in flight finish and commit before stop() resolves', async () => {
    const topic = await topicWith(1);
    const group = uniqueName('g');
    await produceRecords(topic, numbered(0, 6));
    const events: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const sub = await subscribe(
      topic,
      group,
      async (batch) => {
        events.push(`start ${batch.messages[0]!.offset}`);
        await released;
        events.push(`end ${batch.messages[0]!.offset}`);
      },
      3,
    );
    await waitFor(() => events.includes('start 0'), { message: 'the first chunk' });
    const stopped = sub.stop().then(() => events.push('stopped'));
    release();
    await stopped;
    expect(events).toEqual(['start 0', 'end 0', 'stopped']); // the second chunk was not started

    const seen: number[] = [];
    await subscribe(topic, group, async (batch) => void seen.push(...batch.messages.map((m) => m.offset)));
    await waitFor(() => seen.includes(5), { message: 'the rest' });
    expect(seen).toEqual([3, 4, 5]);
  });

  it('delivers a value that is not JSON as its raw string', async () => {
    const topic = await topicWith(1);
    const kafka = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [{ key: 'a', value: 'not json {' }, { key: 'b', value: null }] });
    } finally {
      await producer.disconnect();
    }
    const values: unknown[] = [];
    await subscribe(topic, uniqueName('g'), async (batch) => void values.push(...batch.messages.map((m) => m.value)));
    await waitFor(() => values.length >= 2, { message: 'two messages' });
    expect(values).toEqual(['not json {', null]);
  });

  it('checks partition counts when it may not create topics', async () => {
    const topic = await topicWith(2);
    await bus.ensureTopic(topic, 2);
    await bus.ensureTopic(topic, 1);
    await expect(bus.ensureTopic(topic, 3)).rejects.toSatisfy((err) => isTallyError(err, 'config_invalid'));
    // The mock creates a topic that is merely looked up, with its default of 4 partitions.
    const looked = uniqueName('kbus-auto');
    await bus.ensureTopic(looked, 4);
    await expect(bus.ensureTopic(looked, 5)).rejects.toThrow(/has 4 partitions, 5 required/);
  });

  it('rejects bad arguments before sending anything', async () => {
    await expect(bus.publish('bad topic', numbered(0, 1))).rejects.toSatisfy((err) => isTallyError(err, 'invalid_argument'));
    await expect(bus.publish('t', [{ key: 'k', value: undefined }])).rejects.toSatisfy((err) => isTallyError(err, 'invalid_argument'));
    await expect(bus.publish('t', [{ key: 'k', value: 10n }])).rejects.toSatisfy((err) => isTallyError(err, 'invalid_argument'));
    await expect(bus.subscribe('t', 'g', async () => {}, { maxBatchSize: 0 })).rejects.toSatisfy((err) =>
      isTallyError(err, 'invalid_argument'),
    );
    expect(() => createKafkaBus({ brokers: [] })).toThrow(/brokers/);
  });

  it('routes kafkajs logs to the logger and prints nothing to the console', async () => {
    const logged: { level: string; msg: string | undefined; obj: object }[] = [];
    const entry = (level: string) => (obj: object, msg?: string) => void logged.push({ level, msg, obj });
    const logger = { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') };
    const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const own = createKafkaBus(testBusOptions(broker.brokers, { logger }));
    try {
      const topic = await topicWith(1);
      await own.publish(topic, numbered(0, 1));
      const sub = await own.subscribe(topic, uniqueName('g'), async () => {}, { from: 'latest' });
      await sub.stop();
    } finally {
      await own.close();
      for (const spy of consoleSpies) spy.mockRestore();
    }
    expect(logged.some((l) => l.level === 'info' && l.msg === 'Consumer has joined the group')).toBe(true);
    expect(logged.every((l) => 'kafkajs' in l.obj)).toBe(true);
    expect(logged.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
    for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
  });
});

describe('kafka bus with a broker of its own', () => {
  // Faults injected here would hit whichever client sends the next such request: not on the shared broker.
  let own: KafkaTestBroker;
  beforeAll(async () => {
    own = await startKafkaTestBroker();
  });
  afterAll(async () => {
    await own?.stop();
  });

  it('restarts a consumer that kafkajs gave up on', async () => {
    const topic = uniqueName('crash');
    await own.control.createTopic(topic, 1);
    const errors: string[] = [];
    const ignore = () => {};
    const logger = { debug: ignore, info: ignore, warn: ignore, error: (_obj: object, msg?: string) => void errors.push(msg ?? '') };
    const bus = createKafkaBus(testBusOptions(own.brokers, { logger }));
    try {
      await bus.publish(topic, [1, 2, 3].map((n) => ({ key: 'k', value: n })));
      await own.control.failRequests(14, 42); // the next SyncGroup fails with INVALID_REQUEST, which kafkajs does not retry
      const seen: unknown[] = [];
      const sub = await bus.subscribe(topic, uniqueName('g'), async (batch) => void seen.push(...batch.messages.map((m) => m.value)));
      await waitFor(() => seen.length >= 3, { message: 'the messages after a restart', timeoutMs: 25_000 });
      expect(seen).toEqual([1, 2, 3]);
      expect(errors).toContain('kafka: consumer crashed; restarting it');
      expect(sub.assignedPartitions()).toEqual([0]);
    } finally {
      await bus.close();
    }
  });
});

describe('kafka bus when the broker is away', () => {
  const fast = { retries: 1, initialRetryTimeMs: 20, maxRetryTimeMs: 100 };

  it('rejects publish with bus_unavailable when nothing listens', async () => {
    const bus = createKafkaBus(testBusOptions(['127.0.0.1:1'], { retry: fast }));
    try {
      await expect(bus.publish('nowhere', [{ key: 'k', value: 1 }])).rejects.toSatisfy((err) => isTallyError(err, 'bus_unavailable'));
      await expect(bus.subscribe('nowhere', 'g', async () => {})).rejects.toSatisfy((err) => isTallyError(err, 'bus_unavailable'));
    } finally {
      await bus.close();
    }
  });

  it('rejects lag() with bus_unavailable when the broker cannot list offsets', async () => {
    // A broker of its own: injected request errors hit every client of the broker.
    const own = await startKafkaTestBroker({ topics: [{ name: 'lagging', partitions: 1 }] });
    const bus = createKafkaBus(testBusOptions(own.brokers, { retry: fast }));
    try {
      await bus.publish('lagging', [{ key: 'k', value: 1 }]);
      let handled = false;
      const sub = await bus.subscribe('lagging', uniqueName('g'), async () => void (handled = true));
      // Once a message is handled the consumer has its positions and sends no ListOffsets of its own.
      await waitFor(() => handled, { message: 'the message', timeoutMs: 30_000 });
      await own.control.failRequests(2 /* ListOffsets */, 29 /* TOPIC_AUTHORIZATION_FAILED */);
      await expect(sub.lag()).rejects.toSatisfy((err) => isTallyError(err, 'bus_unavailable'));
      await sub.stop();
    } finally {
      await bus.close();
      await own.stop();
    }
  });

  it('rejects publish while the broker is down, and publishes again once it is back', async () => {
    // A broker of its own: taking the shared one down would disturb other tests.
    const own = await startKafkaTestBroker({ topics: [{ name: 'outage', partitions: 2 }] });
    const bus = createKafkaBus(testBusOptions(own.brokers, { retry: fast }));
    try {
      await bus.publish('outage', [{ key: 'k', value: 'before' }]);
      await own.control.setBrokerDown(1);
      await expect(bus.publish('outage', [{ key: 'k', value: 'during' }])).rejects.toSatisfy((err) =>
        isTallyError(err, 'bus_unavailable'),
      );
      await own.control.setBrokerUp(1);
      await waitFor(() => bus.publish('outage', [{ key: 'k', value: 'after' }]).then(() => true), { message: 'a publish after the outage' });

      const values: unknown[] = [];
      const sub = await bus.subscribe('outage', 'check', async (batch) => void values.push(...batch.messages.map((m) => m.value)));
      await waitFor(() => values.includes('after'), { message: 'the messages' });
      await sub.stop();
    } finally {
      await bus.close();
      await own.stop();
    }
  });
});
