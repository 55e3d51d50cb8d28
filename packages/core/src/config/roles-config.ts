import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TallyError } from '../errors.ts';
import { SENSITIVITIES, type Sensitivity } from '../metrics/metric.ts';

/** What a role name looks like: lower case, digits, `_` and `-`, starting with a letter, at most 64 characters. */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;

/** Most roles `TALLY_ROLES` may define. */
export const MAX_CONFIGURED_ROLES = 100;

/** What one embed-token role grants. */
export interface RoleGrants {
  /** The metric sensitivity classes its tokens read. */
  sensitivities: readonly Sensitivity[];
  /**
   * Which customers its tokens read: `any` (a token may still fix one with `filters.customerId`), or `one`
   * (every token must fix one; minting one without `filters.customerId` is refused).
   * @default 'any'
   */
  customers: 'any' | 'one';
}

const grantsSchema = z
  .object({
    sensitivities: z
      .array(z.enum(SENSITIVITIES, { error: `expected one of ${SENSITIVITIES.join(', ')}` }))
      .refine((list) => new Set(list).size === list.length, 'expected each class at most once'),
    customers: z.enum(['any', 'one'], { error: 'expected "any" or "one"' }).default('any'),
  })
  .strict();

const rolesSchema = z
  .record(z.string().regex(ROLE_NAME_PATTERN, 'expected a role name of a-z, 0-9, _ and -, starting with a letter (at most 64)'), grantsSchema)
  .refine((roles) => Object.keys(roles).length <= MAX_CONFIGURED_ROLES, `expected at most ${MAX_CONFIGURED_ROLES} roles`);

const configInvalid = (field: string, problem: string, cause?: unknown) =>
  new TallyError('config_invalid', `invalid configuration: ${field}: ${problem}`, { field, ...(cause === undefined ? {} : { cause }) });

/** `roles.analyst.sensitivities[1]` from a zod path under the variable's name. */
function fieldOf(variable: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), variable);
}

/**
 * Reads `TALLY_ROLES`: JSON text (starting with `{`) or the path of a JSON file, mapping role names to their
 * grants. A built-in role named there has its grants replaced; any other name adds a custom role. Throws
 * `TallyError('config_invalid')` whose `field` is the offending path, e.g. `TALLY_ROLES.support.sensitivities[1]`.
 *
 * @example
 * parseRolesConfig('{"viewer":{"sensitivities":["general"]},"support":{"sensitivities":["general","support","customer"],"customers":"one"}}');
 */
export function parseRolesConfig(value: string, variable = 'TALLY_ROLES'): Record<string, RoleGrants> {
  let text = value;
  if (!value.trimStart().startsWith('{')) {
    try {
      text = readFileSync(value, 'utf8');
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      throw configInvalid(variable, `expected JSON text or a readable JSON file; cannot read ${JSON.stringify(value)}${typeof code === 'string' ? ` (${code})` : ''}`, err);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw configInvalid(variable, `not valid JSON (${(err as Error).message})`, err);
  }
  const parsed = rolesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw configInvalid(fieldOf(variable, [...issue.path, issue.keys[0]!]), 'unknown field; a role has "sensitivities" and "customers"');
    }
    const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    throw configInvalid(fieldOf(variable, issue.path), message);
  }
  return parsed.data;
}
