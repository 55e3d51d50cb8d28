import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, fakeWebSocket, flush, queryResult, type FakeSocket } from './client-testing.ts';
import { createClient } from './create-client.ts';
import { LIVE_IDLE_PING_MS, LIVE_PING_TIMEOUT_MS } from './live-connection.ts';
import type { TallyApiError } from './wire/errors.ts';
import { LIVE_CLOSE, type LiveServerMessage } from './wire/live.ts';
import type { QueryRequest, QueryResponse } from './wire/query.ts';

const mrr: QueryRequest = { metric: 'mrr', range: '30d' };
const users: QueryRequest = { metric: 'active_users', range: '24h', granularity: 'hour' };
const inTenMinutes = (): string => new Date(Date.now() + 10 * 60_000).toISOString();

function setup() {
  const { WebSocket, sockets } = fakeWebSocket();
  let n = 0;
  const getToken = vi.fn(() => Promise.resolve(`tok-${++n}`));
  const client = createClient({ url: 'https://tally.example.com/api', getToken, fetch: fakeFetch().fetch, WebSocket });
  /** The `n`th socket, once the client has made it. */
  const socket = async (index: number): Promise<FakeSocket> => {
    await flush();
    const ws = sockets[index];
    if (ws === undefined) throw new Error(`expected socket ${index}, got ${sockets.length}`);
    return ws;
  };
  /** Opens socket `index` and accepts its token, as the server does. */
  const ready = async (index: number): Promise<FakeSocket> => {
    const ws = await socket(index);
    ws.open();
    ws.receive({ type: 'ready', expiresAt: inTenMinutes() });
    return ws;
  };
  return { client, sockets, getToken, socket, ready };
}

