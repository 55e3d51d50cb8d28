import type { TallyErrorDetail } from './events.ts';
import './kpi-tile.ts';
import type { KpiTile } from './kpi-tile.ts';
import { sparklineGeometry } from './sparkline.ts';
import {
  afterEach,
  assert,
  assertEqual,
  assertMatch,
  cleanupFixtures,
  describe,
  fixture,
  it,
  shadowQuery,
  textOf,
} from './test-helpers.ts';

const stateOf = (el: KpiTile): string | undefined => shadowQuery(el, '[part="base"]').dataset.state;

describe('<kpi-tile>', () => {
  afterEach(cleanupFixtures);

  it('is registered once, and registering again is harmless', () => {
    assert(customElements.get('kpi-tile') !== undefined, 'kpi-tile is defined');
  });

  it('renders formatted currency for value=123456 unit=USD', async () => {
    const el = await fixture<KpiTile>('<kpi-tile label="MRR" value="123456" unit="USD" locale="en-US"></kpi-tile>');
    assertEqual(stateOf(el), 'ready', 'state');
    assertEqual(textOf(shadowQuery(el, '[part="label"]')), 'MRR', 'label');
    assertEqual(textOf(shadowQuery(el, '[part="value"]')), '$123,456', 'value');
    assertEqual(shadowQuery(el, '[part="value"]').title, '$123,456.00', 'full value title');
  });

  it('formats percent as a ratio and plain numbers compactly', async () => {
    const pct = await fixture<KpiTile>('<kpi-tile value="0.034" unit="%" locale="en-US"></kpi-tile>');
    assertEqual(textOf(shadowQuery(pct, '[part="value"]')), '3.4%', 'percent');
    const plain = await fixture<KpiTile>('<kpi-tile value="123456" locale="en-US"></kpi-tile>');
    assertEqual(textOf(shadowQuery(plain, '[part="value"]')), '123.5K', 'plain');
  });

  it('shows ▲ with class up for a positive delta, ▼ with class down for a negative one', async () => {
    const up = await fixture<KpiTile>('<kpi-tile value="10" delta="0.12" locale="en-US"></kpi-tile>');
    const upDelta = shadowQuery(up, '[part="delta"]');
    assertEqual(textOf(upDelta), '▲ 12%', 'up text');
    assert(upDelta.classList.contains('up'), 'delta has class up');
    const down = await fixture<KpiTile>('<kpi-tile value="10" delta="-0.034" locale="en-US"></kpi-tile>');
    const downDelta = shadowQuery(down, '[part="delta"]');
    assertEqual(textOf(downDelta), '▼ 3.4%', 'down text');
    assert(downDelta.classList.contains('down'), 'delta has class down');
  });

  it('treats a blank state attribute as unset', async () => {
    const el = await fixture<KpiTile>('<kpi-tile value="7" state=""></kpi-tile>');
    assertEqual(stateOf(el), 'ready', 'state');
  });

  it('shows the empty state with no value', async () => {
    const el = await fixture<KpiTile>('<kpi-tile label="Signups"></kpi-tile>');
    assertEqual(stateOf(el), 'empty', 'state');
    assertEqual(textOf(shadowQuery(el, '[part="message"]')), 'No data', 'message');
    assert(el.shadowRoot?.querySelector('[part="value"]') === null, 'no value part');
  });

  it('shows loading and a host-supplied error message', async () => {
    const el = await fixture<KpiTile>('<kpi-tile value="5" state="loading"></kpi-tile>');
    assertEqual(stateOf(el), 'loading', 'state');
    assertEqual(shadowQuery(el, '[part="base"]').getAttribute('aria-busy'), 'true', 'aria-busy');
    el.setAttribute('state', 'error');
    el.setAttribute('error-message', 'Query timed out');
    await el.updateComplete;
    assertEqual(textOf(shadowQuery(el, '[part="message"]')), 'Query timed out', 'error message');
  });

  it('shows an error naming the attribute and fires tally-error for value="abc"', async () => {
    const events: CustomEvent<TallyErrorDetail>[] = [];
    const listener = (e: CustomEvent<TallyErrorDetail>): void => void events.push(e);
    document.addEventListener('tally-error', listener);
    try {
      const el = await fixture<KpiTile>('<kpi-tile label="MRR" value="abc" unit="USD"></kpi-tile>');
      assertEqual(stateOf(el), 'error', 'state');
      assertMatch(textOf(shadowQuery(el, '[part="message"]')), /^invalid value: expected a number, got "abc"$/);
      assertEqual(events.length, 1, 'events fired');
      const [event] = events;
      assert(event !== undefined && event.bubbles && event.composed, 'event bubbles and is composed');
      assertEqual(event.detail, {
        code: 'invalid_attribute',
        attribute: 'value',
        message: 'invalid value: expected a number, got "abc"',
      });
      el.label = 'Still broken';
      await el.updateComplete;
      assertEqual(events.length, 1, 'same problem is not re-fired');
      el.setAttribute('value', '42');
      await el.updateComplete;
      assertEqual(stateOf(el), 'ready', 'recovers once fixed');
    } finally {
      document.removeEventListener('tally-error', listener);
    }
  });

  it('reports an unknown unit and an unknown state without throwing', async () => {
    const details: TallyErrorDetail[] = [];
    const el = await fixture<KpiTile>('<kpi-tile value="1" unit="bananas"></kpi-tile>', (tile) =>
      tile.addEventListener('tally-error', (e) => details.push(e.detail)),
    );
    assertEqual(stateOf(el), 'error', 'state');
    assertMatch(textOf(shadowQuery(el, '[part="message"]')), /^invalid unit: "bananas"/);
    el.setAttribute('unit', 'USD');
    el.setAttribute('state', 'done');
    await el.updateComplete;
    assertMatch(textOf(shadowQuery(el, '[part="message"]')), /^invalid state: "done"/);
    assertEqual(
      details.map((d) => d.attribute),
      ['unit', 'state'],
      'attributes reported',
    );
  });

  it('applies an attribute changed later after updateComplete', async () => {
    const el = await fixture<KpiTile>('<kpi-tile label="MRR" value="100" unit="USD" locale="en-US"></kpi-tile>');
    el.setAttribute('value', '2500');
    el.setAttribute('label', 'ARR');
    el.setAttribute('unit', 'EUR');
    await el.updateComplete;
    assertEqual(textOf(shadowQuery(el, '[part="value"]')), '€2,500', 'value');
    assertEqual(textOf(shadowQuery(el, '[part="label"]')), 'ARR', 'label');
    el.removeAttribute('value');
    await el.updateComplete;
    assertEqual(stateOf(el), 'empty', 'state after removing value');
  });

  it('draws the sparkline path for a series', async () => {
    const series = [3, 5, 4, 8, 7, 9];
    const el = await fixture<KpiTile>('<kpi-tile value="9"></kpi-tile>', (tile) => {
      tile.series = series;
    });
    const path = shadowQuery<SVGPathElement>(el, '[part="sparkline"] svg path');
    assertEqual(path.getAttribute('d'), sparklineGeometry(series)?.path, 'path d');
    assert(path.getTotalLength() > 100, 'path has length');
    const box = shadowQuery(el, '[part="sparkline"]').getBoundingClientRect();
    assert(box.width > 0 && box.height > 0, `sparkline has a size, got ${box.width}x${box.height}`);
    el.series = [1];
    await el.updateComplete;
    assert(el.shadowRoot?.querySelector('[part="sparkline"]') === null, 'no sparkline for one point');
  });
});

describe('sparklineGeometry', () => {
  it('spans the inset box and leaves gaps for non-finite values', () => {
    const g = sparklineGeometry([0, 10, Number.NaN, 5], { width: 100, height: 20, inset: 0 });
    // A lone point after a gap is a closed zero-length subpath: its round cap draws a dot.
    assertEqual(g?.path, 'M0,20L33.333,0M100,10Z', 'path');
    assertEqual(g?.last, { x: 100, y: 10 }, 'last point');
    assertEqual(sparklineGeometry([1, Number.NaN]), null, 'one finite point');
  });
});
