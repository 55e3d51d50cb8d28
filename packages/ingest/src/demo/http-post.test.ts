import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpPost } from './http-post.ts';

describe('httpPost', () => {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      res.writeHead(req.headers['x-fail'] ? 429 : 200, { 'content-type': 'application/json', 'retry-after': '3' });
      res.end(JSON.stringify({ method: req.method, path: req.url, sig: req.headers['x-sig'], length: req.headers['content-length'], body }));
    });
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the body with its headers and returns status, headers and text', async () => {
    const post = httpPost(2);
    const answer = await post(`${base}/v1/webhooks/stripe?tenant=demo`, { method: 'POST', headers: { 'x-sig': 'abc' }, body: '{"é":1}' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('Retry-After')).toBe('3');
    expect(JSON.parse(await answer.text())).toEqual({ method: 'POST', path: '/v1/webhooks/stripe?tenant=demo', sig: 'abc', length: '8', body: '{"é":1}' });
    const refused = await post(`${base}/x`, { method: 'POST', headers: { 'x-fail': '1' }, body: '' });
    expect(refused.status).toBe(429);
  });
});
