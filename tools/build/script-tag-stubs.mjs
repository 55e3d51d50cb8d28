// Stubs for the parts of Plot's dependency graph that our charts cannot reach, in the script-tag bundle only
// (dist/widgets.js and its chunks, to keep a page with a <metric-chart> under 100 KB gzip). The npm build keeps
// Plot and d3 whole, as imports.
//
// Plot's modules import all they might need from "d3" and keep it in lookup tables built at load time (every
// named projection, colour scheme, curve, symbol and scale type), so tree-shaking keeps all of it although a chart
// without a `projection`, colour scheme, `curve`, `legend`, `tip` or `interval` option never calls it. Here each
// module in STUBBED is replaced by one that exports the same names: the ones in `keep` re-exported from the real
// module, the ones a `replace` file defines taken from it (a pass-through of Plot's code for the options we use,
// failing for any other), and every other one bound to a stand-in that throws
// "<name> is not in the Tally script-tag bundle; use the npm build" as soon as anything calls it or reads from it.
// A page that reaches a stub fails loudly; it never draws something wrong.
//
// Checked against @observablehq/plot 0.6.17 (pinned in packages/widgets/package.json; the build fails on another
// version until CHECKED_PLOT is moved) and d3 7.9.2 (d3-geo 3.1.2, d3-scale-chromatic 3.1.1, d3-shape 3.2.1,
// d3-scale 4.0.3, d3-format 3.1.3). Re-check with tools/build/bundle-analysis.mjs and test/bundle/script-tag.test.ts
// before moving either. What keeps the stubs out of reach: our own modules may import from Plot only PLOT_IMPORTS,
// and nothing stubbed from "d3" (the build fails otherwise); the time-series chart passes explicit colours through
// an identity colour scale, y1/y2 to its areas, tick formats to its axes, and no projection, curve, symbol, legend,
// tip or interval; test/bundle/script-tag.test.ts draws every chart type from the built bundle.
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Plot version STUBBED and the files in script-tag-stubs/ were checked against. */
export const CHECKED_PLOT = '0.6.17';

const HERE = join(import.meta.dirname, 'script-tag-stubs');
// Real path, as node-resolve gives Plot's own imports: one id per module, never two copies of one.
const PLOT_SRC = realpathSync(dirname(fileURLToPath(import.meta.resolve('@observablehq/plot'))));

/**
 * The modules replaced, by package (`d3-geo`) or Plot source file (`@observablehq/plot/src/marks/tip.js`): why
 * nothing we draw reaches what they lose, the exports kept real (`keep`), and a file in script-tag-stubs/ whose
 * exports replace Plot's (`replace`).
 * @type {Map<string, { why: string, keep?: string[], replace?: string }>}
 */
export const STUBBED = new Map([
  [
    'd3-geo',
    { why: 'map projections and GeoJSON paths: Plot uses them only with a `projection` option or a geo mark' },
  ],
  [
    'd3-scale-chromatic',
    {
      why:
        'colour schemes and interpolators: Plot reads them only for a colour scale with a scheme or a default ' +
        'palette; our charts pass every colour through `color: {type: "identity"}`',
    },
  ],
  [
    'd3-shape',
    {
      keep: ['line', 'area', 'curveLinear', 'symbolCircle'],
      why:
        'curves and symbols other than linear and circle: Plot looks them up only for a `curve` or `symbol` ' +
        'option or a symbol scale (lines default to curveAuto, i.e. curveLinear; dots to symbolCircle)',
    },
  ],
  [
    'd3-scale',
    {
      keep: ['scaleLinear', 'scaleUtc', 'scaleTime', 'scaleIdentity', 'scaleBand', 'scaleOrdinal', 'scalePoint', 'scaleImplicit'],
      why:
        'log, pow, symlog, quantile, quantize, threshold, sequential and diverging scales: Plot makes them only ' +
        'for a scale of that `type` or a colour scheme; ours are utc (x), linear (y) and identity (colour)',
    },
  ],
  [
    'd3-format',
    {
      why:
        'number formats: Plot asks a scale for them only for an axis without a `tickFormat` function (ours all ' +
        'have one), a legend or a tip',
    },
  ],
  [
    '@observablehq/plot/src/projection.js',
    { replace: 'plot-projection.js', why: 'projections: every function but the three asked with no projection' },
  ],
  [
    '@observablehq/plot/src/transforms/bin.js',
    { replace: 'plot-bin.js', why: 'binning: Plot bins lines and areas only for an `interval` option' },
  ],
  [
    '@observablehq/plot/src/transforms/stack.js',
    { replace: 'plot-stack.js', why: 'stacking: areaY stacks only without y1 and y2 (ours pass both)' },
  ],
  [
    '@observablehq/plot/src/scales/diverging.js',
    { why: 'diverging scales: createScale calls them only for a diverging `type` or colour scheme' },
  ],
  [
    '@observablehq/plot/src/marks/tip.js',
    { why: 'the tip mark: plot() adds one only for a mark with a `tip` option; our tooltips are our own' },
  ],
  [
    '@observablehq/plot/src/interactions/pointer.js',
    { why: 'the pointer transforms: used only by tips and crosshairs, which our charts do not draw' },
  ],
  [
    '@observablehq/plot/src/legends/ramp.js',
    { why: 'colour ramp legends: drawn only for a `legend` option or a call of svg.legend(), neither of which we make' },
  ],
  [
    '@observablehq/plot/src/legends/swatches.js',
    { why: 'swatch legends: drawn only for a `legend` option or a call of svg.legend(), neither of which we make' },
  ],
]);

