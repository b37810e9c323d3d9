import {
  type FeedAdapter,
  type FeedCadence,
  type FeedInput,
  FeedInputSchema,
  type FeedView,
  type HttpAuth,
  type HttpAuthView,
  type HttpPollFormat,
  type JsonMapping,
  type NgsiMapping,
  topicMatches,
} from '@city-ioc/shared';
import { type FieldError, type FieldErrors, fieldErrorsFromIssues } from './form-errors';

/**
 * The feed form as the administrator types it: every input is text (numbers included), so a
 * half-typed value is kept as typed and validated only when sent. Fields of every adapter are
 * kept, so switching the adapter while creating loses nothing. Pure conversions only.
 */

export const FEED_ADAPTERS: readonly FeedAdapter[] = [
  'http-poll',
  'webhook',
  'cap',
  'ngsi',
  'mqtt',
];

export const HTTP_POLL_FORMATS: readonly HttpPollFormat[] = ['json', 'csv', 'geojson'];

export type AuthKind = HttpAuth['kind'];
export const AUTH_KINDS: readonly AuthKind[] = ['none', 'header', 'basic', 'bearer'];

/** How an HTTP poll is scheduled: every N seconds, or at the local times of a cron expression. */
export type PollSchedule = 'interval' | 'cron';

/** Most topics one MQTT feed subscribes to (the shared schema's limit). */
export const MAX_MQTT_TOPICS = 20;

export type CadenceKind = '' | FeedCadence['kind'];

export interface ValueRow {
  /** Stable React key of the row (rows can be removed from the middle). */
  key: number;
  indicatorId: string;
  path: string;
}

export interface AttributeRow {
  key: number;
  attribute: string;
  indicatorId: string;
  /** Optional multiplier (unit conversion); empty for none. */
  scale: string;
}

export interface PollFields {
  url: string;
  intervalSeconds: string;
  timeoutMs: string;
}

/** A JSON mapping as typed (http-poll, webhook, each MQTT topic). */
export interface MappingFields {
  itemsPath: string;
  subjectPath: string;
  subjectPrefix: string;
  timePath: string;
  values: ValueRow[];
}

/**
 * Credentials of an HTTP poll. The secrets (header value, password, token) are write-only: the
 * server only says which kind it holds (and the header name or user name), so on an edit they
 * start empty, and an empty one keeps the stored secret of the same kind.
 */
export interface AuthFields {
  kind: AuthKind;
  headerName: string;
  headerValue: string;
  username: string;
  password: string;
  token: string;
  /** What the server holds (never the secret itself); null when nothing or creating. */
  stored: HttpAuthView | null;
}

export interface MqttTopicRow {
  key: number;
  filter: string;
  /** 0-based topic level naming the subject; empty for none. */
  subjectFromTopicLevel: string;
  mapping: MappingFields;
}

export interface MqttFields {
  url: string;
  clientId: string;
  protocolVersion: '5' | '4';
  username: string;
  /** Write-only: a typed password replaces the stored one; empty keeps it. */
  password: string;
  hasStoredPassword: boolean;
  /** Send `password: null`, so the broker is reached without a password from now on. */
  removePassword: boolean;
  topics: MqttTopicRow[];
}

