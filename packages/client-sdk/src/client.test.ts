import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createTallyClient } from './client.ts';
import { TallyApiError, type ApiErrorCode } from './wire/errors.ts';
import type { HealthResponse } from './wire/health.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const healthy: HealthResponse = {
  status: 'ok',
  version: '0.1.0',
  adapters: { bus: 'embedded', store: 'pglite', cache: 'memory' },
};

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

let server: Server;
let baseUrl: string;
let handler: Handler;
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

beforeEach(() => {
  seen.length = 0;
  handler = (req, res) =>
    req.url === '/health' ? send(res, 200, JSON.stringify(healthy)) : send(res, 404, 'nope', 'text/plain');
});

async function failure(promise: Promise<unknown>): Promise<TallyApiError> {
  const err: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TallyApiError);
  return err as TallyApiError;
}

describe('createTallyClient().health()', () => {
  it('returns the typed health answer', async () => {
    const health = await createTallyClient({ baseUrl }).health();
    expect(health).toEqual(healthy);
    expectTypeOf(health).toEqualTypeOf<HealthResponse>();
    expect(seen[0]?.method).toBe('GET');
    expect(seen[0]?.headers.accept).toBe('application/json');
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });

  it('keeps a path prefix of baseUrl and ignores a trailing slash', async () => {
    handler = (req, res) => send(res, 200, JSON.stringify({ ...healthy, version: req.url ?? '' }));
    expect((await createTallyClient({ baseUrl: `${baseUrl}/tally/` }).health()).version).toBe('/tally/health');
  });

  it('sends a string token as a bearer token', async () => {
    await createTallyClient({ baseUrl, token: 'tok-1' }).health();
    expect(seen[0]?.headers.authorization).toBe('Bearer tok-1');
  });

  it('calls a token function before every request', async () => {
    let n = 0;
    const client = createTallyClient({ baseUrl, token: async () => `tok-${++n}` });
    await client.health();
    await client.health();
    expect(seen.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('turns a failing token function into unauthorized without calling the server', async () => {
    const cause = new Error('refresh failed');
    const err = await failure(createTallyClient({ baseUrl, token: () => Promise.reject(cause) }).health());
    expect(err.code).toBe('unauthorized');
    expect(err.cause).toBe(cause);
    expect(seen).toHaveLength(0);
  });

  it("keeps the server's error code, status, field and requestId", async () => {
    handler = (_req, res) =>
      send(res, 401, JSON.stringify({ error: { code: 'unauthorized', message: 'token expired', requestId: 'r-9' } }));
    const err = await failure(createTallyClient({ baseUrl }).health());
    expect(err).toMatchObject({ code: 'unauthorized', status: 401, message: 'token expired', requestId: 'r-9' });
    expect(err.field).toBeUndefined();
    expectTypeOf(err.code).toEqualTypeOf<ApiErrorCode>();
  });

  it('maps a gateway answer without an error body to unavailable', async () => {
    handler = (_req, res) => send(res, 503, '<h1>Service Unavailable</h1>', 'text/html');
    const err = await failure(createTallyClient({ baseUrl }).health());
    expect(err).toMatchObject({ code: 'unavailable', status: 503 });
    expect(err.message).toMatch(/answered 503 without a Tally error body \(text\/html\)/);
  });

  it('maps a 500 with a foreign body to internal', async () => {
    handler = (_req, res) => send(res, 500, JSON.stringify({ error: 'boom' }));
    expect(await failure(createTallyClient({ baseUrl }).health())).toMatchObject({ code: 'internal', status: 500 });
  });

  it('maps an unknown error code from the server to internal', async () => {
    handler = (_req, res) => send(res, 418, JSON.stringify({ error: { code: 'teapot', message: 'short and stout' } }));
    expect(await failure(createTallyClient({ baseUrl }).health())).toMatchObject({ code: 'internal', status: 418 });
  });

  it('maps a 2xx body that is not JSON to internal', async () => {
    handler = (_req, res) => send(res, 200, '<html></html>', 'text/html');
    const err = await failure(createTallyClient({ baseUrl }).health());
    expect(err.code).toBe('internal');
    expect(err.message).toMatch(/not JSON/);
  });

  it('maps a 2xx body of the wrong shape to internal', async () => {
    handler = (_req, res) => send(res, 200, JSON.stringify({ ...healthy, adapters: { bus: 'carrier-pigeon' } }));
    const err = await failure(createTallyClient({ baseUrl }).health());
    expect(err.code).toBe('internal');
    expect(err.message).toMatch(/unexpected body shape/);
  });

  it('maps a refused connection to unavailable with the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure(createTallyClient({ baseUrl: `http://127.0.0.1:${port}` }).health());
    expect(err.code).toBe('unavailable');
    expect(err.status).toBeUndefined();
    expect(err.message).toMatch(new RegExp(`could not reach GET http://127.0.0.1:${port}/health`));
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const fetchImpl: typeof fetch = (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    await createTallyClient({ baseUrl, fetch: fetchImpl }).health();
    expect(calls).toEqual([`${baseUrl}/health`]);
  });
});

describe('createTallyClient() options', () => {
  it.each([
    ['an empty string', ''],
    ['a relative path outside a browser', '/tally'],
    ['a non-http scheme', 'ftp://example.com'],
    ['a query string', 'https://example.com/?a=1'],
    ['a number', 42],
  ])('rejects a baseUrl that is %s with a TypeError naming baseUrl', (_what, value) => {
    expect(() => createTallyClient({ baseUrl: value as string })).toThrowError(
      expect.objectContaining({ name: 'TypeError', message: expect.stringMatching(/^invalid baseUrl: /) }),
    );
  });

  it('rejects an empty token and a non-function fetch, naming them', () => {
    expect(() => createTallyClient({ baseUrl, token: '' })).toThrowError(/^invalid token: /);
    expect(() => createTallyClient({ baseUrl, fetch: 'nope' as unknown as typeof fetch })).toThrowError(
      /^invalid fetch: /,
    );
  });

  it('exposes the normalised baseUrl', () => {
    expect(createTallyClient({ baseUrl: 'https://Example.com/tally//' }).baseUrl).toBe('https://example.com/tally');
  });
});
