/**
 * Sizes of the browser builds, measured by building them in memory with rollup.config.mjs (nothing under dist/
 * is written or read). For the script-tag bundle it also works out what a page must download for one element:
 * the entry with its static imports, plus the chunks the element's code loads with `import()` (a Plot chunk
 * loaded on the first draw counts).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup, type OutputChunk, type OutputOptions, type Plugin, type RollupOptions } from 'rollup';

/** Raw and gzip bytes of some files, and which files. */
export interface Size {
  files: string[];
  raw: number;
  gzip: number;
}

/** A build: every chunk, and the chunk graph to walk. */
interface Built {
  chunks: Map<string, OutputChunk>;
  /** Module id → its static and dynamic imports (ids), whether tree-shaking kept any of it, and its code. */
  graph: Map<string, { imports: readonly string[]; dynamic: readonly string[]; included: boolean; code: string | null }>;
}

/** Plugins that write to or clean dist/ or only print: left out of an in-memory build. */
const SIDE_EFFECT_PLUGINS = new Set(['tally-clean', 'tally-declarations', 'tally-declarations-start', 'tally-sizes', 'tally-custom-elements-manifest']);

const ROOT = join(import.meta.dirname, '..', '..');

interface Configs {
  widgetsScriptTag: RollupOptions;
  widgetsPackage: RollupOptions;
  clientSdk: RollupOptions;
}

/** The named configs of rollup.config.mjs (a JavaScript module, so typed here). */
export async function loadConfigs(): Promise<Configs> {
  return (await import(pathToFileURL(join(ROOT, 'rollup.config.mjs')).href)) as Configs;
}

/** Builds `config` in memory (its first output only) and records the module graph. Run one at a time (chdir). */
export async function build(config: RollupOptions): Promise<Built> {
  const graph: Built['graph'] = new Map();
  const recorder: Plugin = {
    name: 'bench-module-graph',
    generateBundle() {
      for (const id of this.getModuleIds()) {
        const info = this.getModuleInfo(id);
        if (info === null) continue;
        graph.set(id, { imports: info.importedIds, dynamic: info.dynamicallyImportedIds, included: info.isIncluded === true, code: info.code });
      }
    },
  };
  const plugins = ((config.plugins ?? []) as Plugin[]).filter((p) => !SIDE_EFFECT_PLUGINS.has(p.name));
  const output = (Array.isArray(config.output) ? config.output[0] : config.output) as OutputOptions;
  const cwd = process.cwd();
  process.chdir(ROOT); // the configs name their inputs relative to the repository root
  try {
    const bundle = await rollup({ ...config, plugins: [...plugins, recorder], onwarn: () => {} });
    try {
      const { output: files } = await bundle.generate({ ...output, plugins: [] });
      const chunks = new Map(files.filter((f): f is OutputChunk => f.type === 'chunk').map((c) => [c.fileName, c]));
      return { chunks, graph };
    } finally {
      await bundle.close();
    }
  } finally {
    process.chdir(cwd);
  }
}

/**
 * `config` without the script-tag bundle's stubs of unreachable Plot and d3 code (tools/build/script-tag-stubs.mjs):
 * what the bundle would weigh with Plot whole, to show what the stubs save.
 */
export function withoutStubs(config: RollupOptions): RollupOptions {
  return { ...config, plugins: ((config.plugins ?? []) as Plugin[]).filter((p) => p.name !== 'tally-script-tag-stubs') };
}

/** The modules the script-tag bundle stubs, by package or Plot file, "(in part)" where some exports stay real. */
export async function stubbedModules(): Promise<string[]> {
  const url = pathToFileURL(join(ROOT, 'tools', 'build', 'script-tag-stubs.mjs')).href;
  const { STUBBED } = (await import(url)) as { STUBBED: Map<string, { keep?: string[]; replace?: string }> };
  return [...STUBBED].map(([name, { keep, replace }]) => (keep === undefined && replace === undefined ? name : `${name} (in part)`));
}

/** Raw and gzip size of `fileNames` (each gzipped on its own, as a server sends them). */
export function sizeOf(built: Built, fileNames: Iterable<string>): Size {
  const files = [...new Set(fileNames)].sort();
  let raw = 0;
  let gzip = 0;
  for (const name of files) {
    const code = built.chunks.get(name)!.code;
    raw += Buffer.byteLength(code);
    gzip += gzipSync(code).length;
  }
  return { files, raw, gzip };
}

/** `fileName` and every chunk it imports statically, transitively. */
export function staticClosure(built: Built, fileName: string, into = new Set<string>()): Set<string> {
  if (into.has(fileName)) return into;
  into.add(fileName);
  for (const imported of built.chunks.get(fileName)?.imports ?? []) {
    if (built.chunks.has(imported)) staticClosure(built, imported, into);
  }
  return into;
}

/** The entry chunks (their static imports included), e.g. widgets.js with what it imports. */
export function entryFiles(built: Built): Set<string> {
  const files = new Set<string>();
  for (const chunk of built.chunks.values()) if (chunk.isEntry) staticClosure(built, chunk.fileName, files);
  return files;
}

/** Module ids that register a custom element (`defineElement('tag', …)`), by tag. */
export function elementModules(built: Built): Map<string, string> {
  const byTag = new Map<string, string>();
  for (const [id, info] of built.graph) {
    for (const match of info.code?.matchAll(/defineElement\(\s*["']([a-z][\w.-]*-[\w.-]*)["']/g) ?? []) byTag.set(match[1]!, id);
  }
  return byTag;
}

/**
 * What a page downloads to show the element defined in `moduleId`: the entries with their static imports, the
 * chunk holding the element, and the chunks its code loads with `import()` (found by walking its static imports;
 * only code that survived tree-shaking counts), each with their static imports.
 */
export function filesFor(built: Built, moduleId: string): Set<string> {
  const files = entryFiles(built);
  const walked = new Set<string>();
  const pending = [moduleId];
  while (pending.length > 0) {
    const start = pending.pop()!;
    const chunk = [...built.chunks.values()].find((c) => start in c.modules);
    if (chunk !== undefined) staticClosure(built, chunk.fileName, files);
    const stack = [start];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (walked.has(id)) continue;
      walked.add(id);
      const info = built.graph.get(id);
      if (info === undefined) continue;
      stack.push(...info.imports);
      if (info.included) pending.push(...info.dynamic);
    }
  }
  return files;
}

/** The npm build's files for one entry (`index.js`, `react.js`): the entry and its own modules it imports. */
export function npmEntry(built: Built, fileName: string): Size {
  return sizeOf(built, staticClosure(built, fileName));
}
