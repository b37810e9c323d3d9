import { describe, expect, it } from 'vitest';
import { DICTIONARY, LANGUAGES, type MessageKey, placeholdersOf, translate } from './dictionary';

const keys = Object.keys(DICTIONARY.vi) as MessageKey[];

describe('DICTIONARY', () => {
  it.each(LANGUAGES)('has every key in %s with a non-empty text', (language) => {
    expect(Object.keys(DICTIONARY[language]).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(DICTIONARY[language][key].trim(), key).not.toBe('');
  });

  it.each(keys)('uses the same placeholders in every language for %s', (key) => {
    const expected = placeholdersOf(DICTIONARY.vi[key]);
    for (const language of LANGUAGES) {
      expect(placeholdersOf(DICTIONARY[language][key])).toEqual(expected);
    }
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('vi', 'feeds.summary', { ok: 5, total: 6 })).toBe('5/6 nguồn hoạt động');
    expect(translate('en', 'feeds.summary', { ok: 5, total: 6 })).toBe('5/6 feeds OK');
  });

  it('leaves a placeholder without a value visible instead of dropping it', () => {
    expect(translate('en', 'feeds.summary', { ok: 1 })).toBe('1/{total} feeds OK');
  });

  it('uses the operator labels for the connection states', () => {
    expect(translate('vi', 'connection.connected')).toBe('Đã kết nối');
    expect(translate('vi', 'connection.connecting')).toBe('Đang kết nối lại…');
    expect(translate('vi', 'connection.disconnected')).toBe('Mất kết nối');
  });
});
