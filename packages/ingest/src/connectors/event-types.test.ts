import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from './event-types.ts';
import { CONNECTORS } from './registry.ts';

const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'README.md'), 'utf8');

describe('the README documents', () => {
  it('every canonical event type in its one table', () => {
    for (const type of Object.keys(EVENT_TYPES)) expect(readme).toContain(`| \`${type}\` |`);
  });

  it('every registered source, with a guide', () => {
    expect(CONNECTORS.size).toBe(14);
    for (const name of CONNECTORS.keys()) {
      expect(readme).toContain(`| \`${name}\` |`);
      expect(readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'sources', `${name}.md`), 'utf8')).toContain(name);
    }
  });
});
