import { parseFlags, UsageError, type Command } from './command.ts';

const HELP = `Usage: tally dead-letters list   [--source <name>] [--code <reason>] [--limit <n>] [--all]
       tally dead-letters replay [--source <name>] [--code <reason>] [--limit <n>]

Lists the items ingest refused (newest first, with the raw payload and the reason), or runs them through
the current connectors and source settings again after a fix. Talks to a running server's admin API.

Options:
  --url <url>    the server (default: $TALLY_URL or http://127.0.0.1:3000)
  --key <key>    an API key with the admin scope (default: $TALLY_ADMIN_KEY)
  --source, --code, --limit (1-1000, default 100), --all (include replayed ones; list only)`;

/** `tally dead-letters`: list and replay refused items through the admin API. */
export const deadLettersCommand: Command = {
  name: 'dead-letters',
  summary: 'list or replay items ingest refused',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      url: { type: 'string' },
      key: { type: 'string' },
      source: { type: 'string' },
      code: { type: 'string' },
      limit: { type: 'string' },
      all: { type: 'boolean' },
    });
    const action = positionals.join(' ');
    if (action !== 'list' && action !== 'replay') throw new UsageError(`expected "list" or "replay", got ${JSON.stringify(action)}`);
    const base = values.url ?? io.env.TALLY_URL ?? 'http://127.0.0.1:3000';
    try {
      new URL(base);
    } catch {
      throw new UsageError(`--url: expected a URL, got ${JSON.stringify(base)}`);
    }
    const key = values.key ?? io.env.TALLY_ADMIN_KEY;
    if (!key) throw new UsageError('--key: an admin API key is required (or set TALLY_ADMIN_KEY)');
    if (values.limit !== undefined && !/^\d{1,4}$/.test(values.limit)) throw new UsageError(`--limit: expected 1-1000, got ${JSON.stringify(values.limit)}`);
    if (action === 'replay' && values.all) throw new UsageError('--all: only for list');

    const filter = { source: values.source, code: values.code, limit: values.limit === undefined ? undefined : Number(values.limit) };
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    let res: Response;
    try {
      if (action === 'list') {
        const query = new URLSearchParams(Object.entries({ ...filter, includeReplayed: values.all ? 'true' : undefined }).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
        res = await fetch(new URL(`/v1/admin/dead-letters?${query}`, base), { headers });
      } else {
        res = await fetch(new URL('/v1/admin/dead-letters/replay', base), { method: 'POST', headers, body: JSON.stringify(filter) });
      }
    } catch (err) {
      io.err(`tally dead-letters: cannot reach ${base}: ${(err as Error).message}`);
      return 1;
    }
    const text = await res.text();
    if (!res.ok) {
      io.err(`tally dead-letters: ${res.status} ${text}`);
      return 1;
    }
    io.out(text);
    return 0;
  },
};
