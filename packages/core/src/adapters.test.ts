import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAdapters } from './adapters.ts';
import { readConfig } from './config/config.ts';
import { isTallyError } from './errors.ts';
import { createLogger } from './logger.ts';

describe('openAdapters', () => {
  it('opens the embedded adapters, and refuses a second opener of the same data folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tally-adapters-'));
    const logger = createLogger({ level: 'silent' });
    const config = readConfig({ TALLY_DATA_DIR: dir });
    const adapters = await openAdapters(config, logger);
    try {
      expect(adapters.names).toEqual({ bus: 'embedded', store: 'pglite', cache: 'memory' });
      await expect(openAdapters(config, logger)).rejects.toSatisfy(
        (err) => isTallyError(err) && /data folder: .* is in use by process \d+/.test((err as Error).message),
      );
    } finally {
      await adapters.close();
    }
    // Closed: the folder is free again.
    const again = await openAdapters(config, logger);
    await again.close();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);
});