export interface FeedFormState {
  /** The id of the feed being edited (fixed), or null when creating one. */
  editingId: string | null;
  adapter: FeedAdapter;
  id: string;
  name: string;
  departmentId: string;
  enabled: boolean;
  cadenceKind: CadenceKind;
  cadenceSeconds: string;
  cadenceLocalTime: string;
  /** http-poll's source, and a polled CAP feed's. */
  poll: PollFields;
  /** What an http-poll answers, when it polls, and how it authenticates. */
  httpPoll: {
    format: HttpPollFormat;
    schedule: PollSchedule;
    cron: string;
    auth: AuthFields;
  };
  /** JSON mapping of http-poll and webhook feeds. */
  mapping: MappingFields;
  /**
   * Webhook secrets are write-only: the server only says how many it holds. Empty inputs keep
   * them; a new one replaces them all (a second one is for the sender's rotation window).
   */
  secrets: { configuredCount: number; replacement: string; second: string };
  capMode: 'push' | 'poll';
  /** Push token of CAP push and NGSI feeds, write-only like secrets. */
  token: { isConfigured: boolean; replacement: string };
  ngsi: {
    entityTypes: string;
    subjectPrefix: string;
    idPattern: string;
    timeAttributes: string;
    attributes: AttributeRow[];
    /** Not editable here; carried through an edit unchanged. */
    subjectMap: NgsiMapping['subjectMap'];
    hasReconcile: boolean;
    reconcile: PollFields;
  };
  mqtt: MqttFields;
  /** Next free row key. */
  nextKey: number;
}

const DEFAULT_INTERVAL_SECONDS = '60';
const DEFAULT_TIMEOUT_MS = '10000';
const DEFAULT_RECONCILE_SECONDS = '300';

const emptyPoll = (intervalSeconds = DEFAULT_INTERVAL_SECONDS): PollFields => ({
  url: '',
  intervalSeconds,
  timeoutMs: DEFAULT_TIMEOUT_MS,
});

const emptyMapping = (valueKey: number): MappingFields => ({
  itemsPath: '',
  subjectPath: '',
  subjectPrefix: '',
  timePath: '',
  values: [{ key: valueKey, indicatorId: '', path: '' }],
});

const emptyAuth = (): AuthFields => ({
  kind: 'none',
  headerName: '',
  headerValue: '',
  username: '',
  password: '',
  token: '',
  stored: null,
});

/** The cadence a cron-scheduled poll gets when none is declared (the server demands one). */
export const DEFAULT_CRON_CADENCE_TIME = '17:00';

const MQTT_CLIENT_ID_PREFIX = 'city-ioc-';
const MAX_CLIENT_ID_LENGTH = 64;

/**
 * The MQTT client id proposed for a feed id: "city-ioc-" and the id as a slug ("feed:sim-water"
 * → "city-ioc-feed-sim-water"), within the 64 characters and the letters the schema allows.
 */
export const mqttClientIdFor = (feedId: string): string => {
  const slug = feedId
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, MAX_CLIENT_ID_LENGTH - MQTT_CLIENT_ID_PREFIX.length)
    .replace(/-$/, '');
  return slug === '' ? '' : `${MQTT_CLIENT_ID_PREFIX}${slug}`;
};

/** A blank form for a new feed. */
export const emptyFeedForm = (adapter: FeedAdapter = 'http-poll'): FeedFormState => ({
  editingId: null,
  adapter,
  id: '',
  name: '',
  departmentId: '',
  enabled: true,
  cadenceKind: '',
  cadenceSeconds: '',
  cadenceLocalTime: '',
  poll: emptyPoll(),
  httpPoll: { format: 'json', schedule: 'interval', cron: '', auth: emptyAuth() },
  mapping: emptyMapping(0),
  secrets: { configuredCount: 0, replacement: '', second: '' },
  capMode: 'push',
  token: { isConfigured: false, replacement: '' },
  ngsi: {
    entityTypes: '',
    subjectPrefix: '',
    idPattern: '',
    timeAttributes: '',
    attributes: [{ key: 1, attribute: '', indicatorId: '', scale: '' }],
    subjectMap: undefined,
    hasReconcile: false,
    reconcile: emptyPoll(DEFAULT_RECONCILE_SECONDS),
  },
  mqtt: {
    url: '',
    clientId: '',
    protocolVersion: '5',
    username: '',
    password: '',
    hasStoredPassword: false,
    removePassword: false,
    topics: [{ key: 2, filter: '', subjectFromTopicLevel: '', mapping: emptyMapping(3) }],
  },
  nextKey: 4,
});

