/**
 * Bundle sizes (raw and gzip, KB): the script-tag bundle (dist/widgets.js with its chunks), what a page needs
 * for `<metric-chart>` (target ≤ 100 KB gzip; and what it would be without the stubs of unreachable Plot code,
 * tools/build/script-tag-stubs.mjs) and for each other element, dist/client-sdk.js, and the npm builds per entry.
 * Built in memory with rollup.config.mjs at setup; each case reports a measured size (the same every run), so
 * min = median = max.
 */
import { defineBench, type BenchCase, type BenchResult } from './harness.ts';
import { build, elementModules, entryFiles, filesFor, loadConfigs, npmEntry, sizeOf, stubbedModules, withoutStubs, type Size } from './support/bundle-sizes.ts';

/** `<metric-chart>` on a page: at most this many KB gzip. */
const METRIC_CHART_TARGET_KB = 100;
const KB = 1024;

interface Measured {
  name: string;
  adapter: string;
  size: Size;
}

let measured: Measured[] = [];
let elementSizes: { tag: string; size: Size }[] = [];
let stubbed: string[] = [];
export default defineBench({
  name: 'bundle',
  async setup() {
    const configs = await loadConfigs();
    const scriptTag = await build(configs.widgetsScriptTag);
    const npm = await build(configs.widgetsPackage);
    const sdk = await build(configs.clientSdk);
    const unstubbed = await build(withoutStubs(configs.widgetsScriptTag));
    stubbed = await stubbedModules();
    const elements = elementModules(scriptTag);
    const metricChart = elements.get('metric-chart');
    const metricChartUnstubbed = elementModules(unstubbed).get('metric-chart');
    measured = [
      { name: 'script tag: widgets.js + all chunks', adapter: 'script-tag', size: sizeOf(scriptTag, scriptTag.chunks.keys()) },
      { name: 'script tag: widgets.js + static imports (first load)', adapter: 'script-tag', size: sizeOf(scriptTag, entryFiles(scriptTag)) },
      ...(metricChart === undefined
        ? []
        : [{ name: 'script tag: needed for <metric-chart>', adapter: 'script-tag', size: sizeOf(scriptTag, filesFor(scriptTag, metricChart)) }]),
      ...(metricChartUnstubbed === undefined
        ? []
        : [{ name: 'script tag: needed for <metric-chart>, Plot not stubbed', adapter: 'script-tag', size: sizeOf(unstubbed, filesFor(unstubbed, metricChartUnstubbed)) }]),
      { name: 'script tag: client-sdk.js', adapter: 'script-tag', size: sizeOf(sdk, sdk.chunks.keys()) },
      { name: 'npm: @tally/widgets', adapter: 'npm', size: npmEntry(npm, 'index.js') },
      { name: 'npm: @tally/widgets/react', adapter: 'npm', size: npmEntry(npm, 'react.js') },
      { name: 'npm: @tally/client-sdk', adapter: 'npm', size: sizeOf(sdk, sdk.chunks.keys()) },
    ];
    elementSizes = [...elements].sort(([a], [b]) => a.localeCompare(b)).map(([tag, id]) => ({ tag, size: sizeOf(scriptTag, filesFor(scriptTag, id)) }));
    return measured.flatMap(({ name, adapter, size }): BenchCase[] => [
      { name, adapter, unit: 'KB gzip', kind: 'value', run: async () => size.gzip / KB },
      { name, adapter, unit: 'KB raw', kind: 'value', run: async () => size.raw / KB },
    ]);
  },
  report: (results) => report(results),
});

const kb = (bytes: number) => (bytes / KB).toFixed(1);

function report(results: readonly BenchResult[]): string {
  const gzip = (name: string) => results.find((r) => r.name === name && r.unit === 'KB gzip')?.median;
  const metricChart = gzip('script tag: needed for <metric-chart>');
  const verdict =
    metricChart === undefined
      ? 'no `<metric-chart>` in the bundle'
      : `${metricChart.toFixed(1)} KB gzip against a target of ≤ ${METRIC_CHART_TARGET_KB} KB: ${metricChart <= METRIC_CHART_TARGET_KB ? 'met' : 'NOT met'}`;
  const files = (size: Size) => size.files.map((f) => `\`${f}\``).join(', ');
  return [
    '## Bundle sizes',
    '',
    `\`<metric-chart>\` from the script-tag bundle: ${verdict}. Gzip is per file, as a server sends them. npm rows count`,
    'the package\'s own modules an entry imports; lit, d3, Plot and the SDK stay imports there, for the host\'s bundler.',
    `The script-tag bundle stubs what the charts cannot reach of Plot 0.6.17 (tools/build/script-tag-stubs.mjs): ${stubbed.map((m) => `\`${m}\``).join(', ')}.`,
    '',
    '| what | raw KB | gzip KB | files |',
    '|---|---:|---:|---|',
    ...measured.map(({ name, size }) => `| ${name} | ${kb(size.raw)} | ${kb(size.gzip)} | ${size.files.length} |`),
    '',
    'What a page downloads from the script-tag bundle for each element (entry, its static imports, and the chunks the',
    'element loads itself):',
    '',
    '| element | raw KB | gzip KB | files |',
    '|---|---:|---:|---|',
    ...elementSizes.map(({ tag, size }) => `| \`<${tag}>\` | ${kb(size.raw)} | ${kb(size.gzip)} | ${files(size)} |`),
  ].join('\n');
}
