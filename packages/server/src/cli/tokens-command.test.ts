import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, openPGliteStore } from '@tally/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-testing.ts';

describe('tally tokens revoke', () => {
  let dir: string;
  const run = (argv: string[]) => runCli(dir, argv);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-cli-tokens-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('revokes a token id for a tenant in the store, and names what is wrong with a bad command line', async () => {
    const done = await run(['tokens', 'revoke', '--tenant', 'acme', '5b0c7e2a-0000-4000-8000-000000000001']);
    expect(done).toMatchObject({ code: 0, out: ['revoked 5b0c7e2a-0000-4000-8000-000000000001'] });
    expect(done.err.join('\n')).toContain('within 30 s');
    expect((await run(['tokens', 'revoke', '5b0c7e2a'])).err.join('\n')).toContain('--tenant: is required');
    expect((await run(['tokens', 'revoke', '--tenant', 'acme', 'not a token'])).code).toBe(2);
    expect((await run(['tokens', 'list'])).code).toBe(2);

    const store = await openPGliteStore({ dataDir: join(dir, 'pglite') });
    try {
      await store.migrate(MIGRATIONS);
      expect(await store.query('SELECT tenant, jti FROM revoked_tokens')).toEqual([{ tenant: 'acme', jti: '5b0c7e2a-0000-4000-8000-000000000001' }]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
