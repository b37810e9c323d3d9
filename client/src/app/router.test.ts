import { describe, expect, it } from 'vitest';
import { isPlainLeftClick, matchRoute, type Route } from './router';

describe('matchRoute', () => {
  it.each<[string, Route]>([
    ['/', 'operator'],
    ['', 'operator'],
    ['/admin/feeds', 'adminFeeds'],
    ['/admin/feeds/', 'adminFeeds'],
    ['/Admin/Feeds', 'adminFeeds'],
    ['//admin//feeds', 'adminFeeds'],
    ['/login', 'login'],
    ['/login/', 'login'],
    ['/display', 'display'],
    ['/admin/users', 'adminUsers'],
    ['/admin/display-tokens', 'adminDisplayTokens'],
    ['/admin/webhooks', 'adminWebhooks'],
    ['/Admin/Audit/', 'adminAudit'],
    ['/admin', 'notFound'],
    ['/admin/feeds/extra', 'notFound'],
    ['/admin/feedsx', 'notFound'],
    ['/index.html', 'notFound'],
  ])('shows %j as %s', (pathname, expected) => {
    expect(matchRoute(pathname)).toBe(expected);
  });
});

describe('isPlainLeftClick', () => {
  const click = {
    button: 0,
    metaKey: false,
    ctrlKey: false,
    shiftKey: false,
    altKey: false,
    defaultPrevented: false,
  };

  it('handles a plain left click in place', () => {
    expect(isPlainLeftClick(click)).toBe(true);
  });

  it.each([
    ['a middle click', { button: 1 }],
    ['a ctrl click', { ctrlKey: true }],
    ['a cmd click', { metaKey: true }],
    ['a shift click', { shiftKey: true }],
    ['an alt click', { altKey: true }],
    ['a click already handled', { defaultPrevented: true }],
  ])('leaves %s to the browser', (_, overrides) => {
    expect(isPlainLeftClick({ ...click, ...overrides })).toBe(false);
  });
});
