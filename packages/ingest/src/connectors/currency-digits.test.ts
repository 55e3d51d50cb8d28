import { describe, expect, it } from 'vitest';
import { currencyDigits, toMinorUnits } from './currency-digits.ts';

describe('currency digits', () => {
  it.each([['USD', 2], ['eur', 2], ['JPY', 0], ['KRW', 0], ['BHD', 3], ['KWD', 3], ['OMR', 3], ['JOD', 3], ['TND', 3]])('%s has %i', (code, digits) => {
    expect(currencyDigits(code)).toBe(digits);
  });

  it.each([
    [19.99, 'USD', 1999],
    [1.005, 'USD', 101],
    [0.1 + 0.2, 'USD', 30],
    [-4.995, 'EUR', -500],
    [1200, 'JPY', 1200],
    [1200.5, 'JPY', 1201],
    [12.3456, 'KWD', 12346],
    [1e-7, 'USD', 0],
    [0, 'USD', 0],
  ])('%d %s is %i minor units', (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
  });
});
