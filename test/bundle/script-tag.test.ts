/**
 * The script-tag bundle as a host page meets it: dist/widgets.js and its chunks, built by rollup.config.mjs into a
 * temporary folder, served with `Content-Security-Policy: script-src 'self'` to the system Chromium, drawing a
 * `<metric-chart>` of every type (line with gaps, grouped area, stacked and side-by-side bars, previous period)
 * and a `<kpi-tile>` sparkline, each with a fake client (fixtures/page.js).
 *
 * The bundle replaces parts of Plot our charts cannot reach with stubs that throw (tools/build/script-tag-stubs.mjs):
 * every chart drawn in full, with no page error and no console error, is what shows that none is reached. The page
 * also measures what it downloads for a `<metric-chart>`: at most 100 KB of script, gzip.
 */
import { readFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { rollup, type OutputOptions, type Plugin, type RollupOptions } from 'rollup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/demo-portal.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const CSP = "script-src 'self'; object-src 'none'; base-uri 'none'";
const TARGET_GZIP = 100 * 1024;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json' };
const METRIC_CHARTS = ['line', 'area-grouped', 'bar-stacked', 'bar-side-by-side', 'line-compare'];

/** What one widget drew, read from its shadow DOM. */
interface Drawn {
  state: string | null;
  message: string | null;
  /** Plot's line marks: the paths of each, and its dash pattern (the previous period's is dashed). */
  lines: { paths: number; dashed: boolean }[];
  areas: number;
  rects: number;
  dots: number;
  sparkline: string | null;
}

/** widgetsScriptTag of rollup.config.mjs, with its entry made absolute. */
async function scriptTagConfig(): Promise<RollupOptions> {
  const { widgetsScriptTag } = (await import(pathToFileURL(join(ROOT, 'rollup.config.mjs')).href)) as { widgetsScriptTag: RollupOptions };
  return { ...widgetsScriptTag, input: join(ROOT, widgetsScriptTag.input as string) };
}

/** Builds the script-tag bundle into `dir` as `npm run build` does (its size printout aside). */
async function buildInto(dir: string): Promise<void> {
  const config = await scriptTagConfig();
  const plugins = (config.plugins as Plugin[]).filter((p) => p.name !== 'tally-sizes');
  const bundle = await rollup({ ...config, plugins });
  try {
    await bundle.write({ ...(config.output as OutputOptions), dir, plugins: [] });
  } finally {
    await bundle.close();
  }
}

/** Serves `dist` (the bundle) and the fixtures, every response with the CSP header. */
function serve(dist: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path === 'widgets.js' || path.startsWith('widgets.js') || path.startsWith('chunks/') ? join(dist, path) : join(FIXTURES, path);
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP });
        res.end(body);
      },
      () => {
        res.writeHead(404, { 'Content-Security-Policy': CSP });
        res.end();
      },
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the script-tag bundle on a page with a strict CSP', () => {
  let dist: string;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  /** Script the page downloaded from the bundle: path → bytes. */
  const scripts = new Map<string, Buffer>();
  let drawn: Record<string, Drawn>;

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'tally-script-tag-'));
    [, browser] = await Promise.all([buildInto(dist), launchChromium()]);
    server = await serve(dist);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    page = await browser.newPage({ viewport: { width: 800, height: 1200 } });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
    const bodies: Promise<void>[] = [];
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${pathname}`);
      else if (pathname === '/widgets.js' || pathname.startsWith('/chunks/')) bodies.push(response.body().then((body) => void scripts.set(pathname, body)));
    });
    // A stub reached while drawing is an uncaught error: stop waiting at the first one, and report it below.
    const pageError = new Promise<void>((resolve) => page.once('pageerror', () => resolve()));
    await page.goto(`${origin}/index.html`);
    // Every chart drawn (or one in its error state, to fail below with its message) and the tile's sparkline drawn.
    const done = page.waitForFunction(
      (ids) => {
        const charts = ids.map((id) => document.getElementById(id)?.shadowRoot);
        const ready = charts.every((root) => root?.querySelector('[part="base"][data-state="ready"] .plot svg'));
        const failed = charts.some((root) => root?.querySelector('[part="base"][data-state="error"]'));
        return (ready && document.getElementById('kpi')?.shadowRoot?.querySelector('[part="sparkline"] svg path')) || failed;
      },
      METRIC_CHARTS,
      { timeout: 20_000 },
    );
    await Promise.race([done.catch((error: Error) => problems.push(`not drawn: ${error.message}`)), pageError]);
    await Promise.all(bodies);
    drawn = await page.evaluate((ids) => {
      const read = (id: string): Drawn => {
        const root = document.getElementById(id)!.shadowRoot!;
        const svg = root.querySelector('.plot svg');
        const count = (selector: string) => svg?.querySelectorAll(selector).length ?? 0;
        return {
          state: root.querySelector('[part="base"]')?.getAttribute('data-state') ?? null,
          message: root.querySelector('[part="message"]')?.textContent?.trim() ?? null,
          lines: [...(svg?.querySelectorAll('g[aria-label="line"]') ?? [])].map((g) => ({
            paths: g.querySelectorAll('path').length,
            dashed: g.hasAttribute('stroke-dasharray'),
          })),
          areas: count('g[aria-label="area"] path'),
          rects: count('g[aria-label="rect"] rect'),
          dots: count('g[aria-label="dot"] circle'),
          sparkline: root.querySelector('[part="sparkline"] svg path')?.getAttribute('d') ?? null,
        };
      };
      return Object.fromEntries([...ids, 'kpi'].map((id) => [id, read(id)]));
    }, METRIC_CHARTS);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (dist) await rm(dist, { recursive: true, force: true });
  });

  it('draws a line with one path, its lone point between gaps as a dot', () => {
    expect(drawn.line).toMatchObject({ state: 'ready', lines: [{ paths: 1, dashed: false }], areas: 0, rects: 0, dots: 1 });
  });

  it('draws a grouped area: an area and a line per group', () => {
    expect(drawn['area-grouped']).toMatchObject({ state: 'ready', lines: [{ paths: 3, dashed: false }], areas: 3, rects: 0 });
  });

  it('draws grouped bars: stacked for counts (one per value but zeros and gaps), side by side for ratios', () => {
    expect(drawn['bar-stacked']).toMatchObject({ state: 'ready', rects: 8 + 6, lines: [], areas: 0 });
    expect(drawn['bar-side-by-side']).toMatchObject({ state: 'ready', rects: 8 + 7, lines: [], areas: 0 });
  });

  it('draws the previous period as a second, dashed line', () => {
    expect(drawn['line-compare']).toMatchObject({ state: 'ready', lines: [{ paths: 1, dashed: false }, { paths: 1, dashed: true }] });
  });

  it('draws a bound kpi-tile sparkline through every point', () => {
    expect(drawn.kpi?.sparkline).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){5}$/);
  });

  it('has no page error, console error, CSP violation or failed request', () => {
    expect(problems).toEqual([]);
  });

  it('downloads at most 100 KB of script (gzip) for the page: widgets.js and the chart chunk it loads', () => {
    expect([...scripts.keys()].sort()).toEqual([expect.stringMatching(/^\/chunks\/time-series-chart-[\w-]+\.js$/), '/widgets.js']);
    const gzip = [...scripts.values()].reduce((sum, body) => sum + gzipSync(body).length, 0);
    expect(gzip).toBeLessThanOrEqual(TARGET_GZIP);
  });

  it('is a page where the policy holds: an inline script is refused', async () => {
    const control = await browser.newPage();
    try {
      const refused: string[] = [];
      control.on('console', (message) => refused.push(message.text()));
      const response = await control.goto(`${origin}/control.html`);
      expect(response?.headers()['content-security-policy']).toBe(CSP);
      expect(await control.evaluate(() => (window as { inlineScriptRan?: boolean }).inlineScriptRan)).toBeUndefined();
      expect(refused.join('\n')).toMatch(/inline script .*script-src 'self'/i);
    } finally {
      await control.close();
    }
  });

  it('has the stubs in place of what it leaves out (no colour schemes; the stubs’ message)', async () => {
    const chunks = await readdir(join(dist, 'chunks'));
    const code = (await Promise.all(['widgets.js', ...chunks.filter((f) => f.endsWith('.js')).map((f) => `chunks/${f}`)].map((f) => readFile(join(dist, f), 'utf8')))).join('\n');
    expect(code).not.toContain('1f77b4ff7f0e2ca02cd62728'); // d3's schemeCategory10
    expect(code).toContain('is not in the Tally script-tag bundle; use the npm build');
  });
});

describe('the script-tag stubs', () => {
  it('throw a clear error for any use, never a value', async () => {
    const { unavailable } = (await import(pathToFileURL(join(ROOT, 'tools/build/script-tag-stubs/unavailable.js')).href)) as {
      unavailable(name: string): ((...args: unknown[]) => unknown) & Record<string, unknown>;
    };
    const stub = unavailable('geoMercator (d3-geo)');
    const message = 'geoMercator (d3-geo) is not in the Tally script-tag bundle; use the npm build';
    expect(() => stub()).toThrow(message);
    expect(() => new (stub as unknown as new () => unknown)()).toThrow(message);
    expect(() => stub.scale).toThrow(message);
    expect(() => stub[3]).toThrow(message);
    expect(() => 'beta' in stub).toThrow(message);
    expect(() => ({}) instanceof (stub as unknown as new () => unknown)).toThrow(message);
    expect(typeof stub).toBe('function'); // storing it in Plot's lookup tables, and typeof, are harmless
  });

  it('make the build fail when our own code imports what the bundle leaves out', async () => {
    const config = await scriptTagConfig();
    const probe = join(ROOT, 'packages', 'widgets', 'src', '__script-tag-probe.ts');
    const build = (code: string) => {
      const virtual: Plugin = { name: 'probe', resolveId: (id) => (id === probe ? probe : null), load: (id) => (id === probe ? code : null) };
      return rollup({ ...config, input: probe, plugins: [virtual, ...(config.plugins as Plugin[]).filter((p) => p.name !== 'tally-sizes')], onwarn: () => {} });
    };
    await expect(build("import { geoPath } from 'd3';\nexport const path = geoPath();")).rejects.toThrow(/imports geoPath from d3, .*d3-geo is stubbed/);
    await expect(build("import { barY } from '@observablehq/plot';\nexport const bar = barY;")).rejects.toThrow(/imports barY from @observablehq\/plot, .*not in PLOT_IMPORTS/);
  }, 60_000);
});
