import { describe, expect, it } from 'vitest';
import { formatReading, localized } from './alert-format';

describe('localized', () => {
  it.each([
    [{ vi: 'Ngập', en: 'Flooding' }, 'en', 'Flooding'],
    [{ vi: 'Ngập', en: 'Flooding' }, 'vi', 'Ngập'],
    [{ vi: 'Ngập' }, 'en', 'Ngập'],
    [{ vi: 'Ngập', en: '' }, 'en', 'Ngập'],
  ] as const)('picks %o in %s as %s', (text, language, expected) => {
    expect(localized(text, language)).toBe(expected);
  });
});

describe('formatReading', () => {
  it.each([
    [{ value: 152.456, threshold: 150 }, 'vi', 'µg/m³', '152,46 µg/m³ / ngưỡng 150 µg/m³'],
    [{ value: 1234.5, threshold: 1000 }, 'en', '', '1,234.5 / threshold 1,000'],
    [{ value: 12, threshold: null }, 'vi', '%', 'Giá trị 12 %'],
    [{ value: null, threshold: 5 }, 'en', null, null],
  ] as const)('formats %o in %s', (alert, language, unit, expected) => {
    expect(formatReading(alert, language, unit)).toBe(expected);
  });
});
