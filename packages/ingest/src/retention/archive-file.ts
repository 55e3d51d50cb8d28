import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { TallyError } from '@tally/core';

/** What identifies an archive file's content: rows (lines), SHA-256 of the uncompressed NDJSON, file size. */
export interface ArchiveDigest {
  rows: number;
  /** Hex SHA-256 of the uncompressed NDJSON. */
  sha256: string;
  /** Size of the gzipped file. */
  bytes: number;
}

/**
 * Writes `pages` (each a run of complete NDJSON lines) gzipped to `path`, crash-safely: to a temporary
 * name in the same folder, fsynced, read back and checked against what was written, then renamed over
 * `path` and the folder fsynced. A reader never sees a partial file.
 */
export async function writeArchiveFile(path: string, pages: AsyncIterable<string>): Promise<ArchiveDigest> {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const hash = createHash('sha256');
  let rows = 0;
  const file = await open(tmp, 'wx');
  try {
    try {
      await pipeline(
        async function* () {
          for await (const page of pages) {
            const chunk = Buffer.from(page, 'utf8');
            hash.update(chunk);
            rows += countNewlines(chunk);
            yield chunk;
          }
        },
        createGzip(),
        async (gzipped: AsyncIterable<Buffer>) => {
          for await (const chunk of gzipped) await file.write(chunk);
        },
      );
      await file.sync();
    } finally {
      await file.close();
    }
    const written = { rows, sha256: hash.digest('hex') };
    const check = await scanArchiveFile(tmp);
    if (check.rows !== written.rows || check.sha256 !== written.sha256) {
      throw new TallyError('store_query_failed', `${tmp}: read back ${check.rows} rows (sha256 ${check.sha256}), wrote ${written.rows} (${written.sha256})`);
    }
    await rename(tmp, path);
    await syncFolder(dirname(path));
    return check;
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Reads a gzipped NDJSON archive file in constant memory: counts and hashes its uncompressed lines, and
 * hands each run of complete lines (without newlines) to `onLines` when given. A file that is missing or
 * not valid gzip is refused with `invalid_argument` naming the file.
 */
export async function scanArchiveFile(path: string, onLines?: (lines: string[]) => Promise<void>): Promise<ArchiveDigest> {
  let bytes: number;
  try {
    bytes = (await stat(path)).size;
  } catch (err) {
    throw new TallyError('invalid_argument', `archive file ${path} cannot be read: ${(err as Error).message}`, { field: path, cause: err });
  }
  const hash = createHash('sha256');
  const decoder = new StringDecoder('utf8');
  let rows = 0;
  let rest = '';
  let endsWithNewline = true;
  try {
    await pipeline(createReadStream(path), createGunzip(), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        hash.update(chunk);
        if (chunk.length > 0) endsWithNewline = chunk[chunk.length - 1] === 10;
        if (!onLines) {
          rows += countNewlines(chunk);
          continue;
        }
        const lines = (rest + decoder.write(chunk)).split('\n');
        rest = lines.pop()!;
        rows += lines.length;
        if (lines.length > 0) await onLines(lines);
      }
    });
  } catch (err) {
    if (err instanceof TallyError) throw err;
    throw new TallyError('invalid_argument', `archive file ${path} is corrupt: ${(err as Error).message}`, { field: path, cause: err });
  }
  // A well-formed archive ends with a newline; a trailing fragment still counts as a row.
  if (!endsWithNewline) {
    rows++;
    if (onLines) await onLines([rest + decoder.end()]);
  }
  return { rows, sha256: hash.digest('hex'), bytes };
}

function countNewlines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Checks an archive file against its manifest entry; throws `invalid_argument` naming the file when the
 * rows or the checksum differ (or the file cannot be read as gzip).
 */
export async function verifyArchiveFile(path: string, expected: { rows: number; sha256: string }): Promise<ArchiveDigest> {
  const found = await scanArchiveFile(path);
  if (found.rows !== expected.rows || found.sha256 !== expected.sha256) {
    throw new TallyError(
      'invalid_argument',
      `archive file ${path} is corrupt: ${found.rows} rows with sha256 ${found.sha256}, the manifest has ${expected.rows} rows with sha256 ${expected.sha256}`,
      { field: path },
    );
  }
  return found;
}
