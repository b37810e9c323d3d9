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
