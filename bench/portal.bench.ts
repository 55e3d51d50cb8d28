/**
 * The demo portal in Chromium (playwright-core, the system browser), three figures:
 *
 * - **First chart painted**: a fresh browser context (cold cache) opens the portal's executive overview on a
 *   running `tally start` with a small demo (embedded adapters, as `npm start`). Measured in the page: the time
 *   from navigation start (`performance.timeOrigin`) to the first animation frame in which a `<metric-chart>`
 *   has drawn its data (`data-state="ready"` and an SVG with marks in its shadow root), polled every frame;
 *   and the same instant counted from the end of the load event. Target: ≤ 1 s.
 * - **10,000 points**: a `<metric-chart>` given a mock client that answers at once with 10,000 hourly points;
 *   the time from connecting the element to its SVG being in the DOM (query, model, Plot, DOM).
 * - **Memory under live updates**: a `<metric-chart>` (30 days by hour) and a `<kpi-tile>` on a mock client
 *   that pushes a new answer every second (the latest point moves; every minute the window slides) for
 *   BENCH_PORTAL_MINUTES (default 10), split over the harness's runs. Each run reports the change of the JS heap
 *   (after a forced GC, CDP `Performance.getMetrics`); the report lists heap and DOM nodes at every run boundary.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { buildDemo, launchChromium, startDemoServer, type DemoServer } from '../test/support/demo-portal.ts';
import { defineBench, median, type BenchResult } from './harness.ts';

const MINUTES = Number(process.env.BENCH_PORTAL_MINUTES ?? 10);
const POINTS = 10_000;
/** Warm-up plus the measured runs (as bench/run.ts counts them): the live window is split over all of them. */
const MEMORY_RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5) || 5) + 1;
const MiB = 2 ** 20;
/**
 * tsx compiles this file with esbuild's keepNames, which wraps named functions in `__name(…)`; functions handed
 * to the page are serialised with those calls in them, so the page needs the helper too.
 */
const KEEP_NAMES_SHIM = { content: 'globalThis.__name = (f) => f;' };

let server: DemoServer | undefined;
let browser: Browser | undefined;
let chartPage: { context: BrowserContext; page: Page } | undefined;
let memoryPage: { context: BrowserContext; page: Page; cdp: CDPSession } | undefined;
const firstCharts: { fromStart: number; afterLoad: number }[] = [];
const samples: { atSeconds: number; heapMiB: number; nodes: number }[] = [];
let memoryStarted = 0;

/** A page on the server's origin that loads only the widget bundle (served by playwright, never by the server). */
async function widgetPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(KEEP_NAMES_SHIM);
  const page = await context.newPage();
  const url = `${server!.url}/bench/widgets.html`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html><body style="margin:0"><div id="host" style="width:1200px"></div><script type="module" src="/demo/widgets.js"></script></body></html>',
    }),
  );
  await page.goto(url);
  await page.waitForFunction(() => customElements.get('metric-chart') !== undefined && customElements.get('kpi-tile') !== undefined);
  return { context, page };
}

/**
 * Installs `window.benchClient`: a mock client whose answers are `points` hourly buckets; with `pushEveryMs`,
 * subscriptions get a fresh answer that often (the last value moves; each minute of pushes shifts the window).
 */
function installMockClient(page: Page, points: number, pushEveryMs?: number): Promise<void> {
  return page.evaluate(
    ([n, every]) => {
      const HOUR = 3_600_000;
      let start = Date.UTC(2025, 0, 1);
      let tick = 0;
      const answer = () => {
        const values = Array.from({ length: n }, (_, i) => {
          const day = Math.sin(((i % 24) / 24) * 2 * Math.PI);
          return Math.round(400 + 250 * day + ((i * 7919) % 97) + (i === n - 1 ? tick % 50 : 0));
        });
        return {
          series: [{ points: values.map((v, i) => ({ t: new Date(start + i * HOUR).toISOString(), v })), total: values.reduce((a, b) => a + b, 0) }],
          meta: {
            metric: 'events', unit: 'count', from: new Date(start).toISOString(), to: new Date(start + n * HOUR).toISOString(),
            granularity: 'hour', timezone: 'UTC', sources: ['rollup'], freshAt: new Date().toISOString(),
          },
        };
      };
      const timers = new Set<ReturnType<typeof setInterval>>();
      (window as unknown as { benchClient: unknown }).benchClient = {
        query: () => Promise.resolve(answer()),
        subscribe: (_query: unknown, onResult: (r: unknown) => void) => {
          onResult(answer());
          if (every === undefined) return () => {};
          const timer = setInterval(() => {
            tick++;
            if (tick % 60 === 0) start += HOUR;
            onResult(answer());
          }, every);
          timers.add(timer);
          return () => {
            clearInterval(timer);
            timers.delete(timer);
          };
        },
        customer: () => Promise.reject(new Error('not in this bench')),
        searchCustomers: () => Promise.reject(new Error('not in this bench')),
        revenueMovements: () => Promise.reject(new Error('not in this bench')),
      };
    },
    [points, pushEveryMs] as const,
  );
}

async function heap(cdp: CDPSession): Promise<{ heapMiB: number; nodes: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return { heapMiB: value('JSHeapUsedSize') / MiB, nodes: value('Nodes') };
}

