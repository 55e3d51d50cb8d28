// Browser tests for packages/widgets: TypeScript through esbuild, bare imports through node-resolve, CommonJS
// dependencies (Plot's interval-tree-1d) through @rollup/plugin-commonjs 26 (27+ fail under web-test-runner),
// in the system Chromium. Nothing here downloads a browser.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import { chromeLauncher } from '@web/test-runner-chrome';
import commonjsForWds from 'commonjs-for-wds';
import { CHROMIUM_ARGS } from './tools/chromium-args.mjs';

const commonjs = fromRollup(commonjsForWds);

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  rootDir: '.',
  files: ['packages/widgets/src/**/*.test.ts'],
  // 'development' gives Lit's dev build, which warns about mistakes such as class fields shadowing properties.
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'auto', tsconfig: 'tsconfig.json' }),
    // List CommonJS packages explicitly (the plugin is slow on everything). 'preferred': web-dev-server transforms
    // each file alone, so the plugin cannot tell that a required file is CommonJS and would hand `require()` an
    // empty namespace (Plot's dodge then fails with "bounds.ge is not a function").
    commonjs({
      include: ['**/node_modules/interval-tree-1d/**', '**/node_modules/binary-search-bounds/**'],
      requireReturnsDefault: 'preferred',
    }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [...CHROMIUM_ARGS],
      },
    }),
  ],
  // Keep Lit's other dev-mode warnings visible; only its one-time "dev mode" notice is noise.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 120_000,
  testFramework: { config: { timeout: 10_000 } },
};
