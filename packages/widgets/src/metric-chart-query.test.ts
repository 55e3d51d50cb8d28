import { metricQuery } from './metric-chart-query.ts';
import { chartModel, metricTitle } from './metric-chart-model.ts';
import { answer } from './metric-chart-test-client.ts';
import { assert, assertEqual, assertMatch, describe, it } from './test-helpers.ts';

const base = { metric: 'mrr', range: undefined, compare: undefined, timezone: undefined };

describe('metricQuery', () => {
  it('builds the request, with defaults', () => {
    assertEqual(metricQuery(base, 'none'), { ok: true, request: { metric: 'mrr', range: '30d' } });
    assertEqual(metricQuery(base, 'previous_period'), { ok: true, request: { metric: 'mrr', range: '30d', compare: 'previous_period' } });
    assertEqual(metricQuery({ ...base, compare: '' }, 'none'), { ok: true, request: { metric: 'mrr', range: '30d', compare: 'previous_period' } });
    assertEqual(metricQuery({ ...base, compare: 'none' }, 'previous_period'), { ok: true, request: { metric: 'mrr', range: '30d' } });
    const absolute = metricQuery({ ...base, from: '2026-01-01', to: '2026-02-01T00:00:00+01:00' }, 'none');
    assertEqual(absolute.ok && absolute.request.range, { from: '2026-01-01T00:00:00.000Z', to: '2026-01-31T23:00:00.000Z' });
    const filters = metricQuery({ ...base, filters: { plan: ['pro'] }, groupBy: 'currency' }, 'none');
    assertEqual(filters.ok && [filters.request.filters, filters.request.groupBy], [{ plan: ['pro'] }, 'currency']);
  });

  it('names the attribute that is wrong', () => {
    const cases: [Partial<Parameters<typeof metricQuery>[0]>, string][] = [
      [{ metric: '' }, 'metric'],
      [{ metric: 'MRR!' }, 'metric'],
      [{ range: '3w' }, 'range'],
      [{ from: '2026-01-01' }, 'to'],
      [{ from: 'soon', to: '2026-01-01' }, 'from'],
      [{ from: '2026-02-01', to: '2026-01-01' }, 'to'],
      [{ granularity: 'minute' }, 'granularity'],
      [{ groupBy: 'plan name' }, 'group-by'],
      [{ filters: '{' }, 'filters'],
      [{ filters: '["pro"]' }, 'filters'],
      [{ filters: '{"plan":[]}' }, 'filters'],
      [{ compare: 'last_year' }, 'compare'],
      [{ timezone: 'Paris' }, 'timezone'],
    ];
    for (const [inputs, attribute] of cases) {
      const result = metricQuery({ ...base, ...inputs }, 'none');
      assert(!result.ok, `${JSON.stringify(inputs)} fails`);
      assertEqual(result.problem.attribute, attribute, JSON.stringify(inputs));
      assertMatch(result.problem.message, /^(invalid|missing) /);
    }
  });
});

describe('chartModel', () => {
  it('puts every group on one list of buckets and aligns the previous period by position', () => {
    const model = chartModel(answer({ groups: { b: [1, 2], a: [3, null] }, previous: { a: [5, 6], b: [7, 8] } }), 'Signups');
    assertEqual(model.starts.map((d) => d.toISOString().slice(0, 10)), ['2026-11-01', '2026-11-02']);
    assertEqual(model.ends.map((d) => d.toISOString().slice(0, 10)), ['2026-11-02', '2026-11-03']);
    assertEqual(model.series.map((s) => [s.label, s.values, s.previous]), [['b', [1, 2], [7, 8]], ['a', [3, null], [5, 6]]]);
    assertEqual(model.series[0]!.previousStarts?.map((d) => d?.toISOString().slice(0, 10)), ['2026-10-30', '2026-10-31']);
    assert(!model.empty, 'not empty');
    assert(chartModel(answer({ values: [null, null] }), 'x').empty, 'all null is empty');
  });

  it('makes metric names readable', () => {
    assertEqual(['mrr', 'median_first_response', 'csat_good'].map(metricTitle), ['MRR', 'Median first response', 'CSAT good']);
  });
});
