import { connect } from 'node:net';

/** Commands for a running kafka-test-broker, over its control port. Each call opens one connection. */
export interface KafkaTestBrokerControl {
  /** Creates a topic with exactly `partitions` partitions; rejects if it exists already. */
  createTopic(name: string, partitions: number): Promise<void>;
  /** Closes broker `id`'s connections and refuses new ones (ids count from 1; -1 means all). */
  setBrokerDown(id: number): Promise<void>;
  /** Lets broker `id` accept connections again. */
  setBrokerUp(id: number): Promise<void>;
  /**
   * Answers the next `count` requests of one type, to any broker, with a Kafka error code: for example
   * `failRequests(14, 42)` makes the next SyncGroup fail with INVALID_REQUEST. For fault tests; use a
   * broker of your own, since the next such request may come from any client.
   */
  failRequests(apiKey: number, errorCode: number, count?: number): Promise<void>;
  /** Resolves when the broker answers. */
  ping(): Promise<void>;
}

/** Longest wait for one reply; the broker answers at once, so this only bounds a hung connection. */
const replyTimeoutMs = 10_000;

/**
 * Returns a client for the control port of a kafka-test-broker, for example one that vitest's globalSetup
 * started in another process and whose port came through an environment variable.
 *
 * @example
 * const control = connectKafkaTestBrokerControl(Number(process.env.TALLY_TEST_KAFKA_CONTROL));
 * await control.createTopic('events-test-1', 4);
 */
export function connectKafkaTestBrokerControl(port: number, host = '127.0.0.1'): KafkaTestBrokerControl {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`invalid control port: ${port}`);
  }
  const send = (line: string) => sendCommand(host, port, line);
  return {
    createTopic(name, partitions) {
      if (!/^[A-Za-z0-9._-]{1,249}$/.test(name)) return Promise.reject(new Error(`invalid topic name: ${name}`));
      if (!Number.isInteger(partitions) || partitions < 1) {
        return Promise.reject(new Error(`invalid partitions: ${partitions}`));
      }
      return send(`create ${name} ${partitions}`);
    },
    setBrokerDown: (id) => (isBrokerId(id) ? send(`down ${id}`) : Promise.reject(new Error(`invalid broker id: ${id}`))),
    setBrokerUp: (id) => (isBrokerId(id) ? send(`up ${id}`) : Promise.reject(new Error(`invalid broker id: ${id}`))),
    failRequests(apiKey, errorCode, count = 1) {
      if (![apiKey, errorCode, count].every(Number.isInteger)) {
        return Promise.reject(new Error(`invalid failRequests arguments: ${apiKey} ${errorCode} ${count}`));
      }
      return send(`fail ${apiKey} ${errorCode} ${count}`);
    },
    ping: () => send('ping'),
  };
}

function isBrokerId(id: number): boolean {
  return Number.isInteger(id) && id >= -1;
}

function sendCommand(host: string, port: number, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let reply = '';
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const socket = connect({ host, port }, () => socket.write(`${line}\n`));
    socket.setEncoding('utf8');
    socket.setTimeout(replyTimeoutMs, () => settle(new Error(`kafka-test-broker: ${line}: no reply`)));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      const end = reply.indexOf('\n');
      if (end < 0) return;
      const answer = reply.slice(0, end);
      settle(answer === 'ok' ? undefined : new Error(`kafka-test-broker: ${line}: ${answer.replace(/^error /, '')}`));
    });
    socket.on('error', (error) =>
      settle(new Error(`kafka-test-broker control ${host}:${port}: ${error.message}`, { cause: error })),
    );
    socket.on('close', () => settle(new Error(`kafka-test-broker: ${line}: connection closed before the reply`)));
  });
}
