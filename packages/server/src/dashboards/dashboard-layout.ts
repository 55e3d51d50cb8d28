import {
  DASHBOARD_ATTRIBUTE_PATTERN, DASHBOARD_ID_PATTERN, DASHBOARD_LIMITS, DASHBOARD_WIDGETS,
  type DashboardWidget, type SaveDashboardRequest,
} from '@tally/client-sdk';
import { TallyError } from '@tally/core';
import { z } from 'zod';

const id = z.string().regex(DASHBOARD_ID_PATTERN, 'expected 1-64 of A-Z a-z 0-9 _ -');
const position = z.number().int().min(0).max(DASHBOARD_LIMITS.maxPosition);
const size = z.number().int().min(1).max(DASHBOARD_LIMITS.maxSize);

/** Event handlers (`on…`) and `style` would carry script or styling from a saved layout into the page. */
const safeAttribute = (name: string) => !name.startsWith('on') && name !== 'style';

const attributes = z
  .record(
    z.string().regex(DASHBOARD_ATTRIBUTE_PATTERN, 'expected a kebab-case attribute name').refine(safeAttribute, 'event handler and style attributes are not allowed'),
    z.string().max(DASHBOARD_LIMITS.attributeValueLength),
  )
  .refine((record) => Object.keys(record).length <= DASHBOARD_LIMITS.attributes, `expected at most ${DASHBOARD_LIMITS.attributes} attributes`);

const itemSchema = z
  .object({
    id,
    widget: z.enum(DASHBOARD_WIDGETS as [DashboardWidget, ...DashboardWidget[]], { error: `expected one of ${DASHBOARD_WIDGETS.join(', ')}` }),
    x: position,
    y: position,
    w: size,
    h: size,
    attributes: attributes.default({}),
  })
  .strict();

const layoutSchema = z
  .object({ items: z.array(itemSchema).max(DASHBOARD_LIMITS.items) })
  .strict()
  .superRefine((layout, ctx) => {
    const seen = new Set<string>();
    layout.items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate item id ${JSON.stringify(item.id)}` });
      seen.add(item.id);
    });
  });

/** The body of `PUT /v1/dashboards/:id`, as the route validates it (and the OpenAPI document shows it). */
export const saveDashboardSchema = z
  .object({
    layout: layoutSchema,
    version: z.number().int().min(1).optional().describe('The version the layout was edited from; omit to save for the first time.'),
  })
  .strict();

/** `layout.items[3].attributes.onclick` from a zod path. */
function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') || 'body';
}

/** Checks a dashboard id (the path parameter); `validation_failed` naming `id`. */
export function parseDashboardId(value: string): string {
  if (!DASHBOARD_ID_PATTERN.test(value)) {
    throw new TallyError('validation_failed', `id: expected 1-64 of A-Z a-z 0-9 _ -, got ${JSON.stringify(value.slice(0, 70))}`, { field: 'id' });
  }
  return value;
}

/**
 * Checks the body of `PUT /v1/dashboards/:id`: the layout's shape and bounds ({@link DASHBOARD_LIMITS}), widgets
 * from the allow-list, unique item ids, safe attribute names. Throws `validation_failed` naming the field.
 */
export function parseSaveDashboard(body: unknown): SaveDashboardRequest {
  const parsed = saveDashboardSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
    const field = fieldOf(path);
    throw new TallyError('validation_failed', `${field}: ${message}`, { field });
  }
  return parsed.data;
}
