// In place of @observablehq/plot 0.6.17 src/transforms/stack.js in the script-tag bundle (see ../script-tag-stubs.mjs).
// Plot's areaY (and rectY, barY) stack only when given neither y1 nor y2; with them, maybeStackY returns the
// options with [y1, y2] filled in, as these do (copied from Plot). Our areas pass y1 and y2 and our bars stack
// themselves, so the stack transform is left out.
import { withTip } from '@observablehq/plot/src/mark.js';
import { maybeZero } from '@observablehq/plot/src/options.js';
import { fail } from './unavailable.js';

export function maybeStackX({ x, x1, x2, ...options } = {}) {
  options = withTip(options, 'y');
  if (x1 === undefined && x2 === undefined) return fail("Plot's implicit stacking of x (transforms/stack.js)");
  [x1, x2] = maybeZero(x, x1, x2);
  return { ...options, x1, x2 };
}

export function maybeStackY({ y, y1, y2, ...options } = {}) {
  options = withTip(options, 'x');
  if (y1 === undefined && y2 === undefined) return fail("Plot's implicit stacking of y (transforms/stack.js)");
  [y1, y2] = maybeZero(y, y1, y2);
  return { ...options, y1, y2 };
}
