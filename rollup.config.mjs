// `npm run build`: the browser bundles and the npm builds, ESM, minified, with source maps.
// - dist/widgets.js: the script-tag bundle (`<script type="module" src=".../widgets.js">`), lit, d3 and Plot inside
//   (less what our charts cannot reach of Plot: tools/build/script-tag-stubs.mjs).
//   Code a widget loads with `import()` lands in dist/chunks/, which the bundle fetches itself, relative to its URL.
// - dist/client-sdk.js: the SDK for a script tag.
// - packages/widgets/dist/, packages/client-sdk/dist/: the npm packages (one file per module, dependencies external,
//   .d.ts, package.json, and for the widgets custom-elements.json); see tools/build/.
// Every build fails if a server library or a Node builtin would reach it.
import { builtinModules } from 'node:module';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild, { minify } from 'rollup-plugin-esbuild';
import { customElementsManifest } from './tools/build/custom-elements.mjs';
import { declarations } from './tools/build/declarations.mjs';
import { scriptTagStubs } from './tools/build/script-tag-stubs.mjs';
import { externalDependencies, publishedPackageJson, sourceEntries } from './tools/build/package-manifest.mjs';

/** Packages that must never be in a browser bundle (ARCHITECTURE: browser packages never import server libraries). */
const SERVER_ONLY = [
  'jose',
  'postgres',
  'ioredis',
  'kafkajs',
  '@electric-sql/pglite',
  'pino',
  'hono',
  '@hono/node-server',
  '@hono/node-ws',
  'ws',
  '@tally/core',
  '@tally/ingest',
  '@tally/server',
];
const NODE_BUILTINS = new Set(builtinModules);

/** The forbidden package `source` belongs to, or undefined. */
function forbidden(source) {
  if (source.startsWith('node:')) return source;
  const [first = '', second = ''] = source.split('/');
  const name = first.startsWith('@') ? `${first}/${second}` : first;
  if (NODE_BUILTINS.has(first)) return `node builtin ${first}`;
  return SERVER_ONLY.includes(name) ? name : undefined;
}

/** Fails the build on an import of a server-only package or Node builtin, and on any such file in the graph. */
function browserOnly() {
  return {
    name: 'tally-browser-only',
    resolveId: {
      order: 'pre',
      handler(source, importer) {
        const what = forbidden(source);
        if (what !== undefined) {
          this.error(`${what} must not reach a browser bundle (imported as "${source}" by ${importer ?? 'the entry'})`);
        }
        return null;
      },
    },
    generateBundle() {
      for (const id of this.getModuleIds()) {
        const match = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(id);
        const pkg = match?.[1]?.replace('\\', '/');
        if (pkg !== undefined && SERVER_ONLY.includes(pkg)) this.error(`${pkg} must not reach a browser bundle (${id})`);
        if (/[\\/]packages[\\/](core|ingest|server)[\\/]/.test(id)) this.error(`server package file in a browser bundle: ${id}`);
      }
    },
  };
}

/**
 * TypeScript through esbuild. Its resolveId also resolves relative imports inside node_modules, which bypasses
 * node-resolve and with it the packages' `sideEffects` flags (Plot would not tree-shake): leave those to node-resolve.
 */
function typescript() {
  const plugin = esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', sourceMap: true });
  const { resolveId } = plugin;
  return {
    ...plugin,
    resolveId(source, importer, options) {
      if (importer !== undefined && /[\\/]node_modules[\\/]/.test(importer)) return null;
      return resolveId.call(this, source, importer, options);
    },
  };
}

/** Prints each chunk's raw and gzip size. */
function sizes() {
  return {
    name: 'tally-sizes',
    generateBundle(options, bundle) {
      const dir = options.dir ?? '';
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
        const raw = Buffer.byteLength(file.code);
        const name = join(dir, file.fileName);
        console.log(`  ${name.padEnd(40)} ${kb(raw).padStart(9)} raw ${kb(gzipSync(file.code).length).padStart(9)} gzip`);
      }
    },
  };
}

/** Deletes files under `dir` (relative to the output dir) that this build did not write: stale hashed chunks. */
function removeStale(dir) {
  return {
    name: 'tally-remove-stale',
    async writeBundle(options, bundle) {
      const folder = join(options.dir ?? '', dir);
      const written = new Set(Object.keys(bundle).map((f) => join(options.dir ?? '', f)));
      const present = await readdir(folder).catch(() => []);
      await Promise.all(present.map((f) => join(folder, f)).filter((f) => !written.has(f)).map((f) => rm(f, { force: true })));
    },
  };
}

