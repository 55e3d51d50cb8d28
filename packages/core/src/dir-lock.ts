import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TallyError } from './errors.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `dir/LOCK` for this process. A lock left by a process that died (even by `kill -9`) is taken
 * over; one held by a live process is refused, so two processes never write one log.
 */
export async function acquireDirLock(dir: string, what = 'bus'): Promise<{ release(): Promise<void> }> {
  const file = join(dir, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(file, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      return { release: () => rm(file, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new TallyError('bus_unavailable', `${what}: ${dir} is in use by process ${holder}; stop it first, or use the admin API`, { field: 'TALLY_DATA_DIR' });
      }
      await rm(file, { force: true });
    }
  }
  throw new TallyError('bus_unavailable', `${what}: could not lock ${dir}`);
}
