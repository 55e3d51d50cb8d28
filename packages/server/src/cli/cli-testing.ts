import type { CommandIO } from './command.ts';
import { main } from './main.ts';

/** Runs the CLI in process against a data folder, collecting what it prints (for the CLI's own tests). */
export async function runCli(dataDir: string, argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { out: (l) => out.push(l), err: (l) => err.push(l), env: { TALLY_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env } };
  return { code: await main(argv, io), out, err };
}