export default defineBench({
  name: 'portal',
  async setup() {
    await buildDemo();
    [server, browser] = await Promise.all([startDemoServer({ scale: 0.05, days: 30, rate: 20 }), launchChromium()]);
    await server.live;
    chartPage = await widgetPage();
    await installMockClient(chartPage.page, POINTS);

    const live = await widgetPage();
    await installMockClient(live.page, 24 * 30, 1000);
    const cdp = await live.context.newCDPSession(live.page);
    await cdp.send('Performance.enable');
    memoryPage = { ...live, cdp };

    const sliceMs = (MINUTES * 60_000) / MEMORY_RUNS;
    return [
      {
        name: 'first chart painted, from navigation start',
        adapter: 'chromium',
        unit: 'ms',
        kind: 'value',
        async run() {
          const context = await browser!.newContext({ viewport: { width: 1440, height: 960 } });
          await context.addInitScript(KEEP_NAMES_SHIM);
          try {
            const page = await context.newPage();
            await page.addInitScript(() => {
              const w = window as unknown as { firstChartAt?: number };
              const drawn = () =>
                [...document.querySelectorAll('metric-chart')].some((c) => c.shadowRoot?.querySelector('[part~="base"][data-state="ready"] .plot svg path, [part~="base"][data-state="ready"] .plot svg rect'));
              const frame = () => (drawn() ? (w.firstChartAt = performance.now()) : requestAnimationFrame(frame));
              requestAnimationFrame(frame);
            });
            await page.goto(`${server!.url}/?role=admin#executive`);
            await page.waitForFunction(() => (window as unknown as { firstChartAt?: number }).firstChartAt !== undefined, undefined, { timeout: 30_000 });
            const { at, loaded } = await page.evaluate(() => ({
              at: (window as unknown as { firstChartAt: number }).firstChartAt,
              loaded: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
            }));
            firstCharts.push({ fromStart: at, afterLoad: at - loaded });
            return at;
          } finally {
            await context.close();
          }
        },
      },
      {
        name: `render ${POINTS.toLocaleString('en-US')} points in a metric-chart`,
        adapter: 'chromium',
        unit: 'ms',
        kind: 'value',
        run() {
          return chartPage!.page.evaluate(async (n) => {
            const host = document.getElementById('host')!;
            host.replaceChildren();
            const chart = document.createElement('metric-chart') as HTMLElement & { client: unknown };
            const from = new Date(Date.UTC(2025, 0, 1));
            chart.setAttribute('metric', 'events');
            chart.setAttribute('granularity', 'hour');
            chart.setAttribute('from', from.toISOString());
            chart.setAttribute('to', new Date(from.getTime() + n * 3_600_000).toISOString());
            chart.client = (window as unknown as { benchClient: unknown }).benchClient;
            const start = performance.now();
            host.append(chart);
            await new Promise<void>((resolve) => {
              const frame = () => (chart.shadowRoot?.querySelector('.plot svg') ? resolve() : requestAnimationFrame(frame));
              frame();
            });
            return performance.now() - start;
          }, POINTS);
        },
      },
      {
        name: `JS heap change per ${(sliceMs / 60_000).toFixed(1)} min of live updates at 1/s`,
        adapter: 'chromium',
        unit: 'MiB',
        kind: 'value',
        async run() {
          const { page, cdp } = memoryPage!;
          if (samples.length === 0) {
            await page.evaluate(() => {
              const client = (window as unknown as { benchClient: unknown }).benchClient;
              const chart = document.createElement('metric-chart') as HTMLElement & { client: unknown };
              Object.entries({ metric: 'events', range: '30d', granularity: 'hour', live: '', type: 'area' }).forEach(([k, v]) => chart.setAttribute(k, v));
              chart.client = client;
              const tile = document.createElement('kpi-tile') as HTMLElement & { client: unknown };
              Object.entries({ metric: 'events', range: '30d', label: 'Events', live: '' }).forEach(([k, v]) => tile.setAttribute(k, v));
              tile.client = client;
              document.getElementById('host')!.append(tile, chart);
            });
            await page.waitForFunction(() => document.querySelector('metric-chart')?.shadowRoot?.querySelector('.plot svg') !== null);
            memoryStarted = Date.now();
            samples.push({ atSeconds: 0, ...(await heap(cdp)) });
          }
          const before = samples.at(-1)!;
          // The live window: updates arrive on their own, once a second, while this run waits out its share.
          await page.waitForTimeout(sliceMs);
          const after = { atSeconds: Math.round((Date.now() - memoryStarted) / 1000), ...(await heap(cdp)) };
          samples.push(after);
          return after.heapMiB - before.heapMiB;
        },
      },
    ];
  },
  report(results: readonly BenchResult[]) {
    const fmt = (n: number) => n.toFixed(1);
    const first = results.find((r) => r.name.startsWith('first chart'));
    const afterLoad = firstCharts.map((f) => f.afterLoad);
    const rows = samples.map((s) => `| ${s.atSeconds} | ${fmt(s.heapMiB)} | ${s.nodes} |`);
    const growth = samples.length > 1 ? samples.at(-1)!.heapMiB - samples[0]!.heapMiB : Number.NaN;
    return [
      '### Portal (Chromium)',
      '',
      `First chart painted: median ${fmt(first?.median ?? Number.NaN)} ms from navigation start, ${fmt(median(afterLoad))} ms after the load event (target ≤ 1,000 ms).`,
      '',
      `Memory over ${MINUTES} min of live updates at 1/s (one metric-chart of 720 points, one kpi-tile; heap after a forced GC): ${growth >= 0 ? '+' : ''}${fmt(growth)} MiB from first to last sample.`,
      '',
      '| seconds | JS heap (MiB) | DOM nodes |',
      '|---:|---:|---:|',
      ...rows,
    ].join('\n');
  },
  async teardown() {
    await chartPage?.context.close();
    await memoryPage?.context.close();
    await browser?.close();
    await server?.stop();
  },
});
