import type { Feed } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { feedFromInput, toFeedView } from './feed-view';

const mapping = { itemsPath: '', values: [{ indicatorId: 'x', path: 'v' }] };
const webhook: Feed = {
  id: 'feed:w',
  name: 'W',
  adapter: 'webhook',
  departmentId: 'dept:A',
  enabled: true,
  config: { secrets: ['whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ='], mapping },
};

describe('toFeedView', () => {
  it('never shows a webhook secret, only how many there are', () => {
    const view = toFeedView(webhook);
    expect(JSON.stringify(view)).not.toContain('whsec_');
    expect(view.config).toEqual({ mapping, secretCount: 1 });
  });
});

describe('feedFromInput', () => {
  it('keeps the stored secrets when an edit sends none', () => {
    const { secrets: _omitted, ...config } = webhook.config;
    expect(feedFromInput({ ...webhook, config }, webhook)).toEqual(webhook);
  });

  it('replaces the secrets when an edit sends new ones (rotation)', () => {
    const rotated = {
      ...webhook,
      config: {
        ...webhook.config,
        secrets: ['whsec_b2xkLW9sZC1vbGQtb2xkLW9sZA==', 'whsec_bmV3LW5ldy1uZXctbmV3LW5ldw=='],
      },
    };
    expect(feedFromInput(rotated, webhook)).toEqual(rotated);
  });

  it('refuses a new webhook feed without a secret', () => {
    const { secrets: _omitted, ...config } = webhook.config;
    expect(feedFromInput({ ...webhook, config }, null)).toEqual({
      error: 'A new feed of this kind needs at least one secret (config.secrets)',
    });
  });
});

const poll = (auth: Extract<Feed, { adapter: 'http-poll' }>['config']['auth']): Feed => ({
  id: 'feed:p',
  name: 'P',
  adapter: 'http-poll',
  departmentId: 'dept:A',
  enabled: true,
  config: {
    url: 'https://data.example.vn/x.csv',
    intervalSeconds: 60,
    timeoutMs: 5_000,
    format: 'csv',
    auth,
    mapping,
  },
});

describe('poll credentials', () => {
  it.each([
    [
      { kind: 'header', name: 'X-Api-Key', value: 's3cret-header' } as const,
      { kind: 'header', name: 'X-Api-Key' },
    ],
    [
      { kind: 'basic', username: 'ioc', password: 's3cret-basic' } as const,
      { kind: 'basic', username: 'ioc' },
    ],
    [{ kind: 'bearer', token: 's3cret-bearer' } as const, { kind: 'bearer' }],
  ])('never shows the %o secret', (auth, shown) => {
    const view = toFeedView(poll(auth));
    expect(JSON.stringify(view)).not.toContain('s3cret');
    expect(view.config).toMatchObject({ auth: shown });
  });

  it('keeps a stored secret when an edit leaves it out, for the same kind only', () => {
    const stored = poll({ kind: 'basic', username: 'ioc', password: 'old-password' });
    const edit = {
      ...stored,
      config: { ...stored.config, auth: { kind: 'basic', username: 'ioc2' } },
    };
    expect(feedFromInput(edit as never, stored)).toMatchObject({
      config: { auth: { kind: 'basic', username: 'ioc2', password: 'old-password' } },
    });
    const switched = { ...stored, config: { ...stored.config, auth: { kind: 'bearer' } } };
    expect(feedFromInput(switched as never, stored)).toEqual({
      error: 'A new feed of this kind needs the bearer credential (config.auth)',
    });
  });

  it('does not move a header value to another header name', () => {
    const stored = poll({ kind: 'header', name: 'X-Api-Key', value: 'key-1' });
    const renamed = {
      ...stored,
      config: { ...stored.config, auth: { kind: 'header', name: 'X-Other' } },
    };
    expect('error' in (feedFromInput(renamed as never, stored) as object)).toBe(true);
    const same = {
      ...stored,
      config: { ...stored.config, auth: { kind: 'header', name: 'x-api-key' } },
    };
    expect(feedFromInput(same as never, stored)).toMatchObject({
      config: { auth: { kind: 'header', name: 'x-api-key', value: 'key-1' } },
    });
  });
});

describe('broker password', () => {
  const mqtt: Feed = {
    id: 'feed:m',
    name: 'M',
    adapter: 'mqtt',
    departmentId: 'dept:A',
    enabled: true,
    config: {
      url: 'mqtt://broker.example.vn:1883',
      clientId: 'city-ioc-m',
      protocolVersion: 5,
      username: 'ioc',
      password: 'broker-s3cret',
      topics: [{ filter: 'hcmc/+/level', mapping }],
    },
  };

  it('answers whether a password is set, never the password', () => {
    const view = toFeedView(mqtt);
    expect(JSON.stringify(view)).not.toContain('s3cret');
    expect(view.config).toMatchObject({ hasPassword: true, username: 'ioc' });
  });

  it('keeps it when an edit leaves it out and removes it on null', () => {
    const { password: _p, ...config } = mqtt.config;
    expect(feedFromInput({ ...mqtt, config } as never, mqtt)).toEqual(mqtt);
    const removed = feedFromInput({ ...mqtt, config: { ...config, password: null } }, mqtt);
    expect(removed).toEqual({ ...mqtt, config });
  });
});
