import {
  type FeedAdapter,
  type FeedCadence,
  type FeedInput,
  FeedInputSchema,
  type FeedView,
  type NgsiMapping,
} from '@city-ioc/shared';
import { type FieldErrors, fieldErrorsFromIssues } from './form-errors';

/**
 * The feed form as the administrator types it: every input is text (numbers included), so a
 * half-typed value is kept as typed and validated only when sent. Fields of every adapter are
 * kept, so switching the adapter while creating loses nothing. Pure conversions only.
 */

export const FEED_ADAPTERS: readonly FeedAdapter[] = ['http-poll', 'webhook', 'cap', 'ngsi'];

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
  /** JSON mapping of http-poll and webhook feeds. */
  mapping: {
    itemsPath: string;
    subjectPath: string;
    subjectPrefix: string;
    timePath: string;
    values: ValueRow[];
  };
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
  mapping: {
    itemsPath: '',
    subjectPath: '',
    subjectPrefix: '',
    timePath: '',
    values: [{ key: 0, indicatorId: '', path: '' }],
  },
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
  nextKey: 2,
});

const pollFields = (poll: { url: string; intervalSeconds: number; timeoutMs: number }) => ({
  url: poll.url,
  intervalSeconds: String(poll.intervalSeconds),
  timeoutMs: String(poll.timeoutMs),
});

/** The form for editing a feed, filled from what the API shows of it (never its secrets). */
export const feedFormFromView = (view: FeedView): FeedFormState => {
  const blank = emptyFeedForm(view.adapter);
  let nextKey = blank.nextKey;
  const key = () => nextKey++;
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
    case 'webhook': {
      const { mapping } = view.config;
      state.mapping = {
        itemsPath: mapping.itemsPath,
        subjectPath: mapping.subjectPath ?? '',
        subjectPrefix: mapping.subjectPrefix ?? '',
        timePath: mapping.timePath ?? '',
        values: mapping.values.map((value) => ({ key: key(), ...value })),
      };
      if (view.adapter === 'http-poll') state.poll = pollFields(view.config);
      else state.secrets = { ...blank.secrets, configuredCount: view.config.secretCount };
      break;
    }
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
  }
  return { ...state, nextKey };
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

const cadenceInput = (state: FeedFormState) => {
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

const configInput = (state: FeedFormState): Record<string, unknown> => {
  const jsonMapping = () =>
    compact({
      itemsPath: state.mapping.itemsPath.trim(),
      subjectPath: optionalText(state.mapping.subjectPath),
      subjectPrefix: optionalText(state.mapping.subjectPrefix),
      timePath: optionalText(state.mapping.timePath),
      values: state.mapping.values.map((row) => ({
        indicatorId: row.indicatorId,
        path: row.path.trim(),
      })),
    });
  switch (state.adapter) {
    case 'http-poll':
      return { ...pollInput(state.poll), mapping: jsonMapping() };
    case 'webhook':
      return compact({ secrets: secretsInput(state), mapping: jsonMapping() });
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

/**
 * The write-only credential a new feed cannot be saved without (the schema allows leaving it
 * out, which on an edit means "keep"). A test run does not need it.
 */
const missingCredential = (state: FeedFormState): string | null => {
  if (state.editingId !== null) return null;
  if (state.adapter === 'webhook' && secretsInput(state) === undefined) return 'config.secrets.0';
  const needsToken =
    state.adapter === 'ngsi' || (state.adapter === 'cap' && state.capMode === 'push');
  if (needsToken && tokenInput(state) === undefined) return 'config.token';
  return null;
};

/**
 * Validates the form with the shared `FeedInputSchema`, exactly as the server will, and, when
 * saving a new push feed, asks for its secret or token. Field errors are keyed by the input's
 * path (`config.url`, `config.mapping.values.0.path`).
 */
export const validateFeedForm = (
  state: FeedFormState,
  purpose: 'save' | 'test' = 'save',
): FeedFormResult => {
  const candidate = feedInputCandidate(state);
  const parsed = FeedInputSchema.safeParse(candidate);
  const missing = purpose === 'save' ? missingCredential(state) : null;
  if (parsed.success && !missing) return { ok: true, input: parsed.data };
  const errors = parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues, candidate);
  return {
    ok: false,
    errors: missing ? { [missing]: { key: 'validation.required' }, ...errors } : errors,
  };
};

/** Whether the adapter needs a pasted sample to be tested (it is pushed to us, not polled). */
export const sampleFormat = (state: FeedFormState): 'json' | 'xml' | null => {
  switch (state.adapter) {
    case 'http-poll':
      return null;
    case 'webhook':
    case 'ngsi':
      return 'json';
    case 'cap':
      return state.capMode === 'push' ? 'xml' : null;
  }
};

export type SampleResult = { ok: true; sample: unknown } | { ok: false; message: string };

/**
 * The pasted sample as the test endpoint takes it: parsed JSON for webhook and NGSI, the XML
 * text itself for CAP; nothing when the box is empty (the server then says what it needs).
 */
export const parseSample = (text: string, format: 'json' | 'xml'): SampleResult => {
  if (text.trim() === '') return { ok: true, sample: undefined };
  if (format === 'xml') return { ok: true, sample: text };
  try {
    return { ok: true, sample: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
};
