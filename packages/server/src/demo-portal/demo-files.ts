import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The repository root, where `demo/` (pages, styles) and `dist/` (the built bundles) are. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');

/** A file the demo portal serves: where it is under the repository root, and its media type. */
export interface DemoFile {
  file: string;
  type: string;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const MAP = 'application/json; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

/** The pages, by URL path. Each is static HTML that loads only files from {@link DEMO_ASSETS}. */
export const DEMO_PAGES = {
  '/': { file: 'demo/index.html', type: HTML },
  '/crm.html': { file: 'demo/crm.html', type: HTML },
  '/internal-app.html': { file: 'demo/internal-app.html', type: HTML },
} as const satisfies Record<string, DemoFile>;

/**
 * The scripts, styles and images under `/demo/`, by file name: an allow-list, so no request path ever
 * reaches the file system. `widgets.js` is the same bundle `npm run build` writes for host apps.
 */
export const DEMO_ASSETS: Readonly<Record<string, DemoFile>> = {
  'widgets.js': { file: 'dist/widgets.js', type: JS },
  'widgets.js.map': { file: 'dist/widgets.js.map', type: MAP },
  'portal.js': { file: 'dist/demo/portal.js', type: JS },
  'portal.js.map': { file: 'dist/demo/portal.js.map', type: MAP },
  'crm.js': { file: 'dist/demo/crm.js', type: JS },
  'crm.js.map': { file: 'dist/demo/crm.js.map', type: MAP },
  'base.css': { file: 'demo/base.css', type: CSS },
  'portal.css': { file: 'demo/portal.css', type: CSS },
  'crm.css': { file: 'demo/crm.css', type: CSS },
  'internal-app.css': { file: 'demo/internal-app.css', type: CSS },
  'favicon.svg': { file: 'demo/favicon.svg', type: 'image/svg+xml' },
  'lock.svg': { file: 'demo/lock.svg', type: 'image/svg+xml' },
};

/**
 * The widget bundle's chunks (code it loads with `import()`, such as the chart drawing module), served from
 * `dist/chunks/` under `/demo/chunks/`. Their names carry a content hash, so they never change.
 */
export const CHUNKS_DIR = 'dist/chunks';
/** What a chunk's file name looks like: no path, only a hashed name and `.js` or `.js.map`. */
export const CHUNK_NAME = /^[A-Za-z0-9_-]{1,128}\.js(\.map)?$/;

/** The built files the pages cannot work without; {@link missingBuild} checks for them. */
export const BUILT_FILES = ['dist/widgets.js', 'dist/demo/portal.js', 'dist/demo/crm.js'] as const;

/** The built files that are missing under `root` (empty when `npm run build:demo` has run). */
export async function missingBuild(root: string): Promise<string[]> {
  const present = await Promise.all(BUILT_FILES.map((f) => stat(join(root, f)).then(() => true, () => false)));
  return BUILT_FILES.filter((_, i) => !present[i]);
}