const pollFields = (poll: { url: string; intervalSeconds: number; timeoutMs: number }) => ({
  url: poll.url,
  intervalSeconds: String(poll.intervalSeconds),
  timeoutMs: String(poll.timeoutMs),
});

const authFields = (view: HttpAuthView): AuthFields => ({
  ...emptyAuth(),
  kind: view.kind,
  headerName: view.kind === 'header' ? view.name : '',
  username: view.kind === 'basic' ? view.username : '',
  stored: view.kind === 'none' ? null : view,
});

/** The form for editing a feed, filled from what the API shows of it (never its secrets). */
export const feedFormFromView = (view: FeedView): FeedFormState => {
  const blank = emptyFeedForm(view.adapter);
  let nextKey = blank.nextKey;
  const key = () => nextKey++;
  const mappingFields = (mapping: JsonMapping): MappingFields => ({
    itemsPath: mapping.itemsPath,
    subjectPath: mapping.subjectPath ?? '',
    subjectPrefix: mapping.subjectPrefix ?? '',
    timePath: mapping.timePath ?? '',
    values: mapping.values.map((value) => ({ key: key(), ...value })),
  });
  const state: FeedFormState = {
    ...blank,
    editingId: view.id,
    id: view.id,
    name: view.name,
    departmentId: view.departmentId,
    enabled: view.enabled,
    cadenceKind: view.cadence?.kind ?? '',
    cadenceSeconds: view.cadence?.kind === 'interval' ? String(view.cadence.seconds) : '',
    cadenceLocalTime: view.cadence?.kind === 'daily-before' ? view.cadence.localTime : '',
  };
  switch (view.adapter) {
    case 'http-poll':
      state.mapping = mappingFields(view.config.mapping);
      state.poll = pollFields(view.config);
      state.httpPoll = {
        format: view.config.format,
        schedule: view.config.cron === undefined ? 'interval' : 'cron',
        cron: view.config.cron ?? '',
        auth: authFields(view.config.auth),
      };
      break;
    case 'webhook':
      state.mapping = mappingFields(view.config.mapping);
      state.secrets = { ...blank.secrets, configuredCount: view.config.secretCount };
      break;
    case 'cap':
      state.capMode = view.config.mode;
      if (view.config.mode === 'poll') state.poll = pollFields(view.config.poll);
      else state.token = { isConfigured: view.config.hasToken, replacement: '' };
      break;
    case 'ngsi': {
      const { mapping, reconcile, hasToken } = view.config;
      state.token = { isConfigured: hasToken, replacement: '' };
      state.ngsi = {
        entityTypes: (mapping.entityTypes ?? []).join(', '),
        subjectPrefix: mapping.subjectPrefix ?? '',
        idPattern: mapping.idPattern ?? '',
        timeAttributes: (mapping.timeAttributes ?? []).join(', '),
        attributes: mapping.attributes.map((row) => ({
          key: key(),
          attribute: row.attribute,
          indicatorId: row.indicatorId,
          scale: row.scale === undefined ? '' : String(row.scale),
        })),
        subjectMap: mapping.subjectMap,
        hasReconcile: reconcile !== undefined,
        reconcile: reconcile ? pollFields(reconcile) : blank.ngsi.reconcile,
      };
      break;
    }
    case 'mqtt': {
      const { config } = view;
      state.mqtt = {
        url: config.url,
        clientId: config.clientId,
        protocolVersion: config.protocolVersion === 4 ? '4' : '5',
        username: config.username ?? '',
        password: '',
        hasStoredPassword: config.hasPassword,
        removePassword: false,
        topics: config.topics.map((topic) => ({
          key: key(),
          filter: topic.filter,
          subjectFromTopicLevel:
            topic.subjectFromTopicLevel === undefined ? '' : String(topic.subjectFromTopicLevel),
          mapping: mappingFields(topic.mapping),
        })),
      };
      break;
    }
  }
  return { ...state, nextKey };
};

/**
 * The feed id changed (while creating): the MQTT client id follows it, unless the administrator
 * typed a client id of their own.
 */
