import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, openPGliteStore } from '@tally/core';
import { ApiKeyVerifier, SourceRegistry } from '@tally/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-testing.ts';

describe('tally keys and tally sources', () => {
  let dir: string;
  const run = (argv: string[]) => runCli(dir, argv);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates a key that verifies, sets a source, and revokes the key', async () => {
    const created = await run(['keys', 'create', '--tenant', 'acme', '--scopes', 'ingest,admin', '--name', 'backend']);
    expect(created.code).toBe(0);
    const key = created.out[0]!;
    expect(key).toMatch(/^tk_[a-f0-9]{16}_/);
    const set = await run(['sources', 'set', '--tenant', 'acme', '--source', 'testsrc-unknown']);
    expect(set.code).toBe(2);
    expect(set.err.join('\n')).toContain('--source: unknown source "testsrc-unknown"');

    const store = await openPGliteStore({ dataDir: join(dir, 'pglite') });
    try {
      await store.migrate(MIGRATIONS);
      expect(await new ApiKeyVerifier(store).verify(key)).toMatchObject({ tenant: 'acme', scopes: ['ingest', 'admin'] });
    } finally {
      await store.close();
    }
    const keyId = key.slice(3, 19);
    expect((await run(['keys', 'revoke', keyId])).code).toBe(0);
    const again = await openPGliteStore({ dataDir: join(dir, 'pglite') });
    try {
      expect(await new ApiKeyVerifier(again).verify(key)).toBeUndefined();
      expect(await new SourceRegistry(again).config('acme', 'stripe')).toBeUndefined();
    } finally {
      await again.close();
    }
  }, 60_000);

  it.each([
    [['keys', 'create', '--tenant', 'acme'], '--scopes: is required'],
    [['keys', 'create', '--tenant', 'acme', '--scopes', 'root'], '--scopes: unknown scope "root"'],
    [['keys', 'revoke', 'nothex'], 'key-id: expected 16 hex characters'],
    [['keys', 'rename'], 'expected "create", "list", "revoke <key-id>" or "rotate"'],
    [['sources', 'set', '--tenant', 'acme', '--source', 'segment', '--options', '{bad'], '--options: not valid JSON'],
    [['sources', 'set', '--tenant', 'acme', '--source', 'segment', '--basic-auth', 'nocolon'], '--basic-auth: expected user:password'],
  ])('refuses %j naming the flag', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain(message);
  });

  it('refuses a tenant id that is not an identifier', async () => {
    const r = await run(['keys', 'create', '--tenant', "a'; drop", '--scopes', 'ingest']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain('tenant: expected 1-64 of A-Z a-z 0-9 _ -');
  }, 60_000);
});