/** Empties an output folder before a build writes it again (npm builds: modules removed from src must go). */
function cleanFirst(dir) {
  return {
    name: 'tally-clean',
    async buildStart() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** d3's own circular imports are known and harmless. */
function onwarn(warning, warn) {
  if (warning.code === 'CIRCULAR_DEPENDENCY' && /[\\/]node_modules[\\/]d3-/.test(warning.ids?.[0] ?? '')) return;
  warn(warning);
}

/** Plugins of a self-contained browser bundle: dependencies inside, CommonJS ones (Plot's interval-tree-1d) too. */
function selfContained() {
  return [
    browserOnly(),
    nodeResolve({
      browser: true,
      exportConditions: ['browser', 'production'],
      extensions: ['.mjs', '.js', '.ts', '.json'],
      preferBuiltins: false,
    }),
    commonjs(),
    typescript(),
    minify({ target: 'es2022', sourceMap: true }),
    sizes(),
  ];
}

/** Plugins of an npm build: only the package's own modules, every dependency an import. */
function npmPackage(folder) {
  return {
    external: externalDependencies(folder, (source) => forbidden(source) !== undefined),
    plugins: [browserOnly(), typescript(), minify({ target: 'es2022', sourceMap: true }), sizes()],
  };
}

const WIDGETS = 'packages/widgets';
const CLIENT_SDK = 'packages/client-sdk';
const widgetsNpm = npmPackage(WIDGETS);
const types = declarations({ widgets: Object.values(sourceEntries(WIDGETS)), 'client-sdk': Object.values(sourceEntries(CLIENT_SDK)) });

/**
 * The script-tag bundle: dist/widgets.js (everything packages/widgets/src/index.ts exports) and, for code
 * the widgets load with `import()`, dist/chunks/. scripts/build-demo.mjs finds this one by its `input`.
 * @type {import('rollup').RollupOptions}
 */
export const widgetsScriptTag = {
  input: `${WIDGETS}/src/index.ts`,
  // Chunks import what they share with the entry from widgets.js itself, instead of the entry becoming a facade
  // over a chunk of everything (one more request before anything runs).
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist',
    entryFileNames: 'widgets.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    format: 'es',
    sourcemap: true,
    plugins: [removeStale('chunks')],
  },
  // Parts of Plot our charts cannot reach (map projections, colour schemes, legends, tips) are stubs here, to keep
  // a page with a <metric-chart> under 100 KB gzip; see tools/build/script-tag-stubs.mjs (checked against Plot 0.6.17).
  plugins: [scriptTagStubs(), ...selfContained()],
  onwarn,
};

/**
 * The SDK: dist/client-sdk.js for a script tag, and the npm package packages/client-sdk/dist/ (the same single
 * module: it has no dependencies). Starts tsc for both packages' declarations, which runs beside the builds.
 * @type {import('rollup').RollupOptions}
 */
export const clientSdk = {
  input: `${CLIENT_SDK}/src/index.ts`,
  output: [
    { file: 'dist/client-sdk.js', format: 'es', sourcemap: true },
    { dir: `${CLIENT_SDK}/dist`, entryFileNames: 'index.js', format: 'es', sourcemap: true, plugins: [publishedPackageJson(CLIENT_SDK)] },
  ],
  plugins: [{ name: 'tally-declarations-start', buildStart: () => void types.start() }, cleanFirst(`${CLIENT_SDK}/dist`), ...selfContained()],
  onwarn,
};

/**
 * The npm package of the widgets: packages/widgets/dist/ with one minified module per source module (so a host's
 * bundler tree-shakes and splits as it likes), lit, @lit/context, @lit/react, d3, Plot and @tally/client-sdk left
 * as imports; the `./react` wrappers; custom-elements.json; package.json; and the .d.ts files of both packages.
 * @type {import('rollup').RollupOptions}
 */
export const widgetsPackage = {
  input: sourceEntries(WIDGETS),
  output: {
    dir: `${WIDGETS}/dist`,
    format: 'es',
    sourcemap: true,
    preserveModules: true,
    preserveModulesRoot: `${WIDGETS}/src`,
    entryFileNames: '[name].js',
  },
  external: widgetsNpm.external,
  plugins: [
    cleanFirst(`${WIDGETS}/dist`),
    ...widgetsNpm.plugins,
    customElementsManifest({ reactWrappers: `${WIDGETS}/src/react.ts` }),
    publishedPackageJson(WIDGETS),
    { name: 'tally-declarations', writeBundle: () => types.write() },
  ],
  onwarn,
};

export default [clientSdk, widgetsScriptTag, widgetsPackage];
