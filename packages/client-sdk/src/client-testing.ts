// Test doubles for the client SDK's tests: a controllable fetch, a fake WebSocket, and token helpers.
// Not exported from the package and not part of the bundle.
import type { WebSocketLike } from './live-messages.ts';
import type { LiveClientMessage, LiveServerMessage } from './wire/live.ts';
import type { QueryResponse } from './wire/query.ts';

/** A request the fake fetch received, answered when the test says so. */
export interface FakeRequest {
  url: string;
  method: string;
  authorization: string | undefined;
  /** Every header sent. */
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal | undefined;
  respond(status: number, body: unknown): void;
}

/** A `fetch` whose requests wait in `requests` until the test answers them; it honours `signal` as fetch does. */
export function fakeFetch(): { fetch: typeof fetch; requests: FakeRequest[] } {
  const requests: FakeRequest[] = [];
  const fetchImpl = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const { signal } = init;
      if (signal?.aborted === true) return reject(signal.reason as unknown);
      signal?.addEventListener('abort', () => reject(signal.reason as unknown), { once: true });
      const headers = (init.headers ?? {}) as Record<string, string>;
      requests.push({
        url: String(input),
        method: init.method ?? 'GET',
        authorization: headers.authorization,
        headers,
        body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
        signal: signal ?? undefined,
        respond: (status, body) =>
          resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
      });
    });
  return { fetch: fetchImpl as typeof fetch, requests };
}

/** The server's side of one fake socket, plus what the client did with it. */
export interface FakeSocket extends WebSocketLike {
  readonly url: string;
  /** Messages the client sent, parsed. */
  readonly sent: LiveClientMessage[];
  /** The client's `close(code, reason)`, once it called it. */
  readonly closedWith: { code: number | undefined; reason: string | undefined } | undefined;
  /** Completes the handshake. */
  open(): void;
  /** Sends a server message to the client. */
  receive(message: LiveServerMessage): void;
  /** The server (or the network) closes the socket. */
  serverClose(code: number, reason?: string): void;
}

/** A WebSocket class in the browser API's shape; every instance the client makes lands in `sockets`. */
export function fakeWebSocket(): { WebSocket: new (url: string) => FakeSocket; sockets: FakeSocket[] } {
  const sockets: FakeSocket[] = [];
  class FakeWebSocket implements FakeSocket {
    readyState = 0;
    onopen: WebSocketLike['onopen'] = null;
    onmessage: WebSocketLike['onmessage'] = null;
    onclose: WebSocketLike['onclose'] = null;
    onerror: WebSocketLike['onerror'] = null;
    readonly sent: LiveClientMessage[] = [];
    closedWith: FakeSocket['closedWith'] = undefined;

    constructor(readonly url: string) {
      sockets.push(this);
    }

    send(data: string): void {
      if (this.readyState !== 1) throw new Error('InvalidStateError: the socket is not open');
      this.sent.push(JSON.parse(data) as LiveClientMessage);
    }

    close(code?: number, reason?: string): void {
      this.closedWith = { code, reason };
      this.readyState = 3;
    }

    open(): void {
      this.readyState = 1;
      this.onopen?.({ type: 'open' });
    }

    receive(message: LiveServerMessage): void {
      this.onmessage?.({ data: JSON.stringify(message) });
    }

    serverClose(code: number, reason = ''): void {
      this.readyState = 3;
      this.onclose?.({ code, reason });
    }
  }
  return { WebSocket: FakeWebSocket, sockets };
}

const base64Url = (text: string): string => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** An unsigned JWT-shaped token whose `exp` is `expiresAtMs` (the client never verifies it). */
export function fakeJwt(expiresAtMs: number, subject = 'user_1'): string {
  const header = base64Url(JSON.stringify({ alg: 'ES256', typ: 'JWT' }));
  const payload = base64Url(JSON.stringify({ sub: subject, exp: Math.floor(expiresAtMs / 1000) }));
  return `${header}.${payload}.signature`;
}

/** A minimal query answer whose total tells answers apart. */
export function queryResult(total: number, metric = 'mrr'): QueryResponse {
  return {
    series: [{ points: [{ t: '2026-11-01T00:00:00.000Z', v: total }], total }],
    meta: {
      metric,
      unit: 'money',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      granularity: 'day',
      timezone: 'UTC',
      sources: ['rollup'],
      freshAt: null,
    },
  };
}

const realSetImmediate = globalThis.setImmediate;

/** Lets every pending promise callback run (a real macrotask turn, unaffected by fake timers). */
export function flush(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}
