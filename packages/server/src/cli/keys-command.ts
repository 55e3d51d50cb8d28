import { readConfig } from '@tally/core';
import { API_KEY_SCOPES, createApiKey, listApiKeys, revokeApiKey, type ApiKeyScope } from '@tally/ingest';
import { SigningKeys } from '../auth/signing-keys.ts';
import { explain, required, withStore } from './cli-support.ts';
import { parseFlags, UsageError, type Command } from './command.ts';

const HELP = `Usage: tally keys create --tenant <id> --scopes <list> [--name <text>]
       tally keys list --tenant <id> [--all]
       tally keys revoke <key-id>
       tally keys rotate

create, list, revoke: API keys. The full key is printed once; only a hash is stored.
Scopes: ${API_KEY_SCOPES.join(', ')} (comma-separated). The tenant is created when new.
list prints id, scopes, name and creation time of the tenant's active keys (--all: revoked ones too).
rotate: adds an embed-token signing key, which signs from then on; the previous ones keep verifying until
no token they signed can still be valid (1 h + clock skew), then leave /.well-known/jwks.json.
Uses the store from the environment (DATABASE_URL, or PGlite in TALLY_DATA_DIR: stop \`tally start\` first).`;

const iso = (d: Date | null) => (d ? d.toISOString() : '-');

/** `tally keys`: API key and signing key administration. */
export const keysCommand: Command = {
  name: 'keys',
  summary: 'create, list or revoke API keys; rotate the token signing key',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { tenant: { type: 'string' }, scopes: { type: 'string' }, name: { type: 'string' }, all: { type: 'boolean' } });
    const [action, ...rest] = positionals;
    try {
      if (action === 'create' && rest.length === 0) {
        const tenant = required(values, 'tenant');
        const scopes = required(values, 'scopes').split(',').map((s) => s.trim()) as ApiKeyScope[];
        const bad = scopes.find((s) => !API_KEY_SCOPES.includes(s));
        if (bad !== undefined) throw new UsageError(`--scopes: unknown scope ${JSON.stringify(bad)}; expected ${API_KEY_SCOPES.join(', ')}`);
        const { key, keyId } = await withStore(io, (store) => createApiKey(store, { tenant, scopes, name: values.name ?? '' }));
        io.out(key);
        io.err(`created key ${keyId} for tenant ${tenant} (${scopes.join(', ')}); store it now, it is not shown again`);
        return 0;
      }
      if (action === 'list' && rest.length === 0) {
        const tenant = required(values, 'tenant');
        const keys = await withStore(io, (store) => listApiKeys(store, tenant, { includeRevoked: values.all === true }));
        for (const k of keys) io.out([k.id, k.scopes.join(','), JSON.stringify(k.name), `created ${k.createdAt}`, ...(k.revokedAt ? [`revoked ${k.revokedAt}`] : [])].join('  '));
        io.err(`${keys.length} key${keys.length === 1 ? '' : 's'} for tenant ${tenant}`);
        return 0;
      }
      if (action === 'revoke' && rest.length === 1) {
        const keyId = rest[0]!;
        if (!/^[a-f0-9]{16}$/.test(keyId)) throw new UsageError(`key-id: expected 16 hex characters, got ${JSON.stringify(keyId)}`);
        const revoked = await withStore(io, (store) => revokeApiKey(store, keyId));
        io.out(revoked ? `revoked ${keyId}` : `no active key ${keyId}`);
        return revoked ? 0 : 1;
      }
      if (action === 'rotate' && rest.length === 0) {
        const { secretKey } = readConfig(io.env).tokens;
        const { kid, retired } = await withStore(io, (store) => new SigningKeys(store, secretKey ? { secretKey } : {}).rotate());
        io.out(`signing with ${kid}`);
        for (const k of retired) io.out(`retired ${k.kid}: verifies until ${iso(k.expiresAt)}`);
        io.err('running servers sign with the new key within 30 s');
        return 0;
      }
    } catch (err) {
      if (err instanceof UsageError) throw err;
      return explain(io, 'keys', err);
    }
    throw new UsageError(`expected "create", "list", "revoke <key-id>" or "rotate", got ${JSON.stringify(positionals.join(' '))}`);
  },
};
