import { main } from '@tally/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, startIngestHarness, type IngestHarness } from './support/ingest-harness.ts';
import { waitFor } from './support/wait-for.ts';

describe('tally dead-letters (through a running server)', () => {
  let h: IngestHarness;
  let server: Awaited<ReturnType<typeof listen>>;
  let url: string;
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: { TALLY_URL: url, TALLY_ADMIN_KEY: h.adminKey } });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    h = await startIngestHarness();
    server = await listen(h);
    url = server.url;
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  it('lists a refused Segment message and replays it', async () => {
    const bad = { batch: [{ type: 'track', event: 'Signed Up', userId: 'u1', timestamp: new Date().toISOString() }] }; // no messageId
    const res = await h.app.request('/v1/ingest/tally', { method: 'POST', body: JSON.stringify(bad), headers: { authorization: `Bearer ${h.ingestKey}` } });
    expect(res.status).toBe(422);
    const listed = await waitFor(async () => {
      const r = await run(['dead-letters', 'list', '--source', 'tally']);
      return r.code === 0 && JSON.parse(r.out).items.length === 1 ? JSON.parse(r.out).items : false;
    }, { message: 'the dead letter to be listed' });
    expect(listed[0]).toMatchObject({ source: 'tally', code: 'missing_field', field: 'batch[0].messageId' });

    const replay = await run(['dead-letters', 'replay', '--source', 'tally']);
    expect(replay.code).toBe(0);
    // Still refused (the payload has no id): it stays listed with the new reason.
    expect(JSON.parse(replay.out)).toMatchObject({ replayed: 0, stillRejected: 1 });
  });

  it('refuses bad flags and a key without the admin scope', async () => {
    expect((await run(['dead-letters', 'list', '--limit', 'lots'])).err).toContain('--limit: expected 1-1000');
    expect((await run(['dead-letters', 'purge'])).code).toBe(2);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['dead-letters', 'list'], { out: (l) => out.push(l), err: (l) => err.push(l), env: { TALLY_URL: url, TALLY_ADMIN_KEY: h.ingestKey } });
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('403');
  });
});
