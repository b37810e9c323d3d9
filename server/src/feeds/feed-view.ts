import type { Feed, FeedInput, FeedView } from '@city-ioc/shared';

/** A feed as the API shows it: webhook secrets replaced by their count. Pure. */
export const toFeedView = (feed: Feed): FeedView => {
  if (feed.adapter === 'webhook') {
    const { secrets, ...config } = feed.config;
    return { ...feed, config: { ...config, secretCount: secrets.length } };
  }
  return feed;
};

/**
 * The feed to store from an administrator's input: secrets not sent keep the stored ones.
 * Returns a reason when a new webhook feed comes without a secret. Pure.
 */
export const feedFromInput = (
  input: FeedInput,
  existing: Feed | null,
): Feed | { error: string } => {
  if (input.adapter === 'webhook') {
    const secrets =
      input.config.secrets ??
      (existing?.adapter === 'webhook' ? existing.config.secrets : undefined);
    if (!secrets) return { error: 'A webhook feed needs at least one secret (config.secrets)' };
    return { ...input, config: { ...input.config, secrets } };
  }
  return input;
};