/**
 * What our own modules may import from Plot in the script-tag bundle: the marks the time-series chart draws, tried
 * with every chart type by test/bundle/script-tag.test.ts. Add a name only after that test covers it.
 */
export const PLOT_IMPORTS = new Set(['areaY', 'axisX', 'axisY', 'dot', 'gridY', 'lineY', 'plot', 'rect', 'ruleY']);

const PREFIX = '\0tally-stub:';

/** The STUBBED key of a resolved module id, or undefined. */
function stubbedKey(id) {
  const path = id.replaceAll('\\', '/');
  for (const key of STUBBED.keys()) {
    if (key.includes('/src/') ? path.endsWith(`/node_modules/${key}`) : path.includes(`/node_modules/${key}/`)) return key;
  }
  return undefined;
}

/** Could `source`, as written in an import, resolve to a stubbed module? A cheap test before resolving. */
function mayBeStubbed(source) {
  const tail = source.replace(/^(\.\.?\/)+/, '');
  return [...STUBBED.keys()].some((key) => (key.includes('/src/') ? key.endsWith(`/${tail}`) : source === key));
}

/** The module put in place of `real`: kept exports from it, replaced ones from the replacement file, stubs for the rest. */
function stubModule(key, real, names, replaced) {
  const { why, keep = [], replace } = STUBBED.get(key);
  const label = key.startsWith('@observablehq/plot/src/') ? `Plot's ${key.slice('@observablehq/plot/src/'.length)}` : key;
  const kept = names.filter((name) => keep.includes(name));
  const stubbed = names.filter((name) => !keep.includes(name) && !replaced.includes(name));
  const lines = [`// ${key} in the script-tag bundle (tools/build/script-tag-stubs.mjs): ${why}.`];
  if (kept.length > 0) lines.push(`export { ${kept.join(', ')} } from ${JSON.stringify(real)};`);
  if (replaced.length > 0) lines.push(`export { ${replaced.join(', ')} } from ${JSON.stringify(join(HERE, replace))};`);
  if (stubbed.length > 0) {
    lines.push(`import { unavailable } from ${JSON.stringify(join(HERE, 'unavailable.js'))};`);
    stubbed.forEach((name, i) => lines.push(`const s${i} = /* @__PURE__ */ unavailable(${JSON.stringify(`${name} (${label})`)});`));
    lines.push(`export { ${stubbed.map((name, i) => `s${i} as ${name}`).join(', ')} };`);
  }
  return lines.join('\n');
}

/** `{ source, name }` of each name an ESTree program imports or re-exports from one of `sources`. */
function importedNames(ast, sources) {
  const found = [];
  for (const node of ast.body) {
    const source = node.source?.value;
    if (!sources.includes(source)) continue;
    if (node.type === 'ImportDeclaration') {
      for (const s of node.specifiers) found.push({ source, name: s.type === 'ImportSpecifier' ? (s.imported.name ?? s.imported.value) : '*' });
    } else if (node.type === 'ExportNamedDeclaration') {
      for (const s of node.specifiers) found.push({ source, name: s.local.name ?? s.local.value });
    } else if (node.type === 'ExportAllDeclaration') {
      found.push({ source, name: '*' });
    }
  }
  return found;
}

