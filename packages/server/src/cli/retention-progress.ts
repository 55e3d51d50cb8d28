import type { RetentionProgressListener } from '@tally/ingest';
import type { CommandIO } from './command.ts';

/**
 * Prints archive and restore progress to stderr: at most one line a second, and every partition drop.
 * The first report prints at once, so a long run shows life early.
 */
export function progressPrinter(io: CommandIO, command: string, intervalMs = 1000): RetentionProgressListener {
  let last = -Infinity;
  return (p) => {
    const now = Date.now();
    if (p.phase !== 'drop' && now - last < intervalMs) return;
    last = now;
    io.err(
      p.phase === 'drop'
        ? `${command}: dropping ${p.day} (${p.done + 1}/${p.total})`
        : `${command}: ${p.phase} ${p.day} (day ${p.done + 1}/${p.total}), ${p.rows.toLocaleString('en-US')} rows so far`,
    );
  };
}
