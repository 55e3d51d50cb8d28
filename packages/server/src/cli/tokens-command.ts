import { openRedisCache, readConfig } from '@tally/core';
import { TOKEN_ID_PATTERN, TokenRevocations } from '../auth/revocations.ts';
import { explain, required, withStore } from './cli-support.ts';
import { parseFlags, UsageError, type Command } from './command.ts';

const HELP = `Usage: tally tokens revoke --tenant <id> <token-id>

Revokes one embed token by its id (the "id" POST /v1/tokens answered, the token's jti), as
POST /v1/admin/tokens/:jti/revoke does. Running servers refuse it and close its live sockets (4410): at once
when they share REDIS_URL with this command (the revocation is announced there), else within 30 s.
Uses the store from the environment (DATABASE_URL, or PGlite in TALLY_DATA_DIR: stop \`tally start\` first).`;

/** `tally tokens revoke`: embed-token revocation from the command line. */
export const tokensCommand: Command = {
  name: 'tokens',
  summary: 'revoke an embed token by its id',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { tenant: { type: 'string' } });
    const [action, ...rest] = positionals;
    if (action !== 'revoke' || rest.length !== 1) throw new UsageError(`expected "revoke <token-id>", got ${JSON.stringify(positionals.join(' '))}`);
    const tenant = required(values, 'tenant');
    const jti = rest[0]!;
    if (!TOKEN_ID_PATTERN.test(jti)) throw new UsageError(`token-id: expected the "id" POST /v1/tokens answered, got ${JSON.stringify(jti.slice(0, 140))}`);
    let announced: boolean;
    try {
      const config = readConfig(io.env);
      const cache = config.cache.adapter === 'redis' ? await openRedisCache({ url: config.cache.url, keyPrefix: config.cache.keyPrefix }) : undefined;
      announced = cache !== undefined;
      try {
        await withStore(io, (store) => new TokenRevocations(store, cache ? { cache } : {}).revoke(tenant, jti));
      } finally {
        await cache?.close();
      }
    } catch (err) {
      return explain(io, 'tokens', err);
    }
    io.out(`revoked ${jti}`);
    io.err(announced ? 'announced on REDIS_URL: running servers refuse it now' : 'running servers refuse it within 30 s (no REDIS_URL to announce it on)');
    return 0;
  },
};
