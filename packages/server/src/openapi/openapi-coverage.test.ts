import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTally, type RunningTally } from '../runtime.ts';
import { buildOpenApiDocument } from './openapi-document.ts';

/** Routes served on purpose without an operation: the front page and the reference page's own assets. */
const UNDOCUMENTED = new Set(['GET /', 'GET /v1/reference.js', 'GET /v1/reference.css']);

/** `METHOD /path/{param}` of every route a Hono app registered (middleware, `ALL`, left out). */
function registeredRoutes(app: RunningTally['app']): string[] {
  const routes = app.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`);
  return [...new Set(routes)].sort();
}

describe('the OpenAPI document and the running app', () => {
  let dir: string;
  let tally: RunningTally;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-openapi-'));
    tally = await startTally({ env: { PORT: '0', LOG_LEVEL: 'silent', TALLY_DEMO: 'off', TALLY_PROCESSORS: 'off', TALLY_DATA_DIR: dir } });
  }, 60_000);
  afterAll(async () => {
    await tally?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('documents exactly the routes the app serves, so a new route cannot go undocumented', () => {
    const documented = Object.entries(buildOpenApiDocument('test').paths)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const served = registeredRoutes(tally.app);
    expect(served.length).toBeGreaterThan(15);
    expect(served.filter((r) => !UNDOCUMENTED.has(r))).toEqual(documented);
    for (const route of UNDOCUMENTED) expect(served).toContain(route);
  });
});