export const withFeedId = (state: FeedFormState, id: string): FeedFormState => {
  const followsId = state.mqtt.clientId === '' || state.mqtt.clientId === mqttClientIdFor(state.id);
  return {
    ...state,
    id,
    mqtt: followsId ? { ...state.mqtt, clientId: mqttClientIdFor(id) } : state.mqtt,
  };
};

/**
 * Switches an HTTP poll between interval and cron. A cron-scheduled feed must declare when its
 * data is due (the server refuses it otherwise), so one is proposed when none is set: daily
 * before 17:00, the provincial platform's deadline.
 */
export const withPollSchedule = (state: FeedFormState, schedule: PollSchedule): FeedFormState => {
  const next = { ...state, httpPoll: { ...state.httpPoll, schedule } };
  if (schedule !== 'cron' || state.cadenceKind !== '') return next;
  return {
    ...next,
    cadenceKind: 'daily-before',
    cadenceLocalTime: state.cadenceLocalTime || DEFAULT_CRON_CADENCE_TIME,
  };
};

/** Adds an empty topic to an MQTT feed (up to the limit). */
export const withTopicAdded = (state: FeedFormState): FeedFormState => {
  if (state.mqtt.topics.length >= MAX_MQTT_TOPICS) return state;
  const topic: MqttTopicRow = {
    key: state.nextKey,
    filter: '',
    subjectFromTopicLevel: '',
    mapping: emptyMapping(state.nextKey + 1),
  };
  return {
    ...state,
    nextKey: state.nextKey + 2,
    mqtt: { ...state.mqtt, topics: [...state.mqtt.topics, topic] },
  };
};

/** Removes one topic of an MQTT feed; the last one stays (a feed needs at least one). */
export const withTopicRemoved = (state: FeedFormState, topicKey: number): FeedFormState =>
  state.mqtt.topics.length <= 1
    ? state
    : {
        ...state,
        mqtt: {
          ...state.mqtt,
          topics: state.mqtt.topics.filter((topic) => topic.key !== topicKey),
        },
      };

/** Adds an empty value row to a mapping (`topicKey` for an MQTT topic's, else the feed's). */
export const withValueAdded = (state: FeedFormState, topicKey?: number): FeedFormState => {
  const add = (mapping: MappingFields): MappingFields => ({
    ...mapping,
    values: [...mapping.values, { key: state.nextKey, indicatorId: '', path: '' }],
  });
  const nextKey = state.nextKey + 1;
  if (topicKey === undefined) return { ...state, nextKey, mapping: add(state.mapping) };
  return {
    ...state,
    nextKey,
    mqtt: {
      ...state.mqtt,
      topics: state.mqtt.topics.map((topic) =>
        topic.key === topicKey ? { ...topic, mapping: add(topic.mapping) } : topic,
      ),
    },
  };
};

/**
 * Whether the server holds the secret the chosen credential needs, so an empty input keeps it:
 * a stored credential of the same kind (for a header, under the same header name).
 */
export const hasStoredSecret = (auth: AuthFields): boolean => {
  const { stored } = auth;
  if (!stored || stored.kind !== auth.kind) return false;
  return (
    stored.kind !== 'header' || stored.name.toLowerCase() === auth.headerName.trim().toLowerCase()
  );
};

/** Where an HTTP poll's secret goes in the input, for the kinds that have one. */
export const AUTH_SECRET_PATH: Readonly<Record<Exclude<AuthKind, 'none'>, string>> = {
  header: 'config.auth.value',
  basic: 'config.auth.password',
  bearer: 'config.auth.token',
};

/** '' → undefined (so a required number reads as missing); anything else → a number or NaN. */
const toNumber = (text: string): number | undefined =>
  text.trim() === '' ? undefined : Number(text.trim());

/** '' → undefined, for optional text fields. */
const optionalText = (text: string): string | undefined =>
  text.trim() === '' ? undefined : text.trim();

