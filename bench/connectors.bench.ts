/**
 * Normalise rate per connector: every item of every JSON fixture of the connector, normalised in a loop
 * (pure CPU, no I/O). Sources that need settings get the mappings their tests use.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONNECTORS, type SourceConfig } from '@tally/ingest';
import { defineBench, type BenchCase } from './harness.ts';

const FIXTURES = join(import.meta.dirname, '..', 'packages', 'ingest', 'src', 'connectors', 'fixtures');
const ITEMS_PER_RUN = 50_000;

const CONFIGS: Record<string, SourceConfig> = {
  'custom-crm': {
    options: {
      mapping: { id: 'change_id', customerId: 'account.id', occurredAt: 'updated_at', name: 'account.name', owner: 'owner.id', stage: 'lifecycle', healthScore: 'health', mrr: 'billing.mrr', currency: 'billing.currency', properties: ['segment', 'region'] },
    },
  },
  webhook: {
    options: { itemsPointer: '/events', id: '/id', type: '/event', typePrefix: 'product', occurredAt: '/timestamp', customerId: '/account/id', userId: '/user/id', revenue: { amountMinor: '/amount', currency: '/currency' } },
  },
};

function fixtureItems(name: string, config: SourceConfig): { item: unknown; path: string }[] {
  const connector = CONNECTORS.get(name)!;
  let files: string[] = [];
  try {
    files = readdirSync(join(FIXTURES, name)).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files.flatMap((f) => {
    const split = connector.items(JSON.parse(readFileSync(join(FIXTURES, name, f), 'utf8')), config);
    if (!split.ok) return [];
    return split.items.map((item, i) => ({ item, path: split.paths[i] ?? '' }));
  });
}

export default defineBench({
  name: 'connectors',
  async setup() {
    const cases: BenchCase[] = [];
    for (const [name, connector] of CONNECTORS) {
      const config = CONFIGS[name] ?? {};
      const items = fixtureItems(name, config);
      if (items.length === 0) continue;
      cases.push({
        name: `normalise fixture items (${items.length} distinct)`,
        adapter: name,
        unit: 'items/s',
        async run() {
          for (let i = 0; i < ITEMS_PER_RUN; i++) {
            const { item, path } = items[i % items.length]!;
            connector.normalise(item, { config, path });
          }
          return ITEMS_PER_RUN;
        },
      });
    }
    return cases;
  },
});
