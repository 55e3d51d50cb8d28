import type { DashboardItem } from '@tally/client-sdk';
import { assertEqual, describe, it } from '../test-helpers.ts';
import { parseLayout, placeItem, settle } from './layout.ts';

const item = (id: string, x: number, y: number, w: number, h: number, attributes: Record<string, string> = {}): DashboardItem => ({
  id, widget: 'kpi-tile', x, y, w, h, attributes,
});
const cells = (items: readonly DashboardItem[]) => items.map((i) => `${i.id}:${i.x},${i.y},${i.w}x${i.h}`);

describe('dashboard layout', () => {
  it('reads an array, an { items } object, or either as JSON', () => {
    const a = [item('a', 0, 0, 6, 2)];
    assertEqual(cells(parseLayout(a).layout.items), ['a:0,0,6x2'], 'array');
    assertEqual(cells(parseLayout({ items: a }).layout.items), ['a:0,0,6x2'], 'object');
    assertEqual(cells(parseLayout(JSON.stringify({ items: a })).layout.items), ['a:0,0,6x2'], 'JSON');
    assertEqual(parseLayout('{oops').problems, ['layout: not valid JSON'], 'bad JSON');
    assertEqual(parseLayout(42).problems, ['layout: expected { items: [...] } or an array of items'], 'not a layout');
  });

  it('leaves out unknown widgets, event-handler and style attributes, duplicate ids and bad sizes, naming each', () => {
    const { layout, problems } = parseLayout([
      item('ok', 0, 0, 3, 1),
      { ...item('x', 3, 0, 3, 1), widget: 'script' },
      item('h', 6, 0, 3, 1, { onclick: 'alert(1)' }),
      item('s', 9, 0, 3, 1, { style: 'position:fixed' }),
      item('ok', 0, 1, 3, 1),
      item('w', 0, 2, 0, 1),
      { ...item('n', 0, 3, 1, 1), attributes: { label: 5 } },
    ]);
    assertEqual(cells(layout.items), ['ok:0,0,3x1'], 'kept');
    assertEqual(problems, [
      'items[1].widget: "script" is not a dashboard widget (metric-chart, kpi-tile, customer-360, revenue-trend, mrr-waterfall, top-customers)',
      'items[2].attributes.onclick: event handlers and style are not allowed',
      'items[3].attributes.style: event handlers and style are not allowed',
      'items[4].id: "ok" is used twice',
      'items[5].w: expected an integer from 1 to 100',
      'items[6].attributes.label: expected a string',
    ]);
  });

  it('caps widths at 12 columns and pushes overlapping items down', () => {
    const { layout } = parseLayout([item('wide', 4, 0, 20, 1), item('under', 0, 0, 4, 2), item('next', 0, 1, 2, 1)]);
    assertEqual(cells(layout.items), ['wide:0,0,12x1', 'under:0,1,4x2', 'next:0,3,2x1']);
  });

  it('places an item and pushes what it now covers down, keeping the order', () => {
    const layout = { items: [item('a', 0, 0, 6, 2), item('b', 6, 0, 6, 2), item('c', 0, 2, 12, 1)] };
    assertEqual(cells(placeItem(layout, 'a', { x: 6, y: 0, w: 6, h: 2 }).items), ['a:6,0,6x2', 'b:6,2,6x2', 'c:0,4,12x1'], 'moved onto b');
    assertEqual(cells(placeItem(layout, 'c', { x: 0, y: 1, w: 12, h: 1 }).items), ['a:0,2,6x2', 'b:6,2,6x2', 'c:0,1,12x1'], 'moved up into a and b');
    assertEqual(cells(placeItem(layout, 'b', { x: 9, y: 0, w: 6, h: 2 }).items), ['a:0,0,6x2', 'b:6,0,6x2', 'c:0,2,12x1'], 'clamped to the right edge: unchanged');
    assertEqual(placeItem(layout, 'b', { x: 9, y: 0, w: 6, h: 2 }), layout, 'same object when nothing changes');
    assertEqual(cells(settle([item('a', 0, 0, 2, 2), item('b', 1, 1, 2, 2)])), ['a:0,0,2x2', 'b:1,2,2x2'], 'settle');
  });
});