/** "a, b ,c" → ['a', 'b', 'c']; undefined when empty. */
const optionalList = (text: string): string[] | undefined => {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
};

const pollInput = (poll: PollFields) => ({
  url: poll.url.trim(),
  intervalSeconds: toNumber(poll.intervalSeconds),
  timeoutMs: toNumber(poll.timeoutMs),
});

const cadenceInput = (state: FeedFormState): Record<string, unknown> | undefined => {
  switch (state.cadenceKind) {
    case '':
      return undefined;
    case 'interval':
      return { kind: 'interval', seconds: toNumber(state.cadenceSeconds) };
    case 'daily-before':
      return { kind: 'daily-before', localTime: state.cadenceLocalTime.trim() };
  }
};

/** Write-only: omitted (keep the stored ones) unless the administrator typed new ones. */
const secretsInput = (state: FeedFormState): string[] | undefined => {
  const typed = [state.secrets.replacement, state.secrets.second].filter((s) => s.trim() !== '');
  return typed.length > 0 ? typed.map((s) => s.trim()) : undefined;
};

const tokenInput = (state: FeedFormState): string | undefined =>
  optionalText(state.token.replacement);

/** Omits keys whose value is undefined, so the request carries no `"key": undefined` noise. */
const compact = <T extends Record<string, unknown>>(object: T): T =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;

/**
 * A mapping as sent. `hasItemsPath` false (CSV rows, GeoJSON features: the records are known)
 * sends an empty items path whatever the hidden field still holds.
 */
const mappingInput = (mapping: MappingFields, hasItemsPath = true) =>
  compact({
    itemsPath: hasItemsPath ? mapping.itemsPath.trim() : '',
    subjectPath: optionalText(mapping.subjectPath),
    subjectPrefix: optionalText(mapping.subjectPrefix),
    timePath: optionalText(mapping.timePath),
    values: mapping.values.map((row) => ({
      indicatorId: row.indicatorId,
      path: row.path.trim(),
    })),
  });

/** Whether a poll of this format has an items path (JSON only). */
export const formatHasItemsPath = (format: HttpPollFormat): boolean => format === 'json';

/** A write-only secret as typed: '' → left out (keep the stored one). */
const optionalSecret = (text: string, trim: boolean): string | undefined => {
  const value = trim ? text.trim() : text;
  return value === '' ? undefined : value;
};

/**
 * The credentials as sent: the non-secret parts always, a secret only when one was typed.
 * Header values and tokens are trimmed (HTTP trims header values); passwords are sent as typed.
 */
const authInput = (auth: AuthFields): Record<string, unknown> => {
  switch (auth.kind) {
    case 'none':
      return { kind: 'none' };
    case 'header':
      return compact({
        kind: 'header',
        name: auth.headerName.trim(),
        value: optionalSecret(auth.headerValue, true),
      });
    case 'basic':
      return compact({
        kind: 'basic',
        username: auth.username.trim(),
        password: optionalSecret(auth.password, false),
      });
    case 'bearer':
      return compact({ kind: 'bearer', token: optionalSecret(auth.token, true) });
  }
};

/** Broker password: typed → replace; "remove" → null; otherwise left out (keep, or none). */
const mqttPasswordInput = (mqtt: MqttFields): string | null | undefined => {
  if (mqtt.password !== '') return mqtt.password;
  return mqtt.hasStoredPassword && mqtt.removePassword ? null : undefined;
};

const mqttInput = (mqtt: MqttFields): Record<string, unknown> =>
  compact({
    url: mqtt.url.trim(),
    clientId: mqtt.clientId.trim(),
    protocolVersion: mqtt.protocolVersion === '4' ? 4 : 5,
    username: optionalText(mqtt.username),
    password: mqttPasswordInput(mqtt),
    topics: mqtt.topics.map((topic) =>
      compact({
        filter: topic.filter.trim(),
        mapping: mappingInput(topic.mapping),
        subjectFromTopicLevel: toNumber(topic.subjectFromTopicLevel),
      }),
    ),
  });

