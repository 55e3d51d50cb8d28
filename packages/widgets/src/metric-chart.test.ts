import type { TallyErrorDetail } from './events.ts';
import './metric-chart.ts';
import type { MetricChart } from './metric-chart.ts';
import { answer, fakeClient, settle } from './metric-chart-test-client.ts';
import { afterEach, assert, assertEqual, assertMatch, cleanupFixtures, describe, fixture, it, shadowQuery, textOf } from './test-helpers.ts';

const stateOf = (el: MetricChart): string | undefined => shadowQuery(el, '[part="base"]').dataset.state;
const all = (el: MetricChart, selector: string): Element[] => [...(el.shadowRoot?.querySelectorAll(selector) ?? [])];
const yTicks = (el: MetricChart): string[] => all(el, '.plot svg [aria-label="y-axis tick label"] text').map((t) => t.textContent ?? '');
const xTicks = (el: MetricChart): string[] =>
  all(el, '.plot svg [aria-label="x-axis tick label"] text').map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ') || textOf(t));

/** A chart with a fake client, after its first query went out. */
async function chart(markup: string, fake = fakeClient()) {
  const el = await fixture<MetricChart>(markup, (c) => {
    c.client = fake.client;
  });
  await settle(el);
  return { el, fake };
}

/** A chart showing `response` (answered to its first query). */
async function drawn(markup: string, response: Parameters<typeof answer>[0]) {
  const { el, fake } = await chart(markup);
  fake.queries[0]!.resolve(answer(response));
  await settle(el);
  return { el, fake };
}

/** Catches the blob `downloadBlob` saves, without saving it. */
async function download(run: () => unknown): Promise<{ name: string; blob: Blob }> {
  const original = HTMLAnchorElement.prototype.click;
  let saved: Promise<{ name: string; blob: Blob }> | undefined;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    saved = fetch(this.href).then(async (r) => ({ name: this.download, blob: await r.blob() }));
  };
  try {
    await run();
    for (let i = 0; i < 50 && saved === undefined; i++) await new Promise((r) => setTimeout(r, 10));
  } finally {
    HTMLAnchorElement.prototype.click = original;
  }
  assert(saved !== undefined, 'a download started');
  return saved;
}

