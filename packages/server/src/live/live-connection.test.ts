import { LIVE_MIN_PUSH_INTERVAL_MS, type LiveServerMessage, type QueryResponse } from '@tally/client-sdk';
import { TallyError } from '@tally/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scopeOfClaims } from '../auth/token-scope.ts';
import { LiveConnection, type LiveSettings, type LiveSocket } from './live-connection.ts';

const NOW = Date.UTC(2026, 10, 20, 12);
const EVENTS_7D = { metric: 'events', range: '7d', granularity: 'day' };

/** A socket that records what is sent and lets a test fill its buffer. */
function fakeSocket() {
  const sent: LiveServerMessage[] = [];
  const socket: LiveSocket & { closedWith?: number } = {
    bufferedAmount: 0,
    send: (text) => void sent.push(JSON.parse(text) as LiveServerMessage),
    close(code) {
      socket.closedWith = code;
    },
  };
  return { socket, sent, results: () => sent.flatMap((m) => (m.type === 'result' ? [m.result.series[0]!.total] : [])) };
}

describe('LiveConnection', () => {
  let total: number;
  let runs: number;
  let settings: LiveSettings;

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    total = 0;
    runs = 0;
    settings = {
      verify: async () => ({ id: 't1', subject: 'u', expiresAt: NOW / 1000 + 600, claims: { tenant: 'acme', role: 'finance' } }),
      scopeOf: (claims) => scopeOfClaims(claims),
      hitMessage: async () => undefined,
      maxMessagesPerMinute: 120,
      query: async () => {
        runs += 1;
        return { series: [{ points: [], total }], meta: {} } as unknown as QueryResponse;
      },
      now: Date.now,
      authTimeoutMs: 10_000,
      heartbeatMs: 15_000,
      minPushIntervalMs: LIVE_MIN_PUSH_INTERVAL_MS,
      maxSubscriptions: 10,
      highWaterBytes: 1000,
      onAuthenticated: () => {},
      onClosed: () => {},
    };
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function subscribed() {
    const fake = fakeSocket();
    const connection = new LiveConnection(fake.socket, settings);
    connection.receive(JSON.stringify({ type: 'auth', token: 'x' }));
    connection.receive(JSON.stringify({ type: 'subscribe', id: 'ev', query: EVENTS_7D }));
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.results()).toEqual([0]);
    return { ...fake, connection };
  }

  it('runs a burst of changes at most once per interval, ending with the latest data', async () => {
    const { connection, results } = await subscribed();
    for (let i = 1; i <= 10; i++) {
      total = i;
      connection.changed(['events']);
      await vi.advanceTimersByTimeAsync(20);
    }
    await vi.advanceTimersByTimeAsync(LIVE_MIN_PUSH_INTERVAL_MS);
    expect(runs).toBeLessThanOrEqual(3);
    expect(results().at(-1)).toBe(10);
    expect(results().length).toBeLessThanOrEqual(3);
  });

  it('ignores changes to metrics the subscription does not read, and sends no equal result twice', async () => {
    const { connection, results } = await subscribed();
    connection.changed(['mrr']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(1);
    connection.changed(['events']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
    expect(results()).toEqual([0]);
  });

  it('gives a slow client the latest result once its buffer drains, not one per change', async () => {
    const { socket, connection, results } = await subscribed();
    (socket as { bufferedAmount: number }).bufferedAmount = 5000;
    for (let i = 1; i <= 20; i++) {
      total = i;
      connection.changed(['events']);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(results()).toEqual([0]);
    expect(runs).toBe(1); // nothing computed while nothing could be sent
    (socket as { bufferedAmount: number }).bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(LIVE_MIN_PUSH_INTERVAL_MS);
    expect(results()).toEqual([0, 20]);
  });

  it('never sends a result computed under a token that was replaced meanwhile', async () => {
    const { connection, sent } = await subscribed();
    let release!: () => void;
    settings.query = async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { series: [{ points: [], total: 99 }], meta: {} } as unknown as QueryResponse;
    };
    connection.changed(['events']);
    await vi.advanceTimersByTimeAsync(LIVE_MIN_PUSH_INTERVAL_MS);
    settings.verify = async () => ({ id: 't2', subject: 'u', expiresAt: NOW / 1000 + 600, claims: { tenant: 'acme', role: 'viewer' } });
    connection.receive(JSON.stringify({ type: 'auth', token: 'y' }));
    await vi.advanceTimersByTimeAsync(0);
    settings.query = async () => {
      throw new TallyError('forbidden', 'metric: this token may not read events', { field: 'metric' });
    };
    release();
    await vi.advanceTimersByTimeAsync(LIVE_MIN_PUSH_INTERVAL_MS);
    expect(sent.filter((m) => m.type === 'result')).toHaveLength(1);
    expect(sent.at(-1)).toMatchObject({ type: 'error', id: 'ev', code: 'forbidden' });
    expect(connection.subscriptions).toBe(0);
  });
});
