import { readdirSync, readFileSync } from 'node:fs';
import { CURRENT_SCHEMA_VERSION, canonicalEventSchema } from '@tally/core';
import { describe, expect, it } from 'vitest';
import { amplitudeConnector } from './amplitude.ts';
import { normaliseWith, Reader } from './fields.ts';
import { mixpanelConnector } from './mixpanel.ts';
import { posthogConnector } from './posthog.ts';
import { cleanProperties, derivedId, firstId, optionalUserId, productType, scrub } from './product-analytics.ts';
import { segmentConnector } from './segment.ts';
import { tallyConnector } from './tally.ts';

describe('product analytics helpers', () => {
  it('types a free-form name as product.<slug> and refuses an empty slug on the field', () => {
    expect(productType('Feature Used', 'event')).toBe('product.feature_used');
    expect(normaliseWith(() => (productType('!!!', 'batch[1].event'), []))).toMatchObject({ ok: false, rejection: { code: 'invalid_field', field: 'batch[1].event' } });
  });

  it('derives a stable 32-hex id from the parts', () => {
    expect(derivedId(['a', 1])).toMatch(/^[0-9a-f]{32}$/);
    expect(derivedId(['a', 1])).toBe(derivedId(['a', 1]));
    expect(derivedId(['a', 1])).not.toBe(derivedId(['a1']));
  });

  it.each([['acme', 'acme'], [42, '42'], [['x', 'y'], 'x'], ['', undefined], [1.5, undefined], [{ id: 1 }, undefined], [[], undefined]])('firstId(%j) = %j', (v, id) => {
    expect(firstId(v)).toBe(id);
  });

  it('reads an empty id as absent', () => {
    expect(optionalUserId(new Reader({ a: '', b: 7 }), 'a')).toBeUndefined();
    expect(optionalUserId(new Reader({ a: '', b: 7 }), 'b')).toBe('7');
  });

  it('scrubs secrets at any depth, and emails unless asked to keep them', () => {
    const input = { Password: 'p', api_key: 'k', 'Card Number': '4242', email: 'e@x.test', tokens_used: 12, deep: { clientSecret: 's', ok: true }, list: [{ token: 't' }] };
    expect(scrub(input)).toEqual({ tokens_used: 12, deep: { ok: true }, list: [{}] });
    expect(scrub(input, { keepEmail: true })).toEqual({ email: 'e@x.test', tokens_used: 12, deep: { ok: true }, list: [{}] });
  });

  it('renames known vendor fields and drops the internal ones', () => {
    expect(cleanProperties({ $current_url: 'u', $lib: 'web', plan: 'pro', token: 't' }, { $current_url: 'url' }, (k) => k.startsWith('$'))).toEqual({ url: 'u', plan: 'pro' });
  });
});

describe('every fixture of the product-analytics connectors', () => {
  const connectors = { tally: tallyConnector, segment: segmentConnector, mixpanel: mixpanelConnector, amplitude: amplitudeConnector, posthog: posthogConnector };

  it.each(Object.entries(connectors))('%s yields drafts that are valid canonical events', (name, connector) => {
    const dir = new URL(`./fixtures/${name}/`, import.meta.url);
    let count = 0;
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      const split = connector.items(file.endsWith('.ndjson') ? text : JSON.parse(text), {});
      if (!split.ok) throw new Error(`${file}: ${split.rejection.message}`);
      split.items.forEach((item, i) => {
        const result = connector.normalise(item, { config: {}, path: split.paths[i] ?? '' });
        for (const draft of result.ok ? result.events : []) {
          const event = { ...draft, tenant: 'acme', source: name, receivedAt: '2030-01-01T00:00:00.000Z', schemaVersion: CURRENT_SCHEMA_VERSION };
          expect(canonicalEventSchema.safeParse(event).error, `${file} ${split.paths[i]}`).toBeUndefined();
          count += 1;
        }
      });
    }
    expect(count).toBeGreaterThan(0);
  });
});
