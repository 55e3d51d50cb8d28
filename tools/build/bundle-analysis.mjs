// `node tools/build/bundle-analysis.mjs [--top N] [--modules]`: builds the script-tag bundle (widgetsScriptTag of
// rollup.config.mjs) in memory and lists, per chunk, what its code is made of: the packages (and with --modules the
// single modules) with the most rendered code, biggest first. For finding what to split off or stub; nothing is
// written. Sizes per package are the package's rendered code before minification, and gzip of that code alone (so
// they do not add up to the chunk's gzip; they rank).
import { gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { rollup } from 'rollup';

const ROOT = join(import.meta.dirname, '..', '..');

/** Plugins that write, clean or print: left out of an in-memory build. */
const QUIET = new Set(['tally-sizes', 'tally-remove-stale', 'tally-clean']);

/** `node_modules/d3-geo/dist/d3-geo.mjs` → `d3-geo`; `node_modules/@observablehq/plot/src/marks/dot.js` → `plot/marks`. */
export function groupOf(id) {
  // Stand-ins of tools/build/script-tag-stubs.mjs: `\0tally-stub:<real id>`.
  if (id.startsWith('\0tally-stub:')) return `${groupOf(id.slice('\0tally-stub:'.length))} (stub)`;
  const path = relative(ROOT, id).replaceAll('\\', '/');
  const plot = /node_modules\/@observablehq\/plot\/src\/(?:([^/]+)\/)?/.exec(path);
  if (plot) return `plot/${plot[1] ?? '(root)'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1];
  const own = /^packages\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(path);
  if (own) return `@tally/${own[1]}${own[2] && !own[2].includes('.') ? `/${own[2]}` : ''}`;
  return path;
}

/**
 * Builds `config` in memory and returns each chunk with its modules' rendered sizes.
 * @param {import('rollup').RollupOptions} config
 */
export async function analyse(config) {
  const plugins = (config.plugins ?? []).filter((p) => p && !QUIET.has(p.name));
  const output = Array.isArray(config.output) ? config.output[0] : config.output;
  const bundle = await rollup({ ...config, plugins, onwarn: () => {} });
  try {
    const { output: files } = await bundle.generate({ ...output, plugins: [] });
    return files
      .filter((f) => f.type === 'chunk')
      .map((chunk) => ({
        fileName: chunk.fileName,
        gzip: gzipSync(chunk.code).length,
        raw: Buffer.byteLength(chunk.code),
        modules: Object.entries(chunk.modules)
          .filter(([, m]) => m.renderedLength > 0)
          .map(([id, m]) => ({ id, group: groupOf(id), rendered: m.renderedLength, code: m.code ?? '' })),
      }));
  } finally {
    await bundle.close();
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)}`.padStart(7);

function rows(modules, key) {
  const by = new Map();
  for (const m of modules) {
    const row = by.get(m[key]) ?? { name: m[key], rendered: 0, code: [] };
    row.rendered += m.rendered;
    row.code.push(m.code);
    by.set(m[key], row);
  }
  return [...by.values()].map((r) => ({ ...r, gzip: gzipSync(r.code.join('\n')).length })).sort((a, b) => b.rendered - a.rendered);
}

async function main() {
  const args = process.argv.slice(2);
  const top = Number(args[args.indexOf('--top') + 1]) || 25;
  const perModule = args.includes('--modules');
  process.chdir(ROOT);
  const { widgetsScriptTag } = await import(join(ROOT, 'rollup.config.mjs'));
  for (const chunk of await analyse(widgetsScriptTag)) {
    console.log(`\n${chunk.fileName}: ${kb(chunk.raw)} KB minified, ${kb(chunk.gzip)} KB gzip`);
    console.log(`  ${'rendered KB'.padStart(11)} ${'gzip KB'.padStart(8)}  ${perModule ? 'module' : 'package'}`);
    for (const r of rows(chunk.modules, perModule ? 'id' : 'group').slice(0, top)) {
      const name = perModule ? relative(ROOT, r.name.replace('\0tally-stub:', '')) + (r.name.startsWith('\0') ? ' (stub)' : '') : r.name;
      console.log(`  ${kb(r.rendered).padStart(11)} ${kb(r.gzip).padStart(8)}  ${name}`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
