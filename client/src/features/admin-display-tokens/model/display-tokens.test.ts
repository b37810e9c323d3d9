import type { DisplayToken } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { nextPathFromSearch } from '../../auth/model/next-path';
import {
  describeLastSeen,
  displaySignInUrl,
  emptyDisplayTokenForm,
  sortDisplayTokens,
  validateDisplayTokenForm,
} from './display-tokens';

const token = (overrides: Partial<DisplayToken> = {}): DisplayToken => ({
  id: 'dt-1',
  name: 'Tường phòng điều hành',
  departmentIds: [],
  scenes: [],
  createdAt: '2025-11-20T01:00:00.000Z',
  createdBy: 'admin',
  revokedAt: null,
  lastSeenAt: null,
  showing: null,
  showingAt: null,
  ...overrides,
});

describe('validateDisplayTokenForm', () => {
  it('turns the form into the input the server expects', () => {
    expect(
      validateDisplayTokenForm({ name: '  Tường tầng 3 ', departmentIds: ['dept:TNMT'] }),
    ).toEqual({
      ok: true,
      input: { name: 'Tường tầng 3', departmentIds: ['dept:TNMT'], scenes: [] },
    });
  });

  it('wants a name', () => {
    expect(validateDisplayTokenForm(emptyDisplayTokenForm())).toEqual({
      ok: false,
      errors: { name: { key: 'validation.required' } },
    });
  });
});

describe('displaySignInUrl', () => {
  it('is ready to open on the screen', () => {
    expect(displaySignInUrl('https://ioc.hcmc.gov.vn', 'abcDEF_123-xyz')).toBe(
      'https://ioc.hcmc.gov.vn/display?token=abcDEF_123-xyz',
    );
  });

  it('keeps a token with URL characters intact', () => {
    const url = new URL(displaySignInUrl('http://127.0.0.1:8080/', 'a+b/c=d&e'));
    expect(url.pathname).toBe('/display');
    expect(url.searchParams.get('token')).toBe('a+b/c=d&e');
    // And signing in never goes back there.
    expect(nextPathFromSearch(`?next=${encodeURIComponent(url.pathname + url.search)}`)).toBe('/');
  });
});

describe('sortDisplayTokens', () => {
  it('lists screens in use first, newest first', () => {
    const sorted = sortDisplayTokens([
      token({ id: 'old', createdAt: '2025-01-01T00:00:00.000Z' }),
      token({
        id: 'revoked',
        createdAt: '2025-12-01T00:00:00.000Z',
        revokedAt: '2025-12-02T00:00:00.000Z',
      }),
      token({ id: 'new', createdAt: '2025-06-01T00:00:00.000Z' }),
    ]);
    expect(sorted.map((t) => t.id)).toEqual(['new', 'old', 'revoked']);
  });
});

describe('describeLastSeen', () => {
  const now = Date.parse('2025-11-23T05:00:00.000Z');

  it('says how long ago, with the exact time in the city', () => {
    expect(describeLastSeen('2025-11-23T04:57:00.000Z', now, 'vi', 'Asia/Ho_Chi_Minh')).toEqual({
      text: '3 phút trước',
      title: '11:57:00 23/11/2025',
    });
  });

  it('says when a screen never connected', () => {
    expect(describeLastSeen(null, now, 'vi', 'Asia/Ho_Chi_Minh').text).toBe('Chưa kết nối');
  });
});
