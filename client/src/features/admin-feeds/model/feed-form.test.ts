import type { FeedView } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { translate } from '../../../lib/i18n';
import {
  emptyFeedForm,
  type FeedFormState,
  feedFormFromView,
  feedInputCandidate,
  parseSample,
  sampleFormat,
  validateFeedForm,
} from './feed-form';

const mapping = {
  itemsPath: 'stations',
  subjectPath: 'stationId',
  subjectPrefix: 'site:',
  timePath: 'observedAt',
  values: [{ indicatorId: 'water.level_cm', path: 'levelCm' }],
};

const httpPollView: FeedView = {
  id: 'feed:water',
  name: 'Mực nước',
  departmentId: 'dept-tnmt',
  enabled: true,
  adapter: 'http-poll',
  config: {
    url: 'http://127.0.0.1:8096/sim/water',
    intervalSeconds: 10,
    timeoutMs: 5_000,
    mapping,
  },
};

const webhookView: FeedView = {
  id: 'feed:portal',
  name: 'Cổng dịch vụ công',
  departmentId: 'dept-ict',
  enabled: false,
  cadence: { kind: 'daily-before', localTime: '17:00' },
  adapter: 'webhook',
  config: { mapping, secretCount: 2 },
};

const ngsiView: FeedView = {
  id: 'feed:flood',
  name: 'Ngập',
  departmentId: 'dept-tnmt',
  enabled: true,
  cadence: { kind: 'interval', seconds: 600 },
  adapter: 'ngsi',
  config: {
    hasToken: true,
    mapping: {
      entityTypes: ['FloodMonitoring'],
      subjectPrefix: 'site:',
      idPattern: '^urn:ngsi-ld:FloodMonitoring:(.+)$',
      subjectMap: { 'urn:x': 'site:x' },
      timeAttributes: ['observationDateTime'],
      attributes: [{ attribute: 'currentLevel', indicatorId: 'water.level_cm', scale: 100 }],
    },
    reconcile: {
      url: 'https://broker.example/ngsi-ld/v1/entities',
      intervalSeconds: 300,
      timeoutMs: 10_000,
    },
  },
};

const capPushView: FeedView = {
  id: 'feed:cap',
  name: 'Cảnh báo thiên tai',
  departmentId: 'dept-tnmt',
  enabled: true,
  adapter: 'cap',
  config: { mode: 'push', hasToken: true },
};

const validNewPoll = (overrides: Partial<FeedFormState> = {}): FeedFormState => ({
  ...emptyFeedForm('http-poll'),
  id: 'feed:new',
  name: ' Trạm mới ',
  departmentId: 'dept-tnmt',
  poll: { url: 'http://127.0.0.1:8096/sim/water', intervalSeconds: '10', timeoutMs: '' },
  mapping: {
    itemsPath: 'stations',
    subjectPath: 'stationId',
    subjectPrefix: '',
    timePath: '',
    values: [{ key: 0, indicatorId: 'water.level_cm', path: 'levelCm' }],
  },
  ...overrides,
});