const configInput = (state: FeedFormState): Record<string, unknown> => {
  switch (state.adapter) {
    case 'http-poll': {
      const { httpPoll } = state;
      return compact({
        ...pollInput(state.poll),
        cron: httpPoll.schedule === 'cron' ? httpPoll.cron.trim() : undefined,
        format: httpPoll.format,
        auth: authInput(httpPoll.auth),
        mapping: mappingInput(state.mapping, formatHasItemsPath(httpPoll.format)),
      });
    }
    case 'webhook':
      return compact({ secrets: secretsInput(state), mapping: mappingInput(state.mapping) });
    case 'cap':
      return state.capMode === 'poll'
        ? { mode: 'poll', poll: pollInput(state.poll) }
        : compact({ mode: 'push', token: tokenInput(state) });
    case 'ngsi': {
      const { ngsi } = state;
      return compact({
        token: tokenInput(state),
        mapping: compact({
          entityTypes: optionalList(ngsi.entityTypes),
          subjectPrefix: optionalText(ngsi.subjectPrefix),
          idPattern: optionalText(ngsi.idPattern),
          subjectMap: ngsi.subjectMap,
          timeAttributes: optionalList(ngsi.timeAttributes),
          attributes: ngsi.attributes.map((row) =>
            compact({
              attribute: row.attribute.trim(),
              indicatorId: row.indicatorId,
              scale: toNumber(row.scale),
            }),
          ),
        }),
        reconcile: ngsi.hasReconcile ? pollInput(ngsi.reconcile) : undefined,
      });
    }
    case 'mqtt':
      return mqttInput(state.mqtt);
  }
};

/**
 * What the form would send, before validation: the shape of `FeedInput`, with numbers parsed
 * (NaN when not a number), empty optional fields left out and write-only secrets and tokens
 * left out unless new ones were typed.
 */
export const feedInputCandidate = (state: FeedFormState): Record<string, unknown> =>
  compact({
    id: (state.editingId ?? state.id).trim(),
    name: state.name.trim(),
    departmentId: state.departmentId,
    enabled: state.enabled,
    cadence: cadenceInput(state),
    adapter: state.adapter,
    config: configInput(state),
  });

export type FeedFormResult = { ok: true; input: FeedInput } | { ok: false; errors: FieldErrors };

const REQUIRED: FieldError = { key: 'validation.required' };

/**
 * The write-only credential a new push feed cannot be saved without (the schema allows leaving
 * it out, which on an edit means "keep"). A test run does not need it.
 */
const missingPushCredential = (state: FeedFormState): string | null => {
  if (state.editingId !== null) return null;
  if (state.adapter === 'webhook' && secretsInput(state) === undefined) return 'config.secrets.0';
  const needsToken =
    state.adapter === 'ngsi' || (state.adapter === 'cap' && state.capMode === 'push');
  if (needsToken && tokenInput(state) === undefined) return 'config.token';
  return null;
};

/**
 * An HTTP poll's secret left empty when the server holds none of that kind to keep: on a new
 * feed, or after switching the kind (or the header name). The poll cannot run without it, so a
 * test run needs it too.
 */
const missingPollSecret = (state: FeedFormState): string | null => {
  if (state.adapter !== 'http-poll') return null;
  const { auth } = state.httpPoll;
  if (auth.kind === 'none' || hasStoredSecret(auth)) return null;
  const typed = {
    header: auth.headerValue.trim(),
    basic: auth.password,
    bearer: auth.token.trim(),
  };
  return typed[auth.kind] === '' ? AUTH_SECRET_PATH[auth.kind] : null;
};

