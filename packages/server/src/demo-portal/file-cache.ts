import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';

/** A file as last read: its bytes, an ETag for that version, and a gzip copy made when first asked for. */
export interface CachedFile {
  body: Buffer;
  etag: string;
  gzip(): Buffer;
}

/**
 * Reads files under `root` once per version: a `stat` per request tells whether the file changed (a rebuild
 * while the server runs is picked up), so serving a bundle costs neither a read nor a hash each time.
 */
export function createFileCache(root: string): { get(file: string): Promise<CachedFile | undefined> } {
  const entries = new Map<string, { version: string; file: CachedFile }>();
  return {
    async get(file) {
      const path = join(root, file);
      const info = await stat(path).catch(() => undefined);
      if (info === undefined || !info.isFile()) return undefined;
      const version = `${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}`;
      const cached = entries.get(path);
      if (cached?.version === version) return cached.file;
      const body = await readFile(path);
      let zipped: Buffer | undefined;
      const entry = { version, file: { body, etag: `"${version}"`, gzip: () => (zipped ??= gzipSync(body)) } };
      entries.set(path, entry);
      return entry.file;
    },
  };
}

/** Files smaller than this go out as they are: compressing them saves nothing worth the work. */
const GZIP_MIN_BYTES = 1024;

/**
 * Answers with `file`: `304` when the client has this version (`If-None-Match`), gzip when it accepts it and
 * the type is text, otherwise the bytes.
 */
export function sendFile(c: Context, file: CachedFile, type: string, cacheControl: string): Response {
  c.header('Cache-Control', cacheControl);
  c.header('ETag', file.etag);
  c.header('Vary', 'Accept-Encoding');
  if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
  const text = /^(text\/|application\/json|image\/svg)/.test(type);
  if (text && file.body.length >= GZIP_MIN_BYTES && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    c.header('Content-Encoding', 'gzip');
    return c.body(new Uint8Array(file.gzip()), 200, { 'Content-Type': type });
  }
  return c.body(new Uint8Array(file.body), 200, { 'Content-Type': type });
}