describe('feedFormFromView and feedInputCandidate', () => {
  it.each([
    ['an http-poll feed', httpPollView],
    [
      'a CAP poll feed',
      {
        ...capPushView,
        config: {
          mode: 'poll',
          poll: { url: 'https://cap.example/feed.xml', intervalSeconds: 60, timeoutMs: 10_000 },
        },
      } as FeedView,
    ],
  ])('gives back %s unchanged when nothing was edited', (_, view) => {
    const { enabled, ...rest } = view;
    expect(validateFeedForm(feedFormFromView(view))).toEqual({
      ok: true,
      input: { ...rest, enabled },
    });
  });

  it('keeps the NGSI mapping, including the parts the form does not edit', () => {
    const result = validateFeedForm(feedFormFromView(ngsiView));
    expect(result).toEqual({
      ok: true,
      input: {
        id: 'feed:flood',
        name: 'Ngập',
        departmentId: 'dept-tnmt',
        enabled: true,
        cadence: { kind: 'interval', seconds: 600 },
        adapter: 'ngsi',
        config: { mapping: ngsiView.config.mapping, reconcile: ngsiView.config.reconcile },
      },
    });
  });

  it('fills the cadence fields from the view', () => {
    const state = feedFormFromView(webhookView);
    expect([state.cadenceKind, state.cadenceLocalTime, state.enabled]).toEqual([
      'daily-before',
      '17:00',
      false,
    ]);
  });

  it('leaves the webhook secrets out when none was typed, so the server keeps its own', () => {
    const state = feedFormFromView(webhookView);
    expect(state.secrets.configuredCount).toBe(2);
    const result = validateFeedForm(state);
    expect(
      result.ok && result.input.adapter === 'webhook' && 'secrets' in result.input.config,
    ).toBe(false);
  });

  it('sends the typed secrets when the administrator replaces them', () => {
    const state = feedFormFromView(webhookView);
    const replaced = {
      ...state,
      secrets: {
        ...state.secrets,
        replacement: ' whsec_bmV3LXNlY3JldC0xMjM0NTY3ODkw ',
        second: '',
      },
    };
    expect(feedInputCandidate(replaced).config).toEqual({
      secrets: ['whsec_bmV3LXNlY3JldC0xMjM0NTY3ODkw'],
      mapping,
    });
  });

  it('leaves the push token out of an edit unless a new one was typed', () => {
    const state = feedFormFromView(capPushView);
    expect(feedInputCandidate(state).config).toEqual({ mode: 'push' });
    const token = 'a'.repeat(43);
    expect(
      feedInputCandidate({ ...state, token: { isConfigured: true, replacement: token } }).config,
    ).toEqual({ mode: 'push', token });
  });

  it('keeps the id of the feed being edited whatever the id field says', () => {
    const state = { ...feedFormFromView(httpPollView), id: 'changed' };
    expect(feedInputCandidate(state).id).toBe('feed:water');
  });

  it('parses numbers, trims text and leaves empty optional fields out', () => {
    expect(feedInputCandidate(validNewPoll())).toEqual({
      id: 'feed:new',
      name: 'Trạm mới',
      departmentId: 'dept-tnmt',
      enabled: true,
      adapter: 'http-poll',
      config: {
        url: 'http://127.0.0.1:8096/sim/water',
        intervalSeconds: 10,
        timeoutMs: undefined,
        mapping: {
          itemsPath: 'stations',
          subjectPath: 'stationId',
          values: [{ indicatorId: 'water.level_cm', path: 'levelCm' }],
        },
      },
    });
  });

  it('applies the schema default timeout when the field is empty', () => {
    const result = validateFeedForm(validNewPoll());
    expect(result.ok && result.input.adapter === 'http-poll' && result.input.config.timeoutMs).toBe(
      10_000,
    );
  });
});

