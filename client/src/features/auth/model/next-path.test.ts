import { describe, expect, it } from 'vitest';
import { loginPathFor, nextPathFromSearch, sanitizeNextPath } from './next-path';

describe('sanitizeNextPath (open-redirect guard)', () => {
  it.each([
    ['/admin/feeds', '/admin/feeds'],
    ['/', '/'],
    ['/admin/audit?action=auth.&actor=admin', '/admin/audit?action=auth.&actor=admin'],
    ['/admin/users#new', '/admin/users#new'],
    ['/a/../admin/feeds', '/admin/feeds'],
  ])('accepts the same-site path %j', (raw, expected) => {
    expect(sanitizeNextPath(raw)).toBe(expected);
  });

  it.each([
    ['nothing', null],
    ['an empty string', ''],
    ['a protocol-relative URL', '//evil.example/steal'],
    ['a protocol-relative URL with more slashes', '///evil.example'],
    ['a backslash trick', '/\\evil.example'],
    ['a backslash-only trick', '\\\\evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'admin/feeds'],
    ['a tab that the URL parser would drop', '/\t/evil.example'],
    ['a line break', '/\n/evil.example'],
    ['the sign-in page itself', '/login?next=/admin'],
    ['the sign-in page in other letters', '/Login/'],
    ['the wall-screen sign-in', '/display?token=abc'],
  ])('refuses %s', (_, raw) => {
    expect(sanitizeNextPath(raw)).toBe('/');
  });
});

describe('nextPathFromSearch', () => {
  it('reads and checks `next`', () => {
    expect(nextPathFromSearch('?next=/admin/feeds')).toBe('/admin/feeds');
    expect(nextPathFromSearch('?next=%2Fadmin%2Fusers')).toBe('/admin/users');
    expect(nextPathFromSearch('?next=//evil.example')).toBe('/');
    expect(nextPathFromSearch('?next=https%3A%2F%2Fevil.example')).toBe('/');
    expect(nextPathFromSearch('')).toBe('/');
  });
});

describe('loginPathFor', () => {
  it('keeps where the user wanted to go, readable', () => {
    expect(loginPathFor('/admin/feeds')).toBe('/login?next=/admin/feeds');
  });

  it('encodes a query string so it survives as one parameter, and reads back the same', () => {
    const path = loginPathFor('/admin/audit?action=auth.&actor=admin');
    expect(path).toBe('/login?next=/admin/audit%3Faction%3Dauth.%26actor%3Dadmin');
    expect(nextPathFromSearch(path.slice('/login'.length))).toBe(
      '/admin/audit?action=auth.&actor=admin',
    );
  });

  it('needs no `next` for the map, and never points back at a sign-in page', () => {
    expect(loginPathFor('/')).toBe('/login');
    expect(loginPathFor('/login?next=/admin')).toBe('/login');
    expect(loginPathFor('//evil.example')).toBe('/login');
  });
});
