// Type declarations for the npm builds: one tsc run over the public entries of @tally/widgets and
// @tally/client-sdk (in a child process, so it overlaps the rollup builds on the other core), its .d.ts files
// copied into each package's dist/ with `./x.ts` specifiers turned into `./x.js`, the files that sit beside them.
import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'node_modules', '.cache', 'tally-declarations');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Relative specifiers: `from './a.ts'`, `import('./a.ts')`, `import './a.ts'`. */
const RELATIVE_SPECIFIER = /((?:\bfrom|\bimport)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\2/g;

/**
 * Declarations of the packages under packages/ named in `packages` (by folder), each from its entry files.
 * `start()` runs tsc once; `write()` waits for it and writes each package's .d.ts files into its dist/.
 * @param {Record<string, string[]>} packages entry files (relative to the repository root) by package folder
 */
export function declarations(packages) {
  /** @type {Promise<Map<string, { file: string, source: string }[]>> | undefined} */
  let running;
  const start = () => {
    running ??= compile(Object.values(packages).flat());
    // Failures surface from write(); until then keep Node from reporting an unhandled rejection.
    running.catch(() => {});
    return running;
  };
  return {
    start,
    async write() {
      const byPackage = await start();
      for (const folder of Object.keys(packages)) {
        for (const { file, source } of byPackage.get(folder) ?? []) {
          const target = join(ROOT, 'packages', folder, 'dist', file);
          await mkdir(dirname(target), { recursive: true });
          await writeFile(target, source);
        }
      }
    },
  };
}

/** Runs tsc over `entries` and reads what it wrote, by package folder. */
async function compile(entries) {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const config = {
    extends: join(ROOT, 'tsconfig.base.json'),
    compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true, rootDir: join(ROOT, 'packages'), outDir: OUT, types: [] },
    files: entries.map((e) => join(ROOT, e)),
  };
  await writeFile(join(OUT, 'tsconfig.json'), JSON.stringify(config, null, 2));
  const output = await new Promise((done, fail) => {
    const child = spawn(process.execPath, [TSC, '-p', join(OUT, 'tsconfig.json')], { cwd: ROOT });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(text) : fail(new Error(`tsc (declarations) failed:\n${text}`))));
  });
  if (output.trim() !== '') console.log(output);
  const byPackage = new Map();
  for (const path of await walk(OUT)) {
    if (!path.endsWith('.d.ts')) continue;
    const [folder, src, ...rest] = relative(OUT, path).split(sep);
    if (src !== 'src') continue;
    const file = rest.join('/');
    const source = (await readFile(path, 'utf8')).replace(RELATIVE_SPECIFIER, (_, lead, quote, spec) => {
      if (!resolve(dirname(path), spec).startsWith(join(OUT, folder, 'src') + sep)) {
        throw new Error(`declarations: ${folder}/src/${file} refers to ${spec} outside its package; export the type from the other package and import it by name`);
      }
      return `${lead}${quote}${spec.replace(/\.ts$/, '.js')}${quote}`;
    });
    if (!byPackage.has(folder)) byPackage.set(folder, []);
    byPackage.get(folder).push({ file, source });
  }
  return byPackage;
}

async function walk(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])));
  return nested.flat();
}
