import type { Feed, FeedInput, FeedView } from '@city-ioc/shared';

/** A feed as the API shows it: secrets and tokens replaced by whether they exist. Pure. */
export const toFeedView = (feed: Feed): FeedView => {
  switch (feed.adapter) {
    case 'webhook': {
      const { secrets, ...config } = feed.config;
      return { ...feed, config: { ...config, secretCount: secrets.length } };
    }
    case 'cap':
      return feed.config.mode === 'push'
        ? { ...feed, config: { mode: 'push', hasToken: feed.config.token.length > 0 } }
        : { ...feed, config: feed.config };
    case 'ngsi': {
      const { token, ...config } = feed.config;
      return { ...feed, config: { ...config, hasToken: token.length > 0 } };
    }
    case 'http-poll':
      return feed;
  }
};

const MISSING = (what: string) => ({ error: `A new feed of this kind needs ${what}` });

/**
 * The feed to store from an administrator's input: secrets and tokens not sent keep the stored
 * ones. Returns a reason when a new feed comes without one. Pure.
 */
export const feedFromInput = (
  input: FeedInput,
  existing: Feed | null,
): Feed | { error: string } => {
  switch (input.adapter) {
    case 'webhook': {
      const secrets =
        input.config.secrets ??
        (existing?.adapter === 'webhook' ? existing.config.secrets : undefined);
      if (!secrets) return MISSING('at least one secret (config.secrets)');
      return { ...input, config: { ...input.config, secrets } };
    }
    case 'cap': {
      if (input.config.mode === 'poll') return { ...input, config: input.config };
      const token =
        input.config.token ??
        (existing?.adapter === 'cap' && existing.config.mode === 'push'
          ? existing.config.token
          : undefined);
      if (!token) return MISSING('a push token (config.token)');
      return { ...input, config: { mode: 'push', token } };
    }
    case 'ngsi': {
      const token =
        input.config.token ?? (existing?.adapter === 'ngsi' ? existing.config.token : undefined);
      if (!token) return MISSING('a push token (config.token)');
      return { ...input, config: { ...input.config, token } };
    }
    case 'http-poll':
      return input;
  }
};
