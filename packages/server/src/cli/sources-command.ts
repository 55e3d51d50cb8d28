import { CONNECTORS, ensureTenant, upsertSource, type SourceConfig } from '@tally/ingest';
import { explain, jsonFlag, required, withStore } from './cli-support.ts';
import { parseFlags, UsageError, type Command } from './command.ts';

const HELP = `Usage: tally sources set --tenant <id> --source <name> [--secret <s>] [--basic-auth <user:pass>] [--options <json>]

Sets a tenant's settings of a source: the webhook signing secret, Chargebee's basic-auth pair, or a
connector's options (custom CRM and generic webhook mappings). See README "Sources" and docs/sources/.
Uses the store from the environment (DATABASE_URL, or PGlite in TALLY_DATA_DIR: stop \`tally start\` first).`;

/** `tally sources`: per-tenant source settings. */
export const sourcesCommand: Command = {
  name: 'sources',
  summary: "set a tenant's source settings (secrets, mappings)",
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      tenant: { type: 'string' },
      source: { type: 'string' },
      secret: { type: 'string' },
      'basic-auth': { type: 'string' },
      options: { type: 'string' },
    });
    if (positionals.join(' ') !== 'set') throw new UsageError(`expected "set", got ${JSON.stringify(positionals.join(' '))}`);
    const tenant = required(values, 'tenant');
    const source = required(values, 'source');
    if (!CONNECTORS.has(source)) throw new UsageError(`--source: unknown source ${JSON.stringify(source)}; known: ${[...CONNECTORS.keys()].sort().join(', ')}`);
    const config: SourceConfig = {};
    if (values.secret !== undefined) config.secret = values.secret;
    if (values['basic-auth'] !== undefined) {
      const at = values['basic-auth'].indexOf(':');
      if (at <= 0) throw new UsageError('--basic-auth: expected user:password');
      config.basicAuth = { username: values['basic-auth'].slice(0, at), password: values['basic-auth'].slice(at + 1) };
    }
    const options = jsonFlag(values.options, 'options');
    if (options !== undefined) {
      if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new UsageError('--options: expected a JSON object');
      config.options = options as Record<string, unknown>;
    }
    try {
      await withStore(io, async (store) => {
        await ensureTenant(store, tenant);
        await upsertSource(store, tenant, source, config);
      });
    } catch (err) {
      return explain(io, 'sources', err);
    }
    io.out(`set ${source} for tenant ${tenant}`);
    return 0;
  },
};
