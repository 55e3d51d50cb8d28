import { formatDelta, numberFormatter } from './format-number.ts';
import { assert, assertEqual, assertMatch, describe, it } from './test-helpers.ts';

function format(unit: string | undefined, value: number, locale = 'en-US'): string {
  const f = numberFormatter(unit, locale);
  assert(f.ok, `formatter for unit ${JSON.stringify(unit)}`);
  return f.format(value);
}

describe('numberFormatter', () => {
  it('formats currencies in major units, compact from a million up', () => {
    assertEqual(format('USD', 12.5), '$12.50');
    assertEqual(format('USD', 123456), '$123,456');
    assertEqual(format('EUR', 12_345_678), '€12.3M');
    assertEqual(format('EUR', 1234, 'de-DE'), '1.234\u00a0€', 'de-DE (Intl puts a no-break space before €)');
  });

  it('treats % values as ratios and plain numbers compactly', () => {
    assertEqual(format('%', 0.1234), '12.3%');
    assertEqual(format(undefined, 987), '987');
    assertEqual(format('', 1_250_000), '1.3M');
  });

  it('accepts Intl unit identifiers', () => {
    assertEqual(format('millisecond', 250), '250 ms');
  });

  it('reports unknown units, unknown currencies and ill-formed locales without throwing', () => {
    for (const unit of ['bananas', 'usd', 'XYZ']) {
      const f = numberFormatter(unit, 'en-US');
      assert(!f.ok && f.attribute === 'unit', `unit ${unit} is reported`);
      assertMatch(f.message, /^invalid unit: /);
    }
    const bad = numberFormatter('USD', 'not a locale!');
    assert(!bad.ok && bad.attribute === 'locale', 'locale is reported');
  });
});

describe('formatDelta', () => {
  it('marks direction with an arrow and keeps the magnitude unsigned', () => {
    assertEqual(formatDelta(0.12, 'en-US'), { direction: 'up', text: '▲ 12%', label: 'up 12%' });
    assertEqual(formatDelta(-0.034, 'en-US'), { direction: 'down', text: '▼ 3.4%', label: 'down 3.4%' });
    assertEqual(formatDelta(0, 'en-US'), { direction: 'flat', text: '0%', label: 'no change' });
  });
});
