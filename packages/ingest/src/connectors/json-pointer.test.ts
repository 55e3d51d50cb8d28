import { describe, expect, it } from 'vitest';
import { isPointer, parsePointer, pointerToPath, resolvePointer } from './json-pointer.ts';

// The example document of RFC 6901, section 5.
const rfc = {
  foo: ['bar', 'baz'],
  '': 0,
  'a/b': 1,
  'c%d': 2,
  'e^f': 3,
  'g|h': 4,
  'i\\j': 5,
  'k"l': 6,
  ' ': 7,
  'm~n': 8,
};

describe('resolvePointer', () => {
  it.each([
    ['', rfc],
    ['/foo', ['bar', 'baz']],
    ['/foo/0', 'bar'],
    ['/', 0],
    ['/a~1b', 1],
    ['/c%d', 2],
    ['/e^f', 3],
    ['/g|h', 4],
    ['/i\\j', 5],
    ['/k"l', 6],
    ['/ ', 7],
    ['/m~0n', 8],
  ])('resolves the RFC 6901 example %j', (pointer, expected) => {
    expect(resolvePointer(rfc, pointer)).toEqual({ found: true, value: expected });
  });

  it('unescapes ~1 before ~0, so ~01 is a literal ~1', () => {
    expect(parsePointer('/~01')).toEqual(['~1']);
    expect(resolvePointer({ '~1': 'tilde-one', '/': 'slash' }, '/~01')).toEqual({ found: true, value: 'tilde-one' });
  });

  it('follows array indices into nested values', () => {
    const doc = { events: [{ user: { id: 'u1' } }, { user: { id: 'u2' } }] };
    expect(resolvePointer(doc, '/events/1/user/id')).toEqual({ found: true, value: 'u2' });
    expect(resolvePointer(doc, ['events', '0', 'user'])).toEqual({ found: true, value: { id: 'u1' } });
  });

  it('resolves null and falsy values as found', () => {
    expect(resolvePointer({ a: null, b: 0, c: '' }, '/a')).toEqual({ found: true, value: null });
    expect(resolvePointer({ a: null, b: 0, c: '' }, '/c')).toEqual({ found: true, value: '' });
  });

  it.each([
    ['/missing'],
    ['/foo/2'], // out of range
    ['/foo/-'], // the element after the last one never exists
    ['/foo/01'], // leading zero
    ['/foo/one'],
    ['/foo/0/deeper'], // through a string
    ['/m~2n'], // invalid escape
    ['foo'], // no leading slash
    ['/__proto__'],
    ['/toString'],
  ])('finds nothing at %j', (pointer) => {
    expect(resolvePointer(rfc, pointer)).toEqual({ found: false });
  });

  it('finds nothing below null or a number', () => {
    expect(resolvePointer({ a: null }, '/a/b')).toEqual({ found: false });
    expect(resolvePointer(42, '/a')).toEqual({ found: false });
  });
});

describe('parsePointer', () => {
  it.each([
    ['', []],
    ['/', ['']],
    ['//', ['', '']],
    ['/a~1b/m~0n', ['a/b', 'm~n']],
  ])('parses %j', (pointer, tokens) => {
    expect(parsePointer(pointer)).toEqual(tokens);
  });

  it.each([['a'], ['#/a'], ['/a~'], ['/a~x']])('refuses %j', (pointer) => {
    expect(parsePointer(pointer)).toBeUndefined();
    expect(isPointer(pointer)).toBe(false);
  });
});

describe('pointerToPath', () => {
  it.each([
    ['/id', '', 'id'],
    ['/user/id', 'events[2]', 'events[2].user.id'],
    ['/items/3/price', '', 'items[3].price'],
    ['/a~1b', '', 'a/b'],
    ['', 'events[0]', 'events[0]'],
  ])('renders %j below %j as %j', (pointer, prefix, path) => {
    expect(pointerToPath(pointer, prefix)).toBe(path);
  });
});
