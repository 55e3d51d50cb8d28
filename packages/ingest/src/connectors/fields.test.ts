import { describe, expect, it } from 'vitest';
import { normaliseWith, Reader, slug, splitItems, toIsoTime } from './fields.ts';

describe('Reader', () => {
  const r = new Reader({ id: 42, name: 'Acme', amount: 12.5, props: { a: 1 }, list: [1], at: 1700000000, cur: 'usd', flag: 'yes' }, 'batch[3]');

  it('reads typed values', () => {
    expect(r.id('id')).toBe('42');
    expect(r.string('name')).toBe('Acme');
    expect(r.record('props')).toEqual({ a: 1 });
    expect(r.record('none')).toEqual({});
    expect(r.time('at')).toBe('2023-11-14T22:13:20.000Z');
    expect(r.currency('cur')).toBe('USD');
  });

  it.each([
    [() => r.string('missing'), 'missing_field', 'batch[3].missing', 'batch[3].missing: is required'],
    [() => r.string('id'), 'invalid_field', 'batch[3].id', 'batch[3].id: expected a string, got number'],
    [() => r.integer('amount'), 'invalid_field', 'batch[3].amount', 'batch[3].amount: expected an integer, got 12.5'],
    [() => r.object('name'), 'invalid_field', 'batch[3].name', 'batch[3].name: expected an object, got string'],
    [() => r.optionalBoolean('flag'), 'invalid_field', 'batch[3].flag', 'batch[3].flag: expected true or false, got "yes"'],
  ])('names the field when a read fails (%#)', (read, code, field, message) => {
    const result = normaliseWith(() => {
      read();
      return [];
    });
    expect(result).toEqual({ ok: false, rejection: { code, field, message } });
  });

  it('refuses an item that is not an object', () => {
    expect(normaliseWith(() => (new Reader('text', 'batch[0]'), []))).toMatchObject({ ok: false, rejection: { code: 'invalid_field', field: 'batch[0]' } });
    expect(normaliseWith(() => (new Reader([1]), []))).toMatchObject({ ok: false, rejection: { code: 'invalid_item', field: '' } });
  });
});

describe('toIsoTime', () => {
  it.each([
    ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T12:00:00+02:00', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T10:00:00', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01', '2026-03-01T00:00:00.000Z'],
    [1772359200, '2026-03-01T10:00:00.000Z'],
    [1772359200000, '2026-03-01T10:00:00.000Z'],
    ['1772359200', '2026-03-01T10:00:00.000Z'],
  ])('reads %j', (input, expected) => {
    expect(toIsoTime(input, 'at')).toBe(expected);
  });

  it.each([['yesterday'], [''], [true], [1e16], ['1899-01-01']])('refuses %j', (input) => {
    expect(() => toIsoTime(input, 'at')).toThrow(/^at: /);
  });
});

describe('slug', () => {
  it.each([
    ['Feature Used', 'feature_used'],
    ['  Checkout—Completed! ', 'checkout_completed'],
    ['Café ordered', 'cafe_ordered'],
    ['123 go', 'e_123_go'],
    ['!!!', ''],
  ])('%j → %j', (input, expected) => {
    expect(slug(input)).toBe(expected);
  });
});

describe('splitItems', () => {
  it('splits a keyed batch, an array, or one object, with paths', () => {
    expect(splitItems({ batch: [{ a: 1 }, { b: 2 }] }, 'batch')).toEqual({ ok: true, items: [{ a: 1 }, { b: 2 }], paths: ['batch[0]', 'batch[1]'] });
    expect(splitItems([{ a: 1 }], 'batch')).toEqual({ ok: true, items: [{ a: 1 }], paths: ['[0]'] });
    expect(splitItems({ a: 1 }, 'batch')).toEqual({ ok: true, items: [{ a: 1 }], paths: [''] });
    expect(splitItems({ batch: 'x' }, 'batch')).toMatchObject({ ok: false, rejection: { field: 'batch', code: 'invalid_field' } });
    expect(splitItems('x', 'batch')).toMatchObject({ ok: false, rejection: { code: 'invalid_item' } });
  });
});
