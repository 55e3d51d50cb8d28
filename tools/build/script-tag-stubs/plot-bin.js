// In place of @observablehq/plot 0.6.17 src/transforms/bin.js in the script-tag bundle (see ../script-tag-stubs.mjs).
// Plot's line and area marks pass their options through maybeDenseIntervalX/Y, which bin only for an `interval`
// option; without one they return withTip(options) unchanged, as these do. Binning itself is left out.
import { withTip } from '@observablehq/plot/src/mark.js';
import { fail } from './unavailable.js';

function withoutInterval(options = {}) {
  if (options?.interval == null) return options;
  return fail("the interval option of Plot's line and area marks (transforms/bin.js)");
}

export function maybeDenseIntervalX(options = {}) {
  return withoutInterval(withTip(options, 'x'));
}

export function maybeDenseIntervalY(options = {}) {
  return withoutInterval(withTip(options, 'y'));
}
