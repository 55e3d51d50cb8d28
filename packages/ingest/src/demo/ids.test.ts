import { describe, expect, it } from 'vitest';
import { base62, salesforceId, salesforceSuffix, stripeId, uuid7 } from './ids.ts';

describe('demo ids', () => {
  it('makes UUIDv7-shaped ids that differ in time, entity or counter', () => {
    const t = Date.UTC(2026, 5, 15, 12);
    const id = uuid7(t, 17, 3, 0xabcdef);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id.replace(/-/g, '').slice(0, 12)).toBe(t.toString(16).padStart(12, '0'));
    const ids = new Set<string>();
    for (let counter = 0; counter < 5000; counter++) for (const entity of [0, 1, 2]) ids.add(uuid7(t, entity, counter, 1));
    expect(ids.size).toBe(15_000);
  });

  it('makes vendor-shaped ids', () => {
    expect(base62(61, 2)).toBe('0z');
    expect(stripeId('evt', 9, 12, 34)).toMatch(/^evt_1[0-9A-Za-z]{23}$/);
    expect(stripeId('evt', 9, 12, 34)).not.toBe(stripeId('evt', 9, 12, 35));
    expect(salesforceId('001', 9, 12)).toMatch(/^001[0-9A-Za-z]{15}$/);
  });

  it('computes the Salesforce case-safe suffix as Salesforce does', () => {
    // Ids from Salesforce's documentation samples (the connector fixtures).
    expect(salesforceSuffix('001RM000004UF9s')).toBe('YAG');
    expect(salesforceSuffix('0014H00002LbR7Q')).toBe('QAV');
    expect(salesforceSuffix('0055e000003ABCd')).toBe('AAO');
  });
});
