import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanArchiveFile, verifyArchiveFile, writeArchiveFile } from './archive-file.ts';

async function* pages(...texts: string[]): AsyncGenerator<string> {
  yield* texts;
}

describe('archive files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-archive-file-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes gzipped NDJSON under its final name only, with rows and the SHA-256 of the uncompressed text', async () => {
    const text = '{"a":1}\n{"b":"é ✓"}\n{"c":null}\n';
    const path = join(dir, 'events-2024-03-05.ndjson.gz');
    const digest = await writeArchiveFile(path, pages('{"a":1}\n{"b":"é ✓"}\n', '{"c":null}\n'));
    expect(digest).toEqual({ rows: 3, sha256: createHash('sha256').update(text).digest('hex'), bytes: expect.any(Number) });
    expect(gunzipSync(await readFile(path)).toString('utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['events-2024-03-05.ndjson.gz']);
    expect(await verifyArchiveFile(path, digest)).toEqual(digest);
    const lines: string[] = [];
    await scanArchiveFile(path, async (l) => void lines.push(...l));
    expect(lines).toEqual(['{"a":1}', '{"b":"é ✓"}', '{"c":null}']);
  });

  it('leaves no temporary file when the rows cannot be read', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield '{"a":1}\n';
      throw new Error('connection lost');
    }
    await expect(writeArchiveFile(join(dir, 'x.ndjson.gz'), failing())).rejects.toThrow('connection lost');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a file whose rows or checksum differ, or that is not gzip, naming it', async () => {
    const path = join(dir, 'events-2024-03-05.ndjson.gz');
    const digest = await writeArchiveFile(path, pages('{"a":1}\n'));
    await writeFile(path, gzipSync('{"a":2}\n'));
    await expect(verifyArchiveFile(path, digest)).rejects.toThrow(`archive file ${path} is corrupt: 1 rows with sha256`);
    await writeFile(path, Buffer.from('plain text'));
    await expect(verifyArchiveFile(path, digest)).rejects.toThrow(`archive file ${path} is corrupt: incorrect header check`);
    await writeFile(path, gzipSync('{"a":1}\n').subarray(0, 12));
    await expect(verifyArchiveFile(path, digest)).rejects.toThrow(`archive file ${path} is corrupt`);
    await expect(verifyArchiveFile(join(dir, 'missing.gz'), digest)).rejects.toThrow(/archive file .*missing\.gz cannot be read/);
  });

  it('counts a trailing fragment without a newline as a row', async () => {
    const path = join(dir, 'f.gz');
    await writeFile(path, gzipSync('{"a":1}\n{"b":2}'));
    const lines: string[] = [];
    expect((await scanArchiveFile(path, async (l) => void lines.push(...l))).rows).toBe(2);
    expect((await scanArchiveFile(path)).rows).toBe(2);
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
  });
});
