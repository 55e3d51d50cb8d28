// Browser bundles: dist/widgets.js and dist/client-sdk.js (ESM, minified, with source maps).
// The build fails if a server library or a Node builtin would reach either bundle.
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild, { minify } from 'rollup-plugin-esbuild';

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
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
        const raw = Buffer.byteLength(file.code);
        console.log(`  ${file.fileName.padEnd(16)} ${kb(raw).padStart(9)} raw ${kb(gzipSync(file.code).length).padStart(9)} gzip`);
      }
    },
  };
}

/** @returns {import('rollup').RollupOptions} */
function bundle(input, file) {
  return {
    input,
    output: { file, format: 'es', sourcemap: true },
    plugins: [
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
    ],
    onwarn(warning, warn) {
      // d3's own circular imports are known and harmless.
      if (warning.code === 'CIRCULAR_DEPENDENCY' && /[\\/]node_modules[\\/]d3-/.test(warning.ids?.[0] ?? '')) return;
      warn(warning);
    },
  };
}

export default [
  bundle('packages/widgets/src/index.ts', 'dist/widgets.js'),
  bundle('packages/client-sdk/src/index.ts', 'dist/client-sdk.js'),
];
