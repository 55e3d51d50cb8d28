// In place of @observablehq/plot 0.6.17 src/projection.js in the script-tag bundle (see ../script-tag-stubs.mjs).
// plot() and its dimensions ask these three on every chart; with no `projection` option Plot's own versions return
// at their first line, as these do. Projections themselves (and d3-geo) are left out.
import { fail } from './unavailable.js';

const projecting = "Plot's projection option (projection.js)";

export function createProjection({ projection } = {}) {
  if (projection == null) return undefined;
  return fail(projecting);
}

export function hasProjection({ projection } = {}) {
  if (projection == null) return false;
  return fail(projecting);
}

export function projectionAspectRatio(projection) {
  if (projection == null) return undefined;
  return fail(projecting);
}
