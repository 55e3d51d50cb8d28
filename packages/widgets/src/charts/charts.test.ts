import { assert, assertEqual, describe, it } from '../test-helpers.ts';
import { keyedIndex, nearestIndex, tooltipLeft } from './chart-pointer.ts';
import { csvField, queryCsv } from './export-csv.ts';
import { exportSvg } from './export-png.ts';
import { displayUnit, metricFormat } from './metric-format.ts';
import { bucketFormat, hourTickIndexes, isTimeZone, tickIndexes } from './time-format.ts';
import { resolveChartType, timeSeriesChart } from './time-series-chart.ts';

const colors = { text: '#111111', muted: '#666666', grid: '#dddddd' };
const days = (n: number) => Array.from({ length: n + 1 }, (_, i) => new Date(Date.UTC(2026, 10, 1 + i)));

describe('export-csv', () => {
  it('quotes per RFC 4180 and defuses formulas, keeping numbers numbers', () => {
    assertEqual(['=1+1', '+A1', '-x', '@SUM', '\tx', 'plain', 'a,"b"', 'two\nlines'].map(csvField), [
      "'=1+1",
      "'+A1",
      "'-x",
      "'@SUM",
      "'\tx",
      'plain',
      '"a,""b"""',
      '"two\nlines"',
    ]);
    assertEqual([-4900, 0.25, null, Number.NaN].map(csvField), ['-4900', '0.25', '', '']);
  });

  it('writes the API format, with a period column when compared', () => {
    const series = [{ points: [{ t: '2026-11-02T00:00:00.000Z', v: 3 }], total: 3 }];
    assertEqual(queryCsv({ series }), 'bucket,value\r\n2026-11-02T00:00:00.000Z,3\r\n');
    const previous = [{ points: [{ t: '2026-11-01T00:00:00.000Z', v: null }], total: null }];
    assertEqual(
      queryCsv({ series, previous }),
      'bucket,period,value\r\n2026-11-02T00:00:00.000Z,current,3\r\n2026-11-01T00:00:00.000Z,previous,\r\n',
    );
  });
});

describe('chart-pointer', () => {
  it('finds the nearest position by binary search', () => {
    const xs = [0, 10, 20, 30];
    assertEqual([-5, 4, 6, 15, 29, 99].map((px) => nearestIndex(xs, px)), [0, 0, 1, 1, 3, 3]);
    assertEqual(nearestIndex([], 3), -1);
  });

  it('maps keys to moves, starting at the newest bucket', () => {
    assertEqual(keyedIndex('ArrowLeft', undefined, 5), 4, 'first key focuses the newest');
    assertEqual(keyedIndex('ArrowLeft', 4, 5), 3);
    assertEqual(keyedIndex('ArrowRight', 4, 5), 4, 'clamped');
    assertEqual(keyedIndex('Home', 3, 5), 0);
    assertEqual(keyedIndex('PageDown', 50, 100), 40);
    assertEqual(keyedIndex('a', 1, 5), undefined);
  });

  it('keeps a tooltip inside its container', () => {
    assertEqual(tooltipLeft(10, 100, 300), 22, 'right of the point');
    assertEqual(tooltipLeft(250, 100, 300), 138, 'left of it near the edge');
    assertEqual(tooltipLeft(60, 200, 220), 0, 'clamped in a narrow box');
  });
});

describe('metric-format', () => {
  it('turns catalog units into display units', () => {
    assertEqual(displayUnit('money', 'USD'), { unit: 'USD', scale: 0.01 });
    assertEqual(displayUnit('money', 'JPY'), { unit: 'JPY', scale: 1 });
    assertEqual(displayUnit('money', undefined), { unit: '', scale: 0.01 });
    assertEqual(displayUnit('ratio', undefined), { unit: '%', scale: 1 });
    assertEqual(displayUnit('seconds', undefined, 90), { unit: 'second', scale: 1 });
    assertEqual(displayUnit('seconds', undefined, 600), { unit: 'minute', scale: 1 / 60 });
    assertEqual(displayUnit('users', undefined), { unit: '', scale: 1 });
  });

  it('formats ticks compactly and tooltips precisely', () => {
    const usd = metricFormat({ unit: 'USD', scale: 0.01 }, 'en-US');
    assert(usd.ok, 'usd');
    assertEqual([usd.format.tick(15000), usd.format.full(18437.5)], ['$15K', '$18,437.50']);
    const pct = metricFormat({ unit: '%', scale: 1 }, 'de-DE');
    assert(pct.ok, 'percent');
    assertEqual(pct.format.full(0.12345), '12,35\u00a0%');
    const bad = metricFormat({ unit: 'bananas', scale: 1 }, 'en-US');
    assert(!bad.ok && bad.attribute === 'unit', 'bad unit reported');
  });
});