describe('validateFeedForm', () => {
  const errorsOf = (state: FeedFormState, purpose: 'save' | 'test' = 'save') => {
    const result = validateFeedForm(state, purpose);
    return result.ok ? {} : result.errors;
  };

  it('marks every empty required field of a blank form as required', () => {
    const errors = errorsOf(emptyFeedForm('http-poll'));
    expect(Object.keys(errors).sort()).toEqual([
      'config.mapping.values.0.indicatorId',
      'config.mapping.values.0.path',
      'config.url',
      'departmentId',
      'id',
      'name',
    ]);
    for (const error of Object.values(errors)) expect(error.key).toBe('validation.required');
  });

  it.each([
    ['a missing name', { name: '  ' }, 'name', 'Bắt buộc', 'Required'],
    [
      'a bad id',
      { id: 'feed new' },
      'id',
      'Chỉ dùng chữ, số và . _ : -',
      'Use letters, digits and . _ : - only',
    ],
    [
      'a URL that is not http(s)',
      { poll: { url: 'ftp://example.com/x', intervalSeconds: '10', timeoutMs: '' } },
      'config.url',
      'URL không hợp lệ (http:// hoặc https://)',
      'Not a valid http:// or https:// URL',
    ],
    [
      'an interval that is not a number',
      { poll: { url: 'http://example.com/', intervalSeconds: 'ten', timeoutMs: '' } },
      'config.intervalSeconds',
      'Cần nhập một số',
      'Enter a number',
    ],
    [
      'a fractional interval',
      { poll: { url: 'http://example.com/', intervalSeconds: '1.5', timeoutMs: '' } },
      'config.intervalSeconds',
      'Cần một số nguyên',
      'Enter a whole number',
    ],
    [
      'a timeout below the minimum',
      { poll: { url: 'http://example.com/', intervalSeconds: '10', timeoutMs: '5' } },
      'config.timeoutMs',
      'Tối thiểu 100',
      'At least 100',
    ],
    [
      'an empty interval',
      { poll: { url: 'http://example.com/', intervalSeconds: '', timeoutMs: '' } },
      'config.intervalSeconds',
      'Bắt buộc',
      'Required',
    ],
    [
      'a daily cadence with a bad time',
      { cadenceKind: 'daily-before', cadenceLocalTime: '25:00' },
      'cadence.localTime',
      'Giờ theo dạng HH:mm (00:00–23:59)',
      'A time as HH:mm (00:00–23:59)',
    ],
    [
      'no values at all',
      {
        mapping: { itemsPath: '', subjectPath: '', subjectPrefix: '', timePath: '', values: [] },
      },
      'config.mapping.values',
      'Cần ít nhất 1 mục',
      'Add at least 1',
    ],
  ] as const)('explains %s in both languages', (_, overrides, path, vi, en) => {
    const error = errorsOf(validNewPoll(overrides as Partial<FeedFormState>))[path];
    expect(error).toBeDefined();
    if (!error) return;
    expect(translate('vi', error.key, error.params)).toBe(vi);
    expect(translate('en', error.key, error.params)).toBe(en);
  });

  it('asks for a secret before saving a new webhook feed, but not for a test run', () => {
    const state = { ...validNewPoll(), adapter: 'webhook' as const };
    expect(errorsOf(state)).toEqual({ 'config.secrets.0': { key: 'validation.required' } });
    expect(errorsOf(state, 'test')).toEqual({});
  });

  it('asks for a push token before saving a new NGSI feed', () => {
    const state: FeedFormState = {
      ...validNewPoll(),
      adapter: 'ngsi',
      ngsi: {
        ...emptyFeedForm().ngsi,
        attributes: [
          { key: 1, attribute: 'currentLevel', indicatorId: 'water.level_cm', scale: '' },
        ],
      },
    };
    expect(errorsOf(state)).toEqual({ 'config.token': { key: 'validation.required' } });
  });

  it('checks a typed secret against the schema', () => {
    const state = {
      ...validNewPoll(),
      adapter: 'webhook' as const,
      secrets: { configuredCount: 0, replacement: 'short', second: '' },
    };
    expect(errorsOf(state)['config.secrets.0']).toEqual({
      key: 'validation.minLength',
      params: { min: 16 },
    });
  });

  it('reports an invalid NGSI id pattern and a zero scale in the UI language', () => {
    const view = feedFormFromView(ngsiView);
    const state: FeedFormState = {
      ...view,
      ngsi: {
        ...view.ngsi,
        idPattern: '(unclosed',
        attributes: view.ngsi.attributes.map((row) => ({ ...row, scale: '0' })),
      },
    };
    const errors = errorsOf(state);
    expect(errors['config.mapping.idPattern']).toEqual({ key: 'validation.regex' });
    expect(errors['config.mapping.attributes.0.scale']).toEqual({ key: 'validation.notZero' });
  });
});

describe('sampleFormat and parseSample', () => {
  it.each([
    ['http-poll', 'push', null],
    ['webhook', 'push', 'json'],
    ['ngsi', 'push', 'json'],
    ['cap', 'push', 'xml'],
    ['cap', 'poll', null],
  ] as const)('asks a %s feed (%s) for a %s sample', (adapter, capMode, expected) => {
    expect(sampleFormat({ ...emptyFeedForm(adapter), capMode })).toBe(expected);
  });

  it('parses a JSON sample, keeps a CAP sample as text and sends nothing for an empty box', () => {
    expect(parseSample('{"a":1}', 'json')).toEqual({ ok: true, sample: { a: 1 } });
    expect(parseSample('<alert/>', 'xml')).toEqual({ ok: true, sample: '<alert/>' });
    expect(parseSample('  ', 'json')).toEqual({ ok: true, sample: undefined });
    expect(parseSample('{', 'json').ok).toBe(false);
  });
});