/**
 * The rollup plugin: puts the STUBBED modules' stand-ins in their place, and fails the build when one of our own
 * modules imports a Plot name outside PLOT_IMPORTS or anything stubbed from "d3". Put it before node-resolve.
 * @returns {import('rollup').Plugin}
 */
export function scriptTagStubs() {
  /** The stubbed export names of each stubbed d3 package, to check what our modules import from "d3". */
  const stubbedNames = new Map();
  /** Our own modules' imports from d3 and Plot. */
  const ownImports = [];
  return {
    name: 'tally-script-tag-stubs',
    buildStart() {
      stubbedNames.clear();
      ownImports.length = 0;
      const { version } = JSON.parse(readFileSync(join(PLOT_SRC, '..', 'package.json'), 'utf8'));
      if (version !== CHECKED_PLOT) {
        this.error(`@observablehq/plot is ${version}; tools/build/script-tag-stubs.mjs was checked against ${CHECKED_PLOT}: re-check it, then move CHECKED_PLOT`);
      }
    },
    async resolveId(source, importer, options) {
      // The replacement files import Plot's internals, which its package `exports` do not expose.
      if (source.startsWith('@observablehq/plot/src/')) return join(PLOT_SRC, source.slice('@observablehq/plot/src/'.length));
      if (importer === undefined || importer.startsWith(PREFIX) || !mayBeStubbed(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (resolved === null || resolved.external) return resolved;
      return stubbedKey(resolved.id) === undefined ? resolved : `${PREFIX}${resolved.id}`;
    },
    async load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const real = id.slice(PREFIX.length);
      const key = stubbedKey(real);
      const { keep = [], replace } = STUBBED.get(key);
      // The real module is parsed for its export names: nothing imports it but the kept exports.
      const { exports } = await this.load({ id: real, resolveDependencies: false });
      if (exports === null || exports.includes('*')) this.error(`cannot stub ${real}: it re-exports another module`);
      const replaced = replace === undefined ? [] : ((await this.load({ id: join(HERE, replace), resolveDependencies: false })).exports ?? []);
      const unknown = [...keep, ...replaced].filter((name) => !exports.includes(name));
      if (unknown.length > 0) this.error(`${real} does not export ${unknown.join(', ')}: re-check tools/build/script-tag-stubs.mjs`);
      stubbedNames.set(key, new Set(exports.filter((name) => !keep.includes(name) && !replaced.includes(name))));
      return { code: stubModule(key, real, exports, replaced), moduleSideEffects: false };
    },
    transform(code, id) {
      // d3-shape makes its configurable curves at load time, `var cardinal = (function custom(tension) {…})(0)`:
      // rollup cannot tell that these calls only make closures and keeps every curve. They are pure; say so.
      if (!/[\\/]node_modules[\\/]d3-shape[\\/]/.test(id)) return null;
      return { code: code.replaceAll('= (function custom(', '= /* @__PURE__ */ (function custom('), map: null };
    },
    moduleParsed(info) {
      if (/[\\/]node_modules[\\/]/.test(info.id) || info.id.startsWith('\0') || info.id.startsWith(HERE) || info.ast === null) return;
      for (const found of importedNames(info.ast, ['d3', '@observablehq/plot', ...STUBBED.keys()])) ownImports.push({ ...found, importer: info.id });
    },
    buildEnd(error) {
      if (error !== undefined) return;
      for (const { source, name, importer } of ownImports) {
        let why;
        if (source === '@observablehq/plot') why = PLOT_IMPORTS.has(name) ? undefined : 'it is not in PLOT_IMPORTS';
        else if (name === '*') why = `a namespace import of ${source} would take its stubs too`;
        else {
          const packages = source === 'd3' ? [...stubbedNames] : [[source, stubbedNames.get(source) ?? new Set()]];
          why = packages.find(([, names]) => names.has(name))?.[0]?.concat(' is stubbed');
        }
        if (why === undefined) continue;
        this.error(
          `${importer} imports ${name} from ${source}, which the script-tag bundle does not have: ${why} ` +
            '(tools/build/script-tag-stubs.mjs; cover a new Plot import in test/bundle/script-tag.test.ts first)',
        );
      }
    },
  };
}
