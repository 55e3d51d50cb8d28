import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-testing.ts';

describe('tally keys list and rotate', () => {
  let dir: string;
  const run = (argv: string[]) => runCli(dir, argv);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-cli-keys-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists a tenant\'s keys without secrets, revoked ones with --all', async () => {
    const key = (await run(['keys', 'create', '--tenant', 'acme', '--scopes', 'tokens', '--name', 'crm backend'])).out[0]!;
    await run(['keys', 'create', '--tenant', 'globex', '--scopes', 'ingest']);
    const keyId = key.slice(3, 19);
    const listed = await run(['keys', 'list', '--tenant', 'acme']);
    expect(listed.code).toBe(0);
    expect(listed.out).toHaveLength(1);
    expect(listed.out[0]).toMatch(new RegExp(`^${keyId}  tokens  "crm backend"  created \\d{4}-`));
    expect(listed.out.join('\n')).not.toContain(key.slice(20));
    await run(['keys', 'revoke', keyId]);
    expect((await run(['keys', 'list', '--tenant', 'acme'])).out).toEqual([]);
    expect((await run(['keys', 'list', '--tenant', 'acme', '--all'])).out[0]).toContain('revoked ');
    expect((await run(['keys', 'list'])).err.join('\n')).toContain('--tenant: is required');
  }, 60_000);

  it('rotates the signing key, retiring the previous one', async () => {
    const first = await run(['keys', 'rotate']);
    expect(first.code).toBe(0);
    const kid = /^signing with (\S+)$/.exec(first.out[0]!)![1]!;
    const second = await run(['keys', 'rotate']);
    expect(second.out[0]).toMatch(/^signing with \S+$/);
    expect(second.out[1]).toMatch(new RegExp(`^retired ${kid}: verifies until \\d{4}-`));
  }, 60_000);
});
