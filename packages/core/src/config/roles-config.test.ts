import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTallyError } from '../errors.ts';
import { readConfig } from './config.ts';
import { parseRolesConfig } from './roles-config.ts';

function failure(value: string): { field: string | undefined; message: string } {
  try {
    parseRolesConfig(value);
  } catch (err) {
    if (isTallyError(err, 'config_invalid')) return { field: err.field, message: err.message };
    throw err;
  }
  throw new Error('expected parseRolesConfig to throw');
}

describe('TALLY_ROLES', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-roles-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads JSON text: redefined built-in roles and custom ones, customers defaulting to any', () => {
    const roles = parseRolesConfig(' {"viewer":{"sensitivities":["general"]},"support_agent":{"sensitivities":["general","support","customer"],"customers":"one"}}');
    expect(roles).toEqual({
      viewer: { sensitivities: ['general'], customers: 'any' },
      support_agent: { sensitivities: ['general', 'support', 'customer'], customers: 'one' },
    });
  });

  it('reads a JSON file when the value is a path', async () => {
    const file = join(dir, 'roles.json');
    await writeFile(file, JSON.stringify({ auditor: { sensitivities: ['finance'] } }));
    expect(parseRolesConfig(file)).toEqual({ auditor: { sensitivities: ['finance'], customers: 'any' } });
    expect(readConfig({ TALLY_ROLES: file }).tokens.roles).toEqual({ auditor: { sensitivities: ['finance'], customers: 'any' } });
    expect(readConfig({}).tokens.roles).toBeUndefined();
  });

  it.each([
    ['{"viewer":{"sensitivities":["general","secret"]}}', 'TALLY_ROLES.viewer.sensitivities[1]', /expected one of general, product/],
    ['{"viewer":{"sensitivities":["general","general"]}}', 'TALLY_ROLES.viewer.sensitivities', /at most once/],
    ['{"viewer":{}}', 'TALLY_ROLES.viewer.sensitivities', /expected array/],
    ['{"viewer":{"sensitivities":[],"customers":"some"}}', 'TALLY_ROLES.viewer.customers', /"any" or "one"/],
    ['{"viewer":{"sensitivities":[],"metrics":["mrr"]}}', 'TALLY_ROLES.viewer.metrics', /unknown field/],
    ['{"Support Team":{"sensitivities":[]}}', 'TALLY_ROLES.Support Team', /expected a role name/],
    ['{"viewer":"all"}', 'TALLY_ROLES.viewer', /expected object/],
    ['{"viewer":', 'TALLY_ROLES', /not valid JSON/],
    ['/nonexistent/roles.json', 'TALLY_ROLES', /cannot read "\/nonexistent\/roles.json" \(ENOENT\)/],
  ])('refuses %s naming %s', (value, field, message) => {
    const err = failure(value);
    expect(err.field).toBe(field);
    expect(err.message).toContain(`${field}:`);
    expect(err.message).toMatch(message);
  });

  it('fails readConfig at start-up with config_invalid', () => {
    expect(() => readConfig({ TALLY_ROLES: '[]' })).toThrow(expect.objectContaining({ code: 'config_invalid', field: 'TALLY_ROLES' }));
  });
});
