// What an npm build needs from a workspace package.json: its entry files (the `exports` that point into src/),
// which bare imports may stay external (its declared dependencies), and the package.json that ships in dist/.
//
// Inside the monorepo every tool (tsc, vitest, web-test-runner, Vite, tsx) resolves `@tally/*` to TypeScript
// sources through the workspace `exports`. The published package is packages/<name>/dist/ itself, with a generated
// package.json whose `exports` point at the built files; `npm publish packages/<name>/dist` (or `npm pack`) ships it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** @param {string} folder e.g. `packages/widgets` */
function readPackage(folder) {
  return JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8'));
}

/** `{ '.': './src/index.ts' }` whatever the shape of `exports` (a string, or a map of subpaths). */
function subpaths(pkg) {
  const exports = typeof pkg.exports === 'string' ? { '.': pkg.exports } : (pkg.exports ?? {});
  return Object.entries(exports).map(([subpath, target]) => [subpath, typeof target === 'string' ? target : target.default]);
}

/**
 * The source modules behind the package's `exports`, for rollup `input` and for tsc, relative to the repository
 * root: `{ index: 'packages/widgets/src/index.ts', react: 'packages/widgets/src/react.ts' }`.
 * @param {string} folder
 * @returns {Record<string, string>}
 */
export function sourceEntries(folder) {
  const entries = {};
  for (const [, target] of subpaths(readPackage(folder))) {
    const match = /^\.\/src\/(.+)\.ts$/.exec(target ?? '');
    if (match) entries[match[1]] = join(folder, 'src', `${match[1]}.ts`);
  }
  return entries;
}

/** `lit/decorators.js` → `lit`, `@lit/context` → `@lit/context`. */
export function packageName(source) {
  const [first = '', second = ''] = source.split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/**
 * Rollup `external` for an npm build: every bare import stays an import, and must be one of the package's
 * `dependencies` or `peerDependencies` (otherwise the build fails, naming it). `keep` returns true for imports
 * another plugin must see first (the browser-only guard).
 * @param {string} folder
 * @param {(source: string) => boolean} keep
 */
export function externalDependencies(folder, keep) {
  const pkg = readPackage(folder);
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  return (source) => {
    if (source.startsWith('.') || source.startsWith('/') || source.startsWith('\0') || /^[A-Za-z]:[\\/]/.test(source)) return false;
    if (keep(source)) return false;
    const name = packageName(source);
    if (!declared.has(name)) throw new Error(`${pkg.name} imports "${source}" but does not declare ${name} in ${folder}/package.json`);
    return true;
  };
}

/**
 * Rollup plugin: emits the package.json of the published package (dist/ is its root). `exports` come from the
 * workspace's: `./src/x.ts` becomes `{ types: './x.d.ts', default: './x.js' }`, `./dist/y` becomes `./y`.
 * @param {string} folder
 */
export function publishedPackageJson(folder) {
  return {
    name: 'tally-package-json',
    generateBundle() {
      const pkg = readPackage(folder);
      const root = readPackage('.');
      const fromDist = (path) => `./${path.replace(/^\.?\/?dist\//, '')}`;
      const exports = {};
      for (const [subpath, target] of subpaths(pkg)) {
        const source = /^\.\/src\/(.+)\.ts$/.exec(target);
        exports[subpath] = source ? { types: `./${source[1]}.d.ts`, default: `./${source[1]}.js` } : fromDist(target);
      }
      exports['./package.json'] = './package.json';
      const published = {
        name: pkg.name,
        version: pkg.version,
        description: pkg.description,
        license: pkg.license ?? root.license,
        // Mirrors the workspace package: flip it there when the package is to be published.
        private: pkg.private,
        type: 'module',
        exports,
        types: exports['.']?.types,
        ...(pkg.customElements ? { customElements: fromDist(pkg.customElements).slice(2) } : {}),
        ...(pkg.sideEffects !== undefined ? { sideEffects: pkg.sideEffects } : {}),
        dependencies: pkg.dependencies,
        peerDependencies: pkg.peerDependencies,
        peerDependenciesMeta: pkg.peerDependenciesMeta,
        engines: root.engines,
      };
      this.emitFile({ type: 'asset', fileName: 'package.json', source: `${JSON.stringify(published, null, 2)}\n` });
    },
  };
}
