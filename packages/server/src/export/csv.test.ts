import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.ts';
import { queryCsv } from './query-csv.ts';

describe('csv', () => {
  it('quotes per RFC 4180 and ends records with CRLF', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', 'two\nlines', 'cr\rx'], [1, -2.5, null]])).toBe('a,"b,c","say ""hi""","two\nlines","cr\rx"\r\n1,-2.5,\r\n');
  });

  it.each([['=SUM(A1:A9)', "'=SUM(A1:A9)"], ['+1', "'+1"], ['-1', "'-1"], ['@cmd', "'@cmd"], ['\tx', "'\tx"], ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`]])(
    'defuses the formula cell %j',
    (cell, expected) => expect(csvField(cell)).toBe(expected),
  );

  it('leaves numbers as numbers, negatives included', () => {
    expect([csvField(-4900), csvField(0.25), csvField(Number.NaN)]).toEqual(['-4900', '0.25', '']);
  });

  it('writes bucket,value or bucket,group,value', () => {
    const t = '2026-11-01T00:00:00.000Z';
    expect(queryCsv({ series: [{ points: [{ t, v: 3 }, { t: '2026-11-02T00:00:00.000Z', v: null }], total: 3 }] })).toBe(`bucket,value\r\n${t},3\r\n2026-11-02T00:00:00.000Z,\r\n`);
    expect(queryCsv({ series: [{ group: 'a', points: [{ t, v: 1 }], total: 1 }, { group: '=b', points: [{ t, v: 2 }], total: 2 }] })).toBe(`bucket,group,value\r\n${t},a,1\r\n${t},'=b,2\r\n`);
    expect(queryCsv({ series: [] })).toBe('bucket,value\r\n');
  });
});
