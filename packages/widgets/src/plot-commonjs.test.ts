// Regression: under web-test-runner, Plot's CommonJS dependency interval-tree-1d got an empty namespace from
// require('binary-search-bounds'), so any dodge transform threw "bounds.ge is not a function". Fixed by
// `requireReturnsDefault: 'preferred'` in web-test-runner.config.mjs; the widgets bundle goes through rollup.
import { dodgeY, dot, plot } from '@observablehq/plot';
import { assert, describe, it } from './test-helpers.ts';

describe('Plot under web-test-runner', () => {
  it('runs a dodge transform, which needs CommonJS interval-tree-1d', () => {
    const chart = plot({ marks: [dot([1, 1, 1, 2], dodgeY({ x: (d: number) => d }))] });
    assert(chart instanceof SVGSVGElement, 'plot returns an <svg>');
    assert(chart.querySelectorAll('circle').length === 4, 'four dots drawn');
  });
});
