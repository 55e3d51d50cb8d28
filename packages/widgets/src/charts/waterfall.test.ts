import { assert, assertEqual, describe, it } from '../test-helpers.ts';
import { waterfall, waterfallBars, type WaterfallStep } from './waterfall.ts';

const steps: WaterfallStep[] = [
  { label: 'Starting MRR', value: 100, kind: 'total' },
  { label: 'New', value: 30, kind: 'change' },
  { label: 'Churned', value: -10, kind: 'change' },
  { label: 'Ending MRR', value: 120, kind: 'total' },
];
const format = (v: number) => `$${v}`;

describe('waterfall chart', () => {
  it('places totals on zero and changes on the running total', () => {
    assertEqual(
      waterfallBars(steps).map((b) => [b.kind, b.from, b.to]),
      [['total', 0, 100], ['up', 100, 130], ['down', 130, 120], ['total', 0, 120]],
    );
  });

  it('draws one labelled bar per step with signed change labels, vertical and horizontal', () => {
    for (const orientation of ['vertical', 'horizontal'] as const) {
      const svg = waterfall(steps, { width: 400, orientation, format });
      assertEqual(svg.getAttribute('role'), 'img', `${orientation} role`);
      assertEqual([...svg.querySelectorAll('rect.bar')].map((r) => r.getAttribute('class')), ['bar total', 'bar up', 'bar down', 'bar total'], `${orientation} bars`);
      assertEqual([...svg.querySelectorAll('text.value')].map((t) => t.textContent), ['$100', '+$30', '\u2212$10', '$120'], `${orientation} labels`);
      assertEqual([...svg.querySelectorAll('text.category')].map((t) => t.textContent), steps.map((s) => s.label), `${orientation} categories`);
      assertEqual(svg.querySelectorAll('line.connector').length, 3, `${orientation} connectors`);
    }
  });

  it('draws bars to scale: the up bar’s top is the ending total’s top plus the churn', () => {
    const svg = waterfall(steps, { width: 400, height: 200, format });
    document.body.append(svg);
    try {
      const [start, up, down, end] = [...svg.querySelectorAll<SVGRectElement>('rect.bar')].map((r) => r.getBBox());
      assert(Math.abs(up!.y + up!.height - start!.y) < 0.01, 'the up bar starts where the starting bar ends');
      assert(Math.abs(down!.y - up!.y) < 0.01, 'the down bar hangs from the up bar’s top');
      assert(Math.abs(end!.y - (down!.y + down!.height)) < 0.01, 'the ending total reaches the down bar’s bottom');
      assert(Math.abs(end!.height / start!.height - 1.2) < 0.01, 'ending is 1.2 × starting');
    } finally {
      svg.remove();
    }
  });
});