describe('<metric-chart>', () => {
  afterEach(cleanupFixtures);

  it('queries with its attributes and draws a line with formatted axes', async () => {
    const { el, fake } = await chart(
      `<metric-chart metric="signups" range="7d" granularity="day" timezone="Europe/Paris" filters='{"source":["web"]}' locale="en-US" style="width: 600px"></metric-chart>`,
    );
    assertEqual(stateOf(el), 'loading', 'state while loading');
    assertEqual(
      fake.queries.map((q) => q.request),
      [{ metric: 'signups', range: '7d', granularity: 'day', filters: { source: ['web'] }, timezone: 'Europe/Paris' }],
      'request',
    );
    fake.queries[0]!.resolve(answer({ values: [3, 5, 4, 8, 7, 9, 12000] }));
    await settle(el);
    assertEqual(stateOf(el), 'ready', 'state');
    assertEqual(textOf(shadowQuery(el, '[part="title"]')), 'Signups', 'title from the metric');
    const svg = shadowQuery<SVGSVGElement>(el, '.plot svg');
    assertEqual(svg.getAttribute('width'), String(shadowQuery(el, '.plot').clientWidth), 'svg as wide as its box');
    assert(yTicks(el).includes('12K'), `y ticks compact: ${yTicks(el).join(' ')}`);
    assertEqual(xTicks(el)[0], 'Nov 1 2026', 'first x tick has the year');
    assertEqual(all(el, '.plot svg [aria-label="line"] path').length, 1, 'one path for the series');
  });

  it('reloads when an attribute changes later, and reflects theme', async () => {
    const { el, fake } = await drawn('<metric-chart metric="signups" range="7d"></metric-chart>', { values: [1, 2, 3] });
    el.setAttribute('range', '90d');
    el.setAttribute('group-by', 'plan');
    el.theme = 'dark';
    await settle(el);
    assertEqual(fake.queries.length, 2, 'a second query');
    assertEqual(fake.queries[1]!.request, { metric: 'signups', range: '90d', groupBy: 'plan' }, 'new request');
    assertEqual(el.getAttribute('theme'), 'dark', 'theme reflects');
    assertEqual(stateOf(el), 'ready', 'keeps the last answer while reloading');
    assertEqual(textOf(shadowQuery(el, '.status')), 'Updating…', 'quiet updating hint');
    assertEqual(shadowQuery(el, '[part="base"]').getAttribute('aria-busy'), 'true', 'aria-busy while reloading');
  });

  it('shows money in the currency, ratios as percentages, and seconds in fitting units', async () => {
    const money = await drawn('<metric-chart metric="mrr" currency="USD" locale="en-US"></metric-chart>', {
      metric: 'mrr',
      unit: 'money',
      values: [1_843_700, 1_900_000, 1_912_450],
    });
    assertEqual(textOf(shadowQuery(money.el, '[part="title"]')), 'MRR', 'title');
    assert(yTicks(money.el).includes('$15K'), `money ticks: ${yTicks(money.el).join(' ')}`);
    assertMatch(shadowQuery(money.el, '[part="chart"]').getAttribute('aria-valuetext'), /: MRR \$19,124\.50$/, 'spoken value');
    const ratio = await drawn('<metric-chart metric="csat" locale="en-US"></metric-chart>', { metric: 'csat', unit: 'ratio', values: [0.8, 0.9123] });
    assert(yTicks(ratio.el).includes('80%'), `ratio ticks: ${yTicks(ratio.el).join(' ')}`);
    assertMatch(shadowQuery(ratio.el, '[part="chart"]').getAttribute('aria-valuetext'), /CSAT 91\.23%$/, 'spoken ratio');
    const seconds = await drawn('<metric-chart metric="median_first_response" locale="en-US"></metric-chart>', {
      metric: 'median_first_response',
      unit: 'seconds',
      values: [3600, 5400, 9000],
    });
    assertMatch(shadowQuery(seconds.el, '[part="chart"]').getAttribute('aria-valuetext'), /2\.5 hours$/, 'spoken seconds');
  });

  it('draws one series per group with a legend, the previous period dashed, and stacked bars', async () => {
    const { el } = await drawn('<metric-chart metric="signups" group-by="plan" compare type="bar"></metric-chart>', {
      groups: { team: [4, 5, 6], free: [1, 2, null] },
      previous: { team: [3, 3, 3], free: [1, 1, 1] },
    });
    assertEqual(
      all(el, '[part="legend"] li').map(textOf),
      ['team', 'team, previous period', 'free', 'free, previous period'],
      'legend',
    );
    assertEqual(all(el, '.plot svg [aria-label="rect"] rect').length, 5, 'a rect per defined value');
    const dashed = all(el, '.plot svg [aria-label="line"]').filter((g) => g.getAttribute('stroke-dasharray') === '4 3');
    assertEqual(dashed.length, 1, 'one dashed line group');
    assertEqual(dashed[0]!.querySelectorAll('path').length, 2, 'a previous line per group');
    const colors = new Set(all(el, '.plot svg rect[fill]').map((r) => r.getAttribute('fill')));
    assertEqual(colors.size, 2, 'a color per group');
  });

  it('moves a focused point with the keyboard and says its values', async () => {
    const { el } = await drawn('<metric-chart metric="signups" compare locale="en-US"></metric-chart>', {
      values: [10, 20, 30],
      previous: [5, 6, 7],
    });
    const slider = shadowQuery(el, '[part="chart"]');
    assertEqual(slider.getAttribute('role'), 'slider', 'role');
    assertEqual(slider.getAttribute('tabindex'), '0', 'focusable');
    assertEqual(slider.getAttribute('aria-label'), 'Signups: values by date', 'accessible name');
    slider.focus();
    await el.updateComplete;
    assertEqual(slider.getAttribute('aria-valuenow'), '2', 'focus starts at the newest bucket');
    assertEqual(textOf(shadowQuery(el, '[part="tooltip"] .when')), 'Tue, Nov 3, 2026', 'tooltip date');
    slider.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await el.updateComplete;
    assertEqual(slider.getAttribute('aria-valuenow'), '1', 'ArrowLeft moves back');
    assertEqual(slider.getAttribute('aria-valuetext'), 'Mon, Nov 2, 2026: Signups 20, previous period 6', 'spoken');
    assertEqual(
      all(el, '[part="tooltip"] .row').map((row) => [textOf(row.querySelector('.name')), textOf(row.querySelector('.value'))]),
      [['Signups', '20'], ['Fri, Oct 30, 2026', '6']],
      'tooltip rows',
    );
    const marker = shadowQuery(el, '.marker');
    const x = parseFloat(marker.style.left);
    slider.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    await el.updateComplete;
    assert(parseFloat(shadowQuery(el, '.marker').style.left) < x, 'the marker moved left');
    slider.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await el.updateComplete;
    assert(el.shadowRoot?.querySelector('[part="tooltip"]') === null, 'Escape hides the tooltip');
  });

  it('follows the pointer to the nearest bucket', async () => {
    const { el } = await drawn('<metric-chart metric="signups" locale="en-US" style="width: 500px"></metric-chart>', { values: [1, 2, 3, 4] });
    const area = shadowQuery(el, '[part="chart"]');
    const box = area.getBoundingClientRect();
    area.dispatchEvent(new PointerEvent('pointermove', { clientX: box.right - 2, clientY: box.top + 40, bubbles: true }));
    await el.updateComplete;
    assertEqual(textOf(shadowQuery(el, '[part="tooltip"] .when')), 'Wed, Nov 4, 2026', 'the last bucket');
    area.dispatchEvent(new PointerEvent('pointerleave'));
    await el.updateComplete;
    assert(el.shadowRoot?.querySelector('[part="tooltip"]') === null, 'leaving hides it');
  });

  it('has a data table for screen readers, shown by the toggle', async () => {
    const { el } = await drawn('<metric-chart metric="signups" compare locale="en-US"></metric-chart>', { values: [1200, null], previous: [1000, 900] });
    const wrap = shadowQuery(el, '[part="table"]');
    assert(wrap.classList.contains('visually-hidden'), 'hidden visually, not from screen readers');
    assertEqual(all(el, 'thead th').map(textOf), ['Date', 'Signups', 'Signups, previous period'], 'headers');
    assertEqual(all(el, 'tbody tr').map((r) => [...r.children].map(textOf)), [['Sun, Nov 1, 2026', '1,200', '1,000'], ['Mon, Nov 2, 2026', '—', '900']], 'rows');
    const toggle = shadowQuery<HTMLButtonElement>(el, '[part="toolbar"] button');
    assertEqual(textOf(toggle), 'Show table', 'toggle label');
    toggle.click();
    await el.updateComplete;
    assert(!shadowQuery(el, '[part="table"]').classList.contains('visually-hidden'), 'table shown');
    assertEqual(toggle.getAttribute('aria-pressed'), 'true', 'pressed');
    assert(shadowQuery(el, '[part="chart"]').hidden, 'chart hidden');
    assertEqual(textOf(toggle), 'Show chart', 'toggle label after');
  });

  it('shows loading, empty, error with Retry, and not connected', async () => {
    const { el, fake } = await chart('<metric-chart metric="signups"></metric-chart>');
    assertEqual(stateOf(el), 'loading', 'loading');
    assert(el.shadowRoot?.querySelector('.skeleton') !== null, 'skeleton');
    fake.queries[0]!.reject(Object.assign(new Error('The query service is unavailable.'), { code: 'unavailable' }));
    await settle(el);
    assertEqual(stateOf(el), 'error', 'error');
    assertMatch(textOf(shadowQuery(el, '[part="message"]')), /^The query service is unavailable\.\s?Retry$/);
    assertEqual(shadowQuery(el, '[part="message"]').getAttribute('role'), 'alert', 'announced');
    shadowQuery<HTMLButtonElement>(el, '[part="retry"]').click();
    await settle(el);
    assertEqual(fake.queries.length, 2, 'Retry queries again');
    fake.queries[1]!.resolve(answer({ values: [] }));
    await settle(el);
    assertEqual(stateOf(el), 'empty', 'empty');
    assertEqual(textOf(shadowQuery(el, '[part="message"]')), 'No data for this range', 'empty message');
    const lonely = await fixture<MetricChart>('<metric-chart metric="signups"></metric-chart>');
    assertEqual(stateOf(lonely), 'idle', 'no client');
    assertMatch(textOf(shadowQuery(lonely, '[part="message"]')), /^Not connected/);
  });

  it('names a bad attribute and fires tally-error once, without querying', async () => {
    const details: TallyErrorDetail[] = [];
    const { el, fake } = await chart('<metric-chart metric="signups" filters="{plan: pro}"></metric-chart>');
    el.addEventListener('tally-error', (e) => details.push(e.detail));
    el.label = 'Still broken';
    await settle(el);
    assertEqual(stateOf(el), 'error', 'state');
    assertMatch(textOf(shadowQuery(el, '[part="message"]')), /^invalid filters: not JSON/);
    assert(el.shadowRoot?.querySelector('[part="retry"]') === null, 'no Retry for a bad attribute');
    assertEqual(fake.queries.length, 0, 'no query');
    for (const [name, value, attribute] of [
      ['filters', '{"plan":"pro"}', 'filters'],
      ['type', 'pie', 'type'],
      ['range', 'last week', 'range'],
      ['height', 'tall', 'height'],
      ['timezone', 'Mars/Olympus', 'timezone'],
      ['currency', 'usd', 'currency'],
    ] as const) {
      el.setAttribute(name, value);
      await settle(el);
      assertEqual(details.at(-1)?.attribute, attribute, `${name}="${value}" is reported`);
      el.removeAttribute(name);
    }
    await settle(el);
    assertEqual(stateOf(el), 'loading', 'recovers once fixed');
  });

  it('subscribes when live, updates on each push and shows freshness', async () => {
    const { el, fake } = await chart('<metric-chart metric="signups" live locale="en-US" timezone="UTC"></metric-chart>');
    assertEqual(fake.queries.length, 0, 'no one-off query');
    assertEqual(fake.subscriptions.map((s) => s.request.metric), ['signups'], 'subscribed');
    fake.subscriptions[0]!.push(answer({ values: [1, 2], freshAt: '2026-11-20T12:00:05.000Z' }));
    await settle(el);
    assertMatch(textOf(shadowQuery(el, '[part="live"]')), /^Live · updated 12:00:05\sPM$/, 'freshness');
    assertEqual(textOf(el.shadowRoot!.querySelectorAll('tbody td')[1]), '2', 'first value');
    fake.subscriptions[0]!.push(answer({ values: [1, 7], freshAt: '2026-11-20T12:00:09.000Z' }));
    await settle(el);
    assertEqual(textOf(el.shadowRoot!.querySelectorAll('tbody td')[1]), '7', 'pushed value');
    assertMatch(textOf(shadowQuery(el, '[part="live"]')), /12:00:09/, 'freshness moved');
    el.remove();
    assert(!fake.subscriptions[0]!.active, 'unsubscribed when removed');
  });

  it('exports the answer as CSV and the chart as PNG', async () => {
    const { el } = await drawn('<metric-chart metric="signups" group-by="source" label="Sign-ups by source"></metric-chart>', {
      groups: { '=HYPERLINK("x")': [1, 2], 'web, "beta"': [3, null] },
    });
    const csv = await download(() => shadowQuery<HTMLButtonElement>(el, 'button[aria-label="Download CSV"]').click());
    assertEqual(csv.name, 'sign-ups-by-source.csv', 'file name');
    assertEqual(
      await csv.blob.text(),
      [
        'bucket,group,value',
        `2026-11-01T00:00:00.000Z,"'=HYPERLINK(""x"")",1`,
        `2026-11-02T00:00:00.000Z,"'=HYPERLINK(""x"")",2`,
        '2026-11-01T00:00:00.000Z,"web, ""beta""",3',
        '2026-11-02T00:00:00.000Z,"web, ""beta""",',
        '',
      ].join('\r\n'),
      'csv',
    );
    const png = await download(() => shadowQuery<HTMLButtonElement>(el, 'button[aria-label="Download PNG"]').click());
    assertEqual(png.name, 'sign-ups-by-source.png', 'png name');
    assertEqual(png.blob.type, 'image/png', 'png type');
    const bitmap = await createImageBitmap(png.blob);
    assert(bitmap.width >= 2 * shadowQuery(el, '.plot').clientWidth, `png at 2x, got ${bitmap.width}`);
  });

  it('redraws on resize and stays readable at 320 px', async () => {
    const { el } = await drawn('<metric-chart metric="signups" range="90d" locale="en-US" style="width: 700px"></metric-chart>', {
      values: Array.from({ length: 90 }, (_, i) => 100 + i),
    });
    el.style.width = '320px';
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await el.updateComplete;
    const svg = shadowQuery<SVGSVGElement>(el, '.plot svg');
    const box = shadowQuery(el, '.plot').clientWidth;
    assertEqual(Number(svg.getAttribute('width')), box, 'redrawn at the new width');
    assert(box < 320, 'fits');
    const ticks = xTicks(el);
    assert(ticks.length >= 2 && ticks.length <= 4, `few x ticks: ${ticks.join(' | ')}`);
    const labels = all(el, '.plot svg [aria-label="x-axis tick label"] text').map((t) => t.getBoundingClientRect());
    labels.slice(1).forEach((b, i) => assert(b.left > labels[i]!.right, 'x labels do not overlap'));
  });

  it('draws 10,000 points as one path, bars as an area, and pages the table', async () => {
    const values = Array.from({ length: 10_000 }, (_, i) => 100 + Math.sin(i / 24) * 50);
    const started = performance.now();
    const { el } = await drawn('<metric-chart metric="events" granularity="hour" type="bar" style="width: 800px"></metric-chart>', {
      metric: 'events',
      granularity: 'hour',
      stepMs: 3_600_000,
      values,
    });
    const elapsed = performance.now() - started;
    assert(elapsed < 3000, `drawn in ${elapsed.toFixed(0)} ms`);
    assertEqual(all(el, '.plot svg rect').length, 0, 'no rect per bar');
    assertEqual(all(el, '.plot svg [aria-label="area"] path').length, 1, 'one area path');
    assertEqual(textOf(shadowQuery(el, '.note')), 'Too many bars for this width: drawn as an area.', 'says why');
    assertEqual(all(el, 'tbody tr').length, 200, 'one page of rows');
    assertMatch(textOf(shadowQuery(el, 'caption')), /rows 1–200 of 10000/);
    const next = all(el, '.pager button').find((b) => textOf(b) === 'Next rows') as HTMLButtonElement;
    next.click();
    await el.updateComplete;
    assertMatch(textOf(shadowQuery(el, 'caption')), /rows 201–400 of 10000/);
  });
});
