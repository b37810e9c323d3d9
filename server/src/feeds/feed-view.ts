import type {
  Feed,
  FeedInput,
  FeedView,
  HttpAuth,
  HttpAuthInput,
  HttpAuthView,
} from '@city-ioc/shared';

/** Poll credentials as shown: the kind and the non-secret parts. Pure. */
export const toAuthView = (auth: HttpAuth): HttpAuthView => {
  switch (auth.kind) {
    case 'none':
    case 'bearer':
      return { kind: auth.kind };
    case 'header':
      return { kind: 'header', name: auth.name };
    case 'basic':
      return { kind: 'basic', username: auth.username };
  }
};

/**
 * Poll credentials to store: a secret left out keeps the stored one of the same kind (and, for
 * a header, the same header name). Null when a secret is missing and none is stored. Pure.
 */
export const authFromInput = (input: HttpAuthInput, stored: HttpAuth | null): HttpAuth | null => {
  switch (input.kind) {
    case 'none':
      return input;
    case 'header': {
      const value =
        input.value ??
        (stored?.kind === 'header' && stored.name.toLowerCase() === input.name.toLowerCase()
          ? stored.value
          : undefined);
      return value === undefined ? null : { kind: 'header', name: input.name, value };
    }
    case 'basic': {
      const password = input.password ?? (stored?.kind === 'basic' ? stored.password : undefined);
      return password === undefined ? null : { kind: 'basic', username: input.username, password };
    }
    case 'bearer': {
      const token = input.token ?? (stored?.kind === 'bearer' ? stored.token : undefined);
      return token === undefined ? null : { kind: 'bearer', token };
    }
  }
};

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
      return { ...feed, config: { ...feed.config, auth: toAuthView(feed.config.auth) } };
    case 'mqtt': {
      const { password, ...config } = feed.config;
      return { ...feed, config: { ...config, hasPassword: password !== undefined } };
    }
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
    case 'http-poll': {
      const stored = existing?.adapter === 'http-poll' ? existing.config.auth : null;
      const auth = authFromInput(input.config.auth, stored);
      if (!auth) return MISSING(`the ${input.config.auth.kind} credential (config.auth)`);
      return { ...input, config: { ...input.config, auth } };
    }
    case 'mqtt': {
      const { password: sent, ...config } = input.config;
      // Absent keeps the stored password; null removes it.
      const password =
        sent === null
          ? undefined
          : (sent ?? (existing?.adapter === 'mqtt' ? existing.config.password : undefined));
      return { ...input, config: { ...config, ...(password !== undefined ? { password } : {}) } };
    }
  }
};