const subscribes = (ws: FakeSocket): unknown[] => ws.sent.filter((m) => m.type === 'subscribe');

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-20T12:00:00.000Z') });
  vi.spyOn(Math, 'random').mockReturnValue(1); // backoff delays without jitter: 250, 500, 1000 ms…
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('createClient().subscribe()', () => {
  it('opens the socket lazily, sends auth first and subscribes once the server is ready', async () => {
    const { client, sockets, socket } = setup();
    await flush();
    expect(sockets).toHaveLength(0);
    client.subscribe(mrr, () => {});
    const ws = await socket(0);
    expect(ws.url).toBe('wss://tally.example.com/api/v1/live');
    ws.open();
    expect(ws.sent).toEqual([{ type: 'auth', token: 'tok-1' }]);
    ws.receive({ type: 'ready', expiresAt: inTenMinutes() });
    expect(ws.sent).toEqual([
      { type: 'auth', token: 'tok-1' },
      { type: 'subscribe', id: 's1', query: mrr },
    ]);
    client.subscribe(users, () => {});
    expect(ws.sent.at(-1)).toEqual({ type: 'subscribe', id: 's2', query: users });
    expect(sockets).toHaveLength(1);
  });

  it('routes results and errors by subscription id', async () => {
    const { client, ready } = setup();
    const mrrResults: QueryResponse[] = [];
    const userResults: QueryResponse[] = [];
    const userErrors: TallyApiError[] = [];
    client.subscribe(mrr, (r) => mrrResults.push(r));
    client.subscribe(users, (r) => userResults.push(r), { onError: (e) => userErrors.push(e) });
    const ws = await ready(0);
    ws.receive({ type: 'result', id: 's2', result: queryResult(2, 'active_users') });
    ws.receive({ type: 'result', id: 's1', result: queryResult(1) });
    ws.receive({ type: 'result', id: 's9', result: queryResult(9) });
    ws.receive({ type: 'error', id: 's2', code: 'forbidden', message: 'not for viewers' });
    expect(mrrResults.map((r) => r.series[0]?.total)).toEqual([1]);
    expect(userResults.map((r) => r.series[0]?.total)).toEqual([2]);
    expect(userErrors.map((e) => [e.code, e.message])).toEqual([['forbidden', 'not for viewers']]);
  });

  it('shares one server subscription among identical queries and hands a late joiner the latest result', async () => {
    const { client, ready } = setup();
    const first: number[] = [];
    const second: number[] = [];
    client.subscribe(mrr, (r) => first.push(r.series[0]?.total ?? -1));
    const ws = await ready(0);
    ws.receive({ type: 'result', id: 's1', result: queryResult(1) });
    const unsubscribe = client.subscribe({ range: '30d', metric: 'mrr' }, (r) => second.push(r.series[0]?.total ?? -1));
    await flush();
    ws.receive({ type: 'result', id: 's1', result: queryResult(2) });
    expect(subscribes(ws)).toHaveLength(1);
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([1, 2]);
    unsubscribe();
    expect(ws.sent.some((m) => m.type === 'unsubscribe')).toBe(false);
  });

  it('sends the widget with the subscription; the same query from another widget is another subscription', async () => {
    const { client, ready } = setup();
    client.subscribe(mrr, () => {}, { widget: 'kpi-tile' });
    client.subscribe(mrr, () => {}, { widget: 'kpi-tile' });
    client.subscribe(mrr, () => {}, { widget: 'metric-chart' });
    client.subscribe(mrr, () => {});
    const ws = await ready(0);
    expect(subscribes(ws)).toEqual([
      { type: 'subscribe', id: 's1', query: mrr, widget: 'kpi-tile' },
      { type: 'subscribe', id: 's2', query: mrr, widget: 'metric-chart' },
      { type: 'subscribe', id: 's3', query: mrr },
    ]);
  });

  it('after a 4410 (revoked) close tells every listener, fetches a fresh token and reconnects', async () => {
    const { client, getToken, ready, socket } = setup();
    const errors: TallyApiError[] = [];
    client.subscribe(mrr, () => {}, { onError: (e) => errors.push(e) });
    const first = await ready(0);
    first.serverClose(LIVE_CLOSE.tokenRevoked, 'token: revoked');
    expect(errors.map((e) => e.code)).toEqual(['unauthorized']);
    expect(errors[0]!.message).toContain('revoked');
    await vi.advanceTimersByTimeAsync(250);
    const second = await socket(1);
    second.open();
    expect(second.sent[0]).toEqual({ type: 'auth', token: 'tok-2' });
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it('after a 4430 (too many messages) close reports rate_limited and reconnects with backoff', async () => {
    const { client, ready, socket } = setup();
    const errors: TallyApiError[] = [];
    client.subscribe(mrr, () => {}, { onError: (e) => errors.push(e) });
    const first = await ready(0);
    first.serverClose(LIVE_CLOSE.tooManyMessages);
    expect(errors.map((e) => e.code)).toEqual(['rate_limited']);
    await vi.advanceTimersByTimeAsync(250);
    await socket(1);
  });

  it('reconnects after a drop with capped exponential backoff and resubscribes everything', async () => {
    const { client, sockets, socket, ready } = setup();
    client.subscribe(mrr, () => {});
    client.subscribe(users, () => {});
    (await ready(0)).serverClose(1006);

    await vi.advanceTimersByTimeAsync(249);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    (await socket(1)).serverClose(1006); // refused before it opened: the next wait doubles
    await vi.advanceTimersByTimeAsync(499);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    const ws = await ready(2);
    expect(ws.sent).toEqual([
      { type: 'auth', token: 'tok-1' },
      { type: 'subscribe', id: 's1', query: mrr },
      { type: 'subscribe', id: 's2', query: users },
    ]);

    ws.serverClose(LIVE_CLOSE.goingAway); // a ready socket resets the backoff
    await vi.advanceTimersByTimeAsync(250);
    expect(sockets).toHaveLength(4);
  });

  it('caps the backoff at 30 s', async () => {
    const { client, sockets, socket } = setup();
    client.subscribe(mrr, () => {});
    for (let i = 0; i < 10; i += 1) {
      (await socket(i)).serverClose(1006);
      await vi.advanceTimersByTimeAsync(Math.min(30_000, 250 * 2 ** i));
    }
    (await socket(10)).serverClose(1006);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(sockets).toHaveLength(11);
    await vi.advanceTimersByTimeAsync(1);
    await socket(11);
  });

  it.each([LIVE_CLOSE.tokenExpired, LIVE_CLOSE.unauthorized])('fetches a new token before reconnecting after %i', async (code) => {
    const { client, getToken, ready, socket } = setup();
    const errors: string[] = [];
    client.subscribe(mrr, () => {}, { onError: (e) => errors.push(e.code) });
    const ws = await ready(0);
    expect(getToken).toHaveBeenCalledTimes(1);
    ws.serverClose(code);
    await vi.advanceTimersByTimeAsync(250);
    const next = await socket(1);
    expect(getToken).toHaveBeenCalledTimes(2);
    next.open();
    expect(next.sent[0]).toEqual({ type: 'auth', token: 'tok-2' });
    expect(errors).toEqual(code === LIVE_CLOSE.unauthorized ? ['unauthorized'] : []);
  });

  it('sends a fresh token on the open socket 30 s before the old one expires', async () => {
    const { client, getToken, socket, sockets } = setup();
    client.subscribe(mrr, () => {});
    const ws = await socket(0);
    ws.open();
    ws.receive({ type: 'ready', expiresAt: inTenMinutes() });
    for (let elapsed = 0; elapsed < 9.5 * 60_000 - 15_000; elapsed += 15_000) {
      await vi.advanceTimersByTimeAsync(15_000);
      ws.receive({ type: 'heartbeat' });
    }
    await vi.advanceTimersByTimeAsync(15_000 - 1);
    expect(getToken).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await flush();
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(ws.sent.at(-1)).toEqual({ type: 'auth', token: 'tok-2' });
    ws.receive({ type: 'ready', expiresAt: inTenMinutes() });
    expect(subscribes(ws)).toHaveLength(1);
    expect(sockets).toHaveLength(1);
  });

  it('pings a quiet server and reconnects when the ping goes unanswered', async () => {
    const { client, sockets, ready } = setup();
    client.subscribe(mrr, () => {});
    const ws = await ready(0);
    await vi.advanceTimersByTimeAsync(LIVE_IDLE_PING_MS);
    expect(ws.sent.at(-1)).toEqual({ type: 'ping' });
    ws.receive({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(LIVE_IDLE_PING_MS + LIVE_PING_TIMEOUT_MS - 1);
    expect(ws.closedWith).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(ws.closedWith).toEqual({ code: 4000, reason: 'no heartbeat' });
    await vi.advanceTimersByTimeAsync(250);
    expect(sockets).toHaveLength(2);
  });

  it('unsubscribes on the socket, and closes it when the last subscription goes', async () => {
    const { client, sockets, ready } = setup();
    const stopMrr = client.subscribe(mrr, () => {});
    const controller = new AbortController();
    client.subscribe(users, () => {}, { signal: controller.signal });
    const ws = await ready(0);
    stopMrr();
    stopMrr();
    expect(ws.sent.filter((m) => m.type === 'unsubscribe')).toEqual([{ type: 'unsubscribe', id: 's1' }]);
    expect(ws.closedWith).toBeUndefined();
    controller.abort();
    expect(ws.closedWith).toEqual({ code: 1000, reason: 'no subscriptions' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);

    client.subscribe(mrr, () => {});
    const again = await ready(1);
    expect(subscribes(again)).toEqual([{ type: 'subscribe', id: 's3', query: mrr }]);
  });

  it('opens nothing when the last subscription goes while the token is still coming', async () => {
    const { client, sockets } = setup();
    client.subscribe(mrr, () => {})();
    await flush();
    expect(sockets).toHaveLength(0);
  });

  it('keeps the other listeners when one throws', async () => {
    const { client, ready } = setup();
    const seen: number[] = [];
    const thrown: unknown[] = [];
    const onUncaught = (err: unknown): void => void thrown.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      client.subscribe(mrr, () => {
        throw new Error('widget bug');
      });
      client.subscribe(users, (r) => seen.push(r.series[0]?.total ?? -1));
      const ws = await ready(0);
      const result = (id: string, total: number): LiveServerMessage => ({ type: 'result', id, result: queryResult(total) });
      ws.receive(result('s1', 1));
      ws.receive(result('s2', 2));
      await flush();
      expect(seen).toEqual([2]);
      expect(thrown).toEqual([new Error('widget bug')]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
