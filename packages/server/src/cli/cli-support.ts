import { isTallyError, MIGRATIONS, openStore, readConfig, type Store } from '@tally/core';
import { UsageError, type CommandIO } from './command.ts';

/** Opens the configured store, migrated, for a command; closes it after `work`. */
export async function withStore<T>(io: CommandIO, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(readConfig(io.env));
  try {
    await store.migrate(MIGRATIONS);
    return await work(store);
  } finally {
    await store.close();
  }
}

/** A required string flag. */
export function required(values: Record<string, unknown>, flag: string): string {
  const v = values[flag];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${flag}: is required`);
  return v;
}

/** A JSON flag, parsed; the error names the flag. */
export function jsonFlag(value: string | undefined, flag: string): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new UsageError(`--${flag}: not valid JSON (${(err as Error).message})`);
  }
}

/** Turns expected failures (bad config, bad argument, locked folder) into a message and exit code. */
export function explain(io: CommandIO, command: string, err: unknown): number {
  if (isTallyError(err)) {
    io.err(`tally ${command}: ${err.message}`);
    return err.code === 'config_invalid' ? 78 : err.code === 'invalid_argument' ? 2 : 1;
  }
  throw err;
}
