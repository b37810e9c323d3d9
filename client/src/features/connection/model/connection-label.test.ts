import { describe, expect, it } from 'vitest';
import { translate } from '../../../lib/i18n/dictionary';
import { connectionLabelKey } from './connection-label';

describe('connectionLabelKey', () => {
  it.each([
    ['connected', 'Đã kết nối', 'Connected'],
    ['connecting', 'Đang kết nối lại…', 'Reconnecting…'],
    ['disconnected', 'Mất kết nối', 'Connection lost'],
  ] as const)('labels %s', (state, vi, en) => {
    expect(translate('vi', connectionLabelKey(state))).toBe(vi);
    expect(translate('en', connectionLabelKey(state))).toBe(en);
  });
});