describe('time-format', () => {
  it('labels buckets in the time zone', () => {
    const paris = bucketFormat('day', 'en-US', 'Europe/Paris');
    assertEqual(paris.full(new Date('2026-03-02T23:00:00Z'), new Date('2026-03-03T23:00:00Z')), 'Tue, Mar 3, 2026');
    const week = bucketFormat('week', 'en-US', 'UTC');
    assertEqual(week.full(new Date('2026-03-02T00:00:00Z'), new Date('2026-03-09T00:00:00Z')), 'Mar 2 – 8, 2026');
    const month = bucketFormat('month', 'en-US', 'UTC');
    assertEqual(month.tick(new Date('2026-01-01T00:00:00Z'), new Date('2025-12-01T00:00:00Z')), 'Jan\n2026');
    assertEqual(month.tick(new Date('2026-02-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z')), 'Feb');
    assert(isTimeZone('Asia/Kolkata') && !isTimeZone('Mars/Olympus'), 'time zones checked');
  });

  it('spaces ticks by width, and hourly ticks by whole days once they are that far apart', () => {
    assertEqual(tickIndexes(10, 720), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assertEqual(tickIndexes(90, 216), [0, 30, 60]);
    const starts = Array.from({ length: 24 * 30 }, (_, i) => new Date(Date.UTC(2026, 10, 1, 5 + i)));
    const hours = hourTickIndexes(starts.length, 300, (i) => starts[i]!.getUTCHours() === 0);
    assert(hours.coarse, 'coarse');
    assertEqual(hours.indexes.slice(0, 2), [19, 19 + 24 * 8], 'from the first midnight, whole days apart');
  });
});

describe('timeSeriesChart', () => {
  it('falls back from bars thinner than 3 px to an area', () => {
    assertEqual(resolveChartType('bar', { buckets: 100, perBucket: 1, width: 600 }), { type: 'bar' });
    assertEqual(resolveChartType('bar', { buckets: 100, perBucket: 3, width: 600 }).type, 'area');
    assertEqual(resolveChartType('line', { buckets: 10_000, perBucket: 1, width: 300 }), { type: 'line' });
  });

  it('stacks grouped bars, positives up and negatives down', () => {
    const starts = days(2).slice(0, 2);
    const { svg, y } = timeSeriesChart(
      { starts, ends: days(2).slice(1), series: [{ key: 'a', color: '#ff0000', values: [2, -1] }, { key: 'b', color: '#00ff00', values: [3, -2] }] },
      { type: 'bar', width: 400, height: 200, yTick: String, xTick: (d) => String(d.getUTCDate()), xTicks: [0, 1], colors },
    );
    const rects = [...svg.querySelectorAll('[aria-label="rect"] rect')].map((r) => {
      const top = Number(r.getAttribute('y'));
      return [r.getAttribute('fill'), Math.round(top), Math.round(top + Number(r.getAttribute('height')))];
    });
    assertEqual(rects, [
      ['#ff0000', Math.round(y(2)), Math.round(y(0))],
      ['#00ff00', Math.round(y(5)), Math.round(y(2))],
      ['#ff0000', Math.round(y(0)), Math.round(y(-1))],
      ['#00ff00', Math.round(y(-1)), Math.round(y(-3))],
    ]);
  });

  it('gives a lone value between gaps a dot, and the previous period a dashed line', () => {
    const { svg } = timeSeriesChart(
      { starts: days(4).slice(0, 4), ends: days(4).slice(1), series: [{ key: '', color: '#0000ff', values: [1, null, 3, null], previous: [1, 2, 2, 1] }] },
      { width: 400, height: 200, yTick: String, xTick: String, xTicks: [0], colors },
    );
    assertEqual(svg.querySelectorAll('[aria-label="dot"] circle').length, 2, 'two lone values');
    assertEqual(svg.querySelector('[stroke-dasharray="4 3"]')?.getAttribute('stroke-opacity'), '0.7', 'faded dashed previous');
  });

  it('exports the title and legend above a copy of the chart', () => {
    const { svg } = timeSeriesChart(
      { starts: days(2).slice(0, 2), ends: days(2).slice(1), series: [{ key: '', color: '#0000ff', values: [1, 2] }] },
      { width: 300, height: 150, yTick: String, xTick: String, xTicks: [0], colors },
    );
    const out = exportSvg(svg, { title: 'MRR', legend: [{ label: 'MRR', color: '#0000ff' }, { label: 'MRR, previous period', color: '#0000ff', dashed: true }], background: '#ffffff', text: '#000000', fontFamily: 'sans-serif' });
    assertEqual([...out.querySelectorAll(':scope > text')].map((t) => t.textContent), ['MRR', 'MRR', 'MRR, previous period']);
    assertEqual(out.querySelector(':scope > line[stroke-dasharray]')?.getAttribute('stroke'), '#0000ff', 'dashed swatch');
    assert(svg.isConnected === false && out.querySelector(':scope > svg') !== svg, 'the chart is cloned');
    assertEqual(out.getAttribute('height'), String(8 + 22 + 18 + 4 + 150 + 8), 'height');
  });
});
