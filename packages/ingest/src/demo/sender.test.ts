import { describe, expect, it } from 'vitest';
import type { Outgoing } from './formats/outgoing.ts';
import { Sender, type FetchLike } from './sender.ts';

const request = (n: number, lane?: string): Outgoing => ({
  source: 'tally',
  path: '/v1/ingest/tally',
  body: JSON.stringify({ n }),
  items: 2,
  headers: () => ({ 'content-type': 'application/json' }),
  ...(lane ? { lane } : {}),
});
const ok = () => new Response(JSON.stringify({ accepted: 2, duplicates: 0, ignored: 0, rejected: 0, results: [{ status: 'accepted' }, { status: 'accepted' }] }));

describe('Sender', () => {
  it('retries 429 and 503 after their Retry-After, then counts the answer', async () => {
    const answers = [new Response('{}', { status: 429, headers: { 'retry-after': '2' } }), new Response('{}', { status: 503, headers: { 'retry-after': '5' } }), ok()];
    const waits: number[] = [];
    const sender = new Sender({ baseUrl: 'http://tally.test/', fetch: () => answers.shift()!, sleep: async (ms) => void waits.push(ms) });
    await sender.send(request(1));
    expect(waits).toEqual([2000, 5000]);
    expect(sender.stats).toMatchObject({ requests: 1, items: 2, accepted: 2, rejected: 0, retries: 2 });
  });

  it('counts rejected items and refused requests, keeping samples', async () => {
    const answers = [
      new Response(JSON.stringify({ accepted: 1, duplicates: 0, ignored: 0, rejected: 1, results: [{ status: 'accepted' }, { status: 'rejected', code: 'missing_field', field: 'batch[1].userId', message: 'batch[1].userId: is required' }] })),
      new Response(JSON.stringify({ error: { code: 'unauthorized', field: 'signature', message: 'signature_invalid: no match' } }), { status: 401 }),
    ];
    const sender = new Sender({ baseUrl: 'http://tally.test', fetch: () => answers.shift()! });
    await sender.send(request(1));
    await sender.send(request(2));
    expect(sender.stats).toMatchObject({ requests: 2, items: 4, accepted: 1, rejected: 3 });
    expect(sender.stats.rejections).toEqual([
      { source: 'tally', status: 200, code: 'missing_field', field: 'batch[1].userId', message: 'batch[1].userId: is required' },
      { source: 'tally', status: 401, code: 'unauthorized', field: 'signature', message: 'signature_invalid: no match' },
    ]);
  });

  it('keeps each lane in order and never exceeds its concurrency', async () => {
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const fetch: FetchLike = async (_url, init) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise<void>((resolve) => releases.push(resolve));
      order.push((JSON.parse(init.body) as { n: number }).n);
      active--;
      return ok();
    };
    const sender = new Sender({ baseUrl: 'http://tally.test', fetch, concurrency: 2 });
    const all = Promise.all([sender.send(request(1, 'a')), sender.send(request(2, 'a')), sender.send(request(3, 'b')), sender.send(request(4))]);
    // Release whatever is waiting, newest first, until everything is through.
    for (let released = 0; released < 4; ) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = releases.pop();
      if (next) {
        next();
        released++;
      }
    }
    await all;
    expect(peak).toBe(2);
    expect(order.indexOf(1)).toBeLessThan(order.indexOf(2));
    expect(sender.stats.accepted).toBe(8);
  });
});
