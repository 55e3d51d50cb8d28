import { API_KEY_SCOPES, createApiKey, revokeApiKey, type ApiKeyScope } from '@tally/ingest';
import { explain, required, withStore } from './cli-support.ts';
import { parseFlags, UsageError, type Command } from './command.ts';

const HELP = `Usage: tally keys create --tenant <id> --scopes <list> [--name <text>]
       tally keys revoke <key-id>

Creates or revokes API keys. The full key is printed once; only a hash is stored.
Scopes: ${API_KEY_SCOPES.join(', ')} (comma-separated). The tenant is created when new.
Uses the store from the environment (DATABASE_URL, or PGlite in TALLY_DATA_DIR: stop \`tally start\` first).`;

/** `tally keys`: API key administration. */
export const keysCommand: Command = {
  name: 'keys',
  summary: 'create or revoke API keys',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { tenant: { type: 'string' }, scopes: { type: 'string' }, name: { type: 'string' } });
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
      if (action === 'revoke' && rest.length === 1) {
        const keyId = rest[0]!;
        if (!/^[a-f0-9]{16}$/.test(keyId)) throw new UsageError(`key-id: expected 16 hex characters, got ${JSON.stringify(keyId)}`);
        const revoked = await withStore(io, (store) => revokeApiKey(store, keyId));
        io.out(revoked ? `revoked ${keyId}` : `no active key ${keyId}`);
        return revoked ? 0 : 1;
      }
    } catch (err) {
      if (err instanceof UsageError) throw err;
      return explain(io, 'keys', err);
    }
    throw new UsageError(`expected "create" or "revoke <key-id>", got ${JSON.stringify(positionals.join(' '))}`);
  },
};