/** Problems the schema cannot see: missing write-only secrets, a schedule without a cadence. */
const formOnlyErrors = (state: FeedFormState, purpose: 'save' | 'test'): FieldErrors => {
  const errors: Record<string, FieldError> = {};
  const pushCredential = purpose === 'save' ? missingPushCredential(state) : null;
  if (pushCredential) errors[pushCredential] = REQUIRED;
  const pollSecret = missingPollSecret(state);
  if (pollSecret) errors[pollSecret] = REQUIRED;
  if (
    purpose === 'save' &&
    state.adapter === 'http-poll' &&
    state.httpPoll.schedule === 'cron' &&
    state.cadenceKind === ''
  ) {
    errors.cadence = { key: 'validation.cronNeedsCadence' };
  }
  return errors;
};

/**
 * Validates the form with the shared `FeedInputSchema`, exactly as the server will, plus what
 * only the form knows: a new feed's secret or token, an HTTP poll's credential, the cadence a
 * cron schedule needs. Field errors are keyed by the input's path (`config.url`,
 * `config.mapping.values.0.path`).
 */
export const validateFeedForm = (
  state: FeedFormState,
  purpose: 'save' | 'test' = 'save',
): FeedFormResult => {
  const candidate = feedInputCandidate(state);
  const parsed = FeedInputSchema.safeParse(candidate);
  const extra = formOnlyErrors(state, purpose);
  const hasExtra = Object.keys(extra).length > 0;
  if (parsed.success && !hasExtra) return { ok: true, input: parsed.data };
  const errors = parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues, candidate);
  return { ok: false, errors: { ...extra, ...errors } };
};

/**
 * What a test run can take instead of reaching the source: a JSON body (webhook, NGSI: needed,
 * they are pushed to us), a CAP message (XML), an HTTP poll's answer pasted as text (optional:
 * without it the URL is fetched), one MQTT message (optional: without it the server listens
 * on the broker for a few seconds).
 */
export type SampleKind = 'json' | 'xml' | 'text' | 'mqtt';

export const sampleKind = (state: FeedFormState): SampleKind | null => {
  switch (state.adapter) {
    case 'http-poll':
      return 'text';
    case 'webhook':
    case 'ngsi':
      return 'json';
    case 'cap':
      return state.capMode === 'push' ? 'xml' : null;
    case 'mqtt':
      return 'mqtt';
  }
};

export type SampleResult = { ok: true; sample: unknown } | { ok: false; errors: FieldErrors };

/**
 * The pasted sample as the test endpoint takes it: parsed JSON for webhook and NGSI, the text
 * itself for CAP and HTTP polls (the server decodes it as the feed's format); nothing when the
 * box is empty (the server then fetches, or says what it needs).
 */
export const parseSample = (text: string, kind: 'json' | 'xml' | 'text'): SampleResult => {
  if (text.trim() === '') return { ok: true, sample: undefined };
  if (kind !== 'json') return { ok: true, sample: text };
  try {
    return { ok: true, sample: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: { sample: { key: 'validation.json', params: { message } } } };
  }
};

/**
 * One MQTT message for a test run: its topic and its payload as text (the server reads the
 * bytes as a broker would deliver them). Both empty: no sample, the server listens on the
 * broker instead. The topic must be one the feed subscribes to.
 */
export const parseMqttSample = (
  state: FeedFormState,
  topic: string,
  payload: string,
): SampleResult => {
  const name = topic.trim();
  if (name === '' && payload.trim() === '') return { ok: true, sample: undefined };
  if (name === '') return { ok: false, errors: { 'sample.topic': REQUIRED } };
  if (/[+#]/.test(name)) {
    return { ok: false, errors: { 'sample.topic': { key: 'validation.sampleTopicWildcard' } } };
  }
  if (!state.mqtt.topics.some((row) => topicMatches(row.filter.trim(), name))) {
    return { ok: false, errors: { 'sample.topic': { key: 'validation.sampleTopicUnmatched' } } };
  }
  if (payload.trim() === '') return { ok: false, errors: { 'sample.payload': REQUIRED } };
  return { ok: true, sample: { topic: name, payload } };
};
