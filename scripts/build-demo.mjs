// `npm run build:demo`, and `prestart` before `npm start`: the widget bundle (dist/widgets.js, built by the
// same configuration as `npm run build`) and the demo pages' own scripts (dist/demo/portal.js, dist/demo/crm.js,
// which import the widgets from ./widgets.js rather than bundling them twice).
// Nothing is rebuilt when every output is newer than every input, so a second `npm start` costs nothing.
// `--force` rebuilds anyway.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import bundles from '../rollup.config.mjs';

const root = join(import.meta.dirname, '..');
process.chdir(root);

// The script-tag bundle of `npm run build` (dist/widgets.js and its dist/chunks/), found by its entry.
const WIDGETS_ENTRY = 'packages/widgets/src/index.ts';
const widgets = bundles.find((b) => b.input === WIDGETS_ENTRY);
if (widgets === undefined) throw new Error(`rollup.config.mjs has no bundle with input ${WIDGETS_ENTRY}`);

/** One demo page's script: TypeScript to minified ESM; `@tally/widgets` stays an import of the served bundle. */
const page = (name) => ({
  input: `demo/${name}.ts`,
  external: ['@tally/widgets'],
  output: { file: `dist/demo/${name}.js`, format: 'es', sourcemap: true, paths: { '@tally/widgets': './widgets.js' } },
  plugins: [esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', sourceMap: true, minify: true })],
});
const configs = [widgets, page('portal'), page('crm')];

const INPUT_DIRS = ['packages/widgets/src', 'packages/client-sdk/src', 'demo', 'tools/build'];
const INPUT_FILES = ['rollup.config.mjs', 'scripts/build-demo.mjs', 'package-lock.json'];

/** Newest modification time among the inputs, in ms. */
async function newestInput() {
  let newest = 0;
  const visit = async (path) => {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) return;
    if (info.isDirectory()) {
      for (const entry of await readdir(path)) await visit(join(path, entry));
    } else newest = Math.max(newest, info.mtimeMs);
  };
  for (const path of [...INPUT_DIRS, ...INPUT_FILES]) await visit(path);
  return newest;
}

/** The entry file a configuration writes. */
const outputFile = ({ output }) => output.file ?? join(output.dir, output.entryFileNames);

/** Oldest modification time among the outputs, in ms; 0 when one is missing. */
async function oldestOutput() {
  const times = await Promise.all(configs.map((c) => stat(outputFile(c)).then((s) => s.mtimeMs, () => 0)));
  return Math.min(...times);
}

const started = performance.now();
if (!process.argv.includes('--force') && (await oldestOutput()) > (await newestInput())) {
  console.log('demo: bundles are up to date (dist/widgets.js, dist/demo/)');
} else {
  for (const config of configs) {
    const bundle = await rollup({ ...config, onwarn: config.onwarn });
    try {
      await bundle.write(config.output);
    } finally {
      await bundle.close();
    }
  }
  console.log(`demo: built dist/widgets.js and dist/demo/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
