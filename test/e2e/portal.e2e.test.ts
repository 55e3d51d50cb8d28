/**
 * The demo portal end to end, as a visitor sees it: the bundles built as `npm start` builds them, `tally start`
 * with a small demo company (embedded bus, PGlite, memory cache: `npm start`'s defaults), and the system
 * Chromium. Every page is checked for what it promises, for Content-Security-Policy violations and page
 * errors, and saved as a screenshot in test-artifacts/ for a person to look at.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { METRIC_CATALOG } from '@tally/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, launchChromium, startDemoServer, type DemoServer } from '../support/demo-portal.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
/** Metrics of the finance class: what a viewer must never receive. */
const FINANCE = new Set(METRIC_CATALOG.filter((m) => m.sensitivity === 'finance').map((m) => m.name));
const WAIT = { timeout: 30_000 };

/** What the page reports about itself: installed before any of its scripts runs. */
interface Probe {
  csp: string[];
  errors: string[];
  /** Live results received per metric, and live errors. */
  live: { results: Record<string, number>; errors: Record<string, string> };
}

describe('the demo portal in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let probe: Probe;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await buildDemo();
    [server, browser] = await Promise.all([startDemoServer({ scale: 0.05, days: 30, rate: 20 }), launchChromium()]);
    await server.live;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A fresh page that records CSP violations, page errors and the live socket's traffic into `probe`. */
  const open = async (path: string, before?: (page: Page) => void) => {
    context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
    page = await context.newPage();
    probe = { csp: [], errors: [], live: { results: {}, errors: {} } };
    await page.exposeFunction('__reportCsp', (text: string) => probe.csp.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const target = e.composedPath()[0] as Element | undefined;
        const host = (target?.getRootNode() as ShadowRoot | undefined)?.host;
        (window as unknown as { __reportCsp(t: string): void }).__reportCsp(`${e.effectiveDirective} in <${host?.localName ?? target?.localName}>: ${e.sample}`);
      });
    });
    page.on('pageerror', (err) => probe.errors.push(err.message));
    page.on('websocket', (socket) => {
      const metricOf = new Map<string, string>();
      socket.on('framesent', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { type: string; id?: string; query?: { metric?: string } };
        if (message.type === 'subscribe' && message.id && message.query?.metric) metricOf.set(message.id, message.query.metric);
      });
      socket.on('framereceived', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { type: string; id?: string; code?: string };
        const metric = metricOf.get(message.id ?? '');
        if (metric === undefined) return;
        if (message.type === 'result') probe.live.results[metric] = (probe.live.results[metric] ?? 0) + 1;
        if (message.type === 'error') probe.live.errors[metric] = message.code ?? 'error';
      });
    });
    before?.(page);
    await page.goto(`${server.url}${path}`);
  };
  const screenshot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `portal-${name}.png`), fullPage: true });

  afterEach(async () => {
    expect(probe.csp, 'Content-Security-Policy violations').toEqual([]);
    expect(probe.errors, 'uncaught page errors').toEqual([]);
    await context?.close();
  });

  /** Waits until `count` (default all) of the `selector` charts on the page have drawn data. */
  const chartsDrawn = (selector: string, count?: number) =>
    page.waitForFunction(
      ([sel, n]) => {
        const charts = [...document.querySelectorAll(sel)];
        const drawn = charts.filter((c) => {
          const root = c.shadowRoot;
          return root?.querySelector('[part~="base"]')?.getAttribute('data-state') === 'ready' && root.querySelector('.plot svg path, .plot svg rect') !== null;
        });
        return charts.length > 0 && drawn.length >= (n ?? charts.length);
      },
      [selector, count] as const,
      WAIT,
    );
  /** The text a widget shows (its shadow root's), trimmed. */
  const widgetText = (selector: string) => page.locator(selector).first().evaluate((el) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '');

  it('loads the portal, and its charts render with data', async () => {
    await open('/?role=admin#executive');
    expect(await page.locator('#dashboard-title').textContent()).toBe('Executive overview');
    await chartsDrawn('#dashboard metric-chart');
    // The KPI tiles show numbers, not placeholders.
    await page.waitForFunction(() => [...document.querySelectorAll('#dashboard kpi-tile')].every((t) => t.shadowRoot?.querySelector('[part="value"]')?.textContent?.trim()), undefined, WAIT);
    await screenshot('executive');
    for (const id of ['revenue', 'product', 'support']) {
      await page.evaluate((hash) => (location.hash = hash), `#${id}`);
      await page.waitForFunction((title) => document.querySelector('#dashboard-title')?.textContent === title, { revenue: 'Revenue', product: 'Product adoption', support: 'Support' }[id], WAIT);
      await chartsDrawn('#dashboard metric-chart');
      await screenshot(id);
    }
  });

  it('shows a live value change within seconds', async () => {
    await open('/?role=admin#executive');
    const tile = page.locator('kpi-tile[metric="events"] [part="value"]');
    await tile.waitFor(WAIT);
    const first = await tile.textContent();
    expect(first?.trim()).toMatch(/\d/);
    // The demo streams 20 events a second: the tile's total must move without a reload.
    await page.waitForFunction(
      (before) => document.querySelector('kpi-tile[metric="events"]')?.shadowRoot?.querySelector('[part="value"]')?.textContent !== before,
      first,
      { timeout: 15_000 },
    );
    expect(probe.live.results.events, 'live results for the events tile').toBeGreaterThan(1);
  });

  it('shows a viewer no revenue', async () => {
    await open('/?role=viewer#revenue');
    await page.locator('#notice').waitFor({ state: 'visible', ...WAIT });
    expect(await page.locator('#notice').textContent()).toContain("Viewer can't see revenue");
    // Every widget of the revenue dashboard is hidden for the role, and the server refused each one's data.
    const cells = page.locator('#dashboard .cell');
    expect(await cells.count()).toBeGreaterThan(0);
    expect(await page.locator('#dashboard .cell:not(.locked)').count()).toBe(0);
    await page.waitForFunction(() => [...document.querySelectorAll('#dashboard .cell > :not(.lock)')].every((w) => w.shadowRoot?.querySelector('[part~="base"]')?.getAttribute('data-state') === 'error'), undefined, WAIT);
    for (const widget of await page.locator('#dashboard .cell > :not(.lock)').all()) {
      expect(await widget.evaluate((w) => w.shadowRoot?.textContent ?? '')).not.toMatch(/\$\s?\d/);
    }
    const received = Object.keys(probe.live.results).filter((m) => FINANCE.has(m));
    expect(received, 'finance metrics that reached the viewer').toEqual([]);
    expect(Object.entries(probe.live.errors).filter(([m]) => FINANCE.has(m)).every(([, code]) => code === 'forbidden')).toBe(true);
    await screenshot('viewer-revenue');

    // The overview still shows the viewer what the role allows, and nothing of revenue.
    await page.evaluate(() => (location.hash = '#executive'));
    await chartsDrawn('#dashboard metric-chart[metric="events"]');
    await page.waitForFunction(() => document.querySelectorAll('#dashboard .cell.locked').length > 0, undefined, WAIT);
    expect(await page.locator('#dashboard .cell.locked kpi-tile[metric="mrr"]').count()).toBe(1);
    expect(Object.keys(probe.live.results).filter((m) => FINANCE.has(m))).toEqual([]);
    await screenshot('viewer-executive');
  });

  it('looks a customer up in Customer 360', async () => {
    await open('/?role=admin#customers');
    const first = page.locator('.results button.result').first();
    await first.waitFor(WAIT);
    const id = await first.getAttribute('data-id');
    await page.waitForFunction((want) => {
      const panel = document.querySelector('customer-360');
      return panel?.getAttribute('customer-id') === want && panel.shadowRoot?.querySelector('[part~="base"]')?.getAttribute('data-state') === 'ready';
    }, id, WAIT);
    // Searching by the full id leaves that customer alone in the list.
    const last = await page.locator('.results button.result').last().getAttribute('data-id');
    await page.locator('#customer-search').fill(last!);
    await page.waitForFunction((want) => {
      const ids = [...document.querySelectorAll('.results button.result')].map((b) => b.getAttribute('data-id'));
      return ids.length === 1 && ids[0] === want;
    }, last, WAIT);
    // Enter shows the match.
    await page.locator('#customer-search').press('Enter');
    await page.waitForFunction((want) => {
      const panel = document.querySelector('customer-360');
      return panel?.getAttribute('customer-id') === want && panel.shadowRoot?.querySelector('[part~="base"]')?.getAttribute('data-state') === 'ready';
    }, last, WAIT);
    expect(await widgetText('customer-360')).toContain(last!);
    await screenshot('customer-360');
  });

  it('shows the right customer in the CRM page sidebar', async () => {
    const minted: Promise<string>[] = [];
    await open('/crm.html', (p) =>
      p.on('response', (res) => {
        if (res.url().endsWith('/demo/token')) minted.push(res.json().then((body: { token: string }) => body.token));
      }),
    );
    await page.waitForFunction(() => (document.querySelector('#account-picker') as HTMLSelectElement | null)?.value, undefined, WAIT);
    const id = await page.locator('#account-picker').inputValue();
    const name = (await page.locator('#account-name').textContent())!.trim();
    await page.waitForFunction(() => document.querySelector('customer-360')?.shadowRoot?.querySelector('[part~="base"]')?.getAttribute('data-state') === 'ready', undefined, WAIT);
    expect(await page.locator('customer-360').getAttribute('customer-id')).toBe(id);
    const panel = await widgetText('customer-360');
    expect(panel).toContain(name);
    expect(panel).toContain(id);
    // The page's token is fixed to this customer, as the host's backend minted it.
    expect(minted.length).toBeGreaterThan(0);
    for (const token of await Promise.all(minted)) {
      expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).toMatchObject({ role: 'success', filters: { customerId: id } });
    }
    const sidebar = await page.locator('aside.crm-sidebar').boundingBox();
    expect(sidebar?.width).toBe(320);
    await screenshot('crm');
  });

  it('renders the charts of the plain HTML internal app, which has one script tag', async () => {
    await open('/internal-app.html');
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => ({ src: s.getAttribute('src'), type: s.type, inline: s.textContent?.trim() ?? '' })));
    expect(scripts).toEqual([{ src: '/demo/widgets.js', type: 'module', inline: '' }]);
    expect(await page.locator('metric-chart').count()).toBe(4);
    await chartsDrawn('metric-chart');
    await screenshot('internal-app');
  });
});
