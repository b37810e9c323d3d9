import type { FeedView } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { translate } from '../../../lib/i18n';
import {
  emptyFeedForm,
  type FeedFormState,
  feedFormFromView,
  feedInputCandidate,
  mqttClientIdFor,
  parseMqttSample,
  parseSample,
  sampleKind,
  validateFeedForm,
  withFeedId,
  withPollSchedule,
  withTopicAdded,
  withTopicRemoved,
  withValueAdded,
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
    format: 'json',
    auth: { kind: 'none' },
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
        format: 'json',
        auth: { kind: 'none' },
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

describe('sampleKind and parseSample', () => {
  it.each([
    ['http-poll', 'push', 'text'],
    ['webhook', 'push', 'json'],
    ['ngsi', 'push', 'json'],
    ['cap', 'push', 'xml'],
    ['cap', 'poll', null],
    ['mqtt', 'push', 'mqtt'],
  ] as const)('asks a %s feed (%s) for a %s sample', (adapter, capMode, expected) => {
    expect(sampleKind({ ...emptyFeedForm(adapter), capMode })).toBe(expected);
  });

  it('parses a JSON sample, keeps CAP and polled samples as text, sends nothing for an empty box', () => {
    expect(parseSample('{"a":1}', 'json')).toEqual({ ok: true, sample: { a: 1 } });
    expect(parseSample('<alert/>', 'xml')).toEqual({ ok: true, sample: '<alert/>' });
    expect(parseSample('id,pm25\nA,12\n', 'text')).toEqual({
      ok: true,
      sample: 'id,pm25\nA,12\n',
    });
    expect(parseSample('  ', 'json')).toEqual({ ok: true, sample: undefined });
    const broken = parseSample('{', 'json');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.errors.sample?.key).toBe('validation.json');
  });
});

const errorsOf = (state: FeedFormState, purpose: 'save' | 'test' = 'save') => {
  const result = validateFeedForm(state, purpose);
  return result.ok ? {} : result.errors;
};

/** The input of a form that must be valid; fails the test with its errors otherwise. */
const inputOf = (state: FeedFormState, purpose: 'save' | 'test' = 'save') => {
  const result = validateFeedForm(state, purpose);
  if (!result.ok) throw new Error(`form invalid: ${JSON.stringify(result.errors)}`);
  return result.input;
};

const pollConfigOf = (state: FeedFormState) => {
  const input = inputOf(state);
  if (input.adapter !== 'http-poll') throw new Error(`not an http-poll: ${input.adapter}`);
  return input.config;
};

const csvView: FeedView = {
  ...httpPollView,
  id: 'feed:air-csv',
  config: {
    url: 'https://opendata.example.vn/air.csv',
    intervalSeconds: 300,
    timeoutMs: 10_000,
    format: 'csv',
    auth: { kind: 'none' },
    mapping: {
      itemsPath: '',
      subjectPath: 'ma_tram',
      subjectPrefix: 'site:',
      values: [{ indicatorId: 'air.pm25', path: 'pm25' }],
    },
  },
};

const geojsonView: FeedView = {
  ...httpPollView,
  id: 'feed:air-geo',
  cadence: { kind: 'daily-before', localTime: '17:00' },
  config: {
    url: 'https://gis.example.vn/air.geojson',
    intervalSeconds: 600,
    cron: '30 16 * * 1-5',
    timeoutMs: 20_000,
    format: 'geojson',
    auth: { kind: 'header', name: 'X-Api-Key' },
    mapping: {
      itemsPath: '',
      subjectPath: 'id',
      timePath: 'properties.observedAt',
      values: [
        { indicatorId: 'air.pm25', path: 'properties.pm25' },
        { indicatorId: 'air.lon', path: 'lon' },
      ],
    },
  },
};

describe('HTTP poll format, schedule and credentials', () => {
  it.each([
    ['a CSV poll', csvView],
    ['a cron-scheduled GeoJSON poll with a stored header credential', geojsonView],
  ])('gives back %s unchanged when nothing was edited', (_, view) => {
    expect(inputOf(feedFormFromView(view))).toEqual(view);
  });

  it('fills the format, the schedule and the credential kind from the view', () => {
    const state = feedFormFromView(geojsonView);
    expect(state.httpPoll).toEqual({
      format: 'geojson',
      schedule: 'cron',
      cron: '30 16 * * 1-5',
      auth: {
        kind: 'header',
        headerName: 'X-Api-Key',
        headerValue: '',
        username: '',
        password: '',
        token: '',
        stored: { kind: 'header', name: 'X-Api-Key' },
      },
    });
  });

  it.each(['csv', 'geojson'] as const)(
    'sends no items path for %s (the records are the rows or features) but keeps what was typed',
    (format) => {
      const state = validNewPoll({ httpPoll: { ...emptyFeedForm().httpPoll, format } });
      const config = pollConfigOf(state);
      expect([config.format, config.mapping.itemsPath]).toEqual([format, '']);
      expect(state.mapping.itemsPath).toBe('stations');
      expect(pollConfigOf(validNewPoll()).mapping.itemsPath).toBe('stations');
    },
  );

  it('sends the cron expression only when the poll is scheduled by cron', () => {
    const cron = withPollSchedule(validNewPoll(), 'cron');
    const typed = { ...cron, httpPoll: { ...cron.httpPoll, cron: ' 30 16 * * 1-5 ' } };
    expect(pollConfigOf(typed).cron).toBe('30 16 * * 1-5');
    const back = withPollSchedule(typed, 'interval');
    expect('cron' in pollConfigOf(back)).toBe(false);
  });

  it('proposes a daily-before-17:00 cadence when switching to cron without one', () => {
    const state = withPollSchedule(validNewPoll(), 'cron');
    expect([state.cadenceKind, state.cadenceLocalTime]).toEqual(['daily-before', '17:00']);
    const declared = withPollSchedule(
      validNewPoll({ cadenceKind: 'interval', cadenceSeconds: '3600' }),
      'cron',
    );
    expect([declared.cadenceKind, declared.cadenceSeconds]).toEqual(['interval', '3600']);
  });

  it('refuses to save a cron schedule without a cadence, in both languages', () => {
    const scheduled = withPollSchedule(validNewPoll(), 'cron');
    const state: FeedFormState = {
      ...scheduled,
      cadenceKind: '',
      httpPoll: { ...scheduled.httpPoll, cron: '30 16 * * 1-5' },
    };
    const error = errorsOf(state).cadence;
    expect(error).toEqual({ key: 'validation.cronNeedsCadence' });
    expect(translate('vi', 'validation.cronNeedsCadence')).toContain('17:00');
    expect(translate('en', 'validation.cronNeedsCadence')).toContain('cadence');
    // A dry run does not need the cadence; the same schedule with one saves.
    expect(errorsOf(state, 'test')).toEqual({});
    expect(errorsOf({ ...state, cadenceKind: 'daily-before', cadenceLocalTime: '17:00' })).toEqual(
      {},
    );
  });

  it('explains a cron expression without five fields', () => {
    const scheduled = withPollSchedule(validNewPoll(), 'cron');
    const state = { ...scheduled, httpPoll: { ...scheduled.httpPoll, cron: '30 16 * *' } };
    expect(errorsOf(state)['config.cron']).toEqual({ key: 'validation.cron' });
    const empty = { ...scheduled, httpPoll: { ...scheduled.httpPoll, cron: '  ' } };
    expect(errorsOf(empty)['config.cron']).toEqual({ key: 'validation.required' });
  });

  type SecretKind = 'header' | 'basic' | 'bearer';
  const credentialCases: readonly {
    kind: SecretKind;
    stored: FeedFormState['httpPoll']['auth']['stored'];
    fill: (secret: string) => Partial<FeedFormState['httpPoll']['auth']>;
    secretKey: 'value' | 'password' | 'token';
    path: string;
  }[] = [
    {
      kind: 'header',
      stored: { kind: 'header', name: 'X-Api-Key' },
      fill: (secret) => ({ headerName: 'X-Api-Key', headerValue: secret }),
      secretKey: 'value',
      path: 'config.auth.value',
    },
    {
      kind: 'basic',
      stored: { kind: 'basic', username: 'ioc' },
      fill: (secret) => ({ username: 'ioc', password: secret }),
      secretKey: 'password',
      path: 'config.auth.password',
    },
    {
      kind: 'bearer',
      stored: { kind: 'bearer' },
      fill: (secret) => ({ token: secret }),
      secretKey: 'token',
      path: 'config.auth.token',
    },
  ];

  const withAuth = (
    state: FeedFormState,
    patch: Partial<FeedFormState['httpPoll']['auth']>,
  ): FeedFormState => ({
    ...state,
    httpPoll: { ...state.httpPoll, auth: { ...state.httpPoll.auth, ...patch } },
  });

  const editedPoll = (stored: FeedFormState['httpPoll']['auth']['stored']) =>
    withAuth({ ...validNewPoll(), editingId: 'feed:new' }, { stored });

  describe.each(credentialCases)(
    'a $kind credential',
    ({ kind, stored, fill, secretKey, path }) => {
      it('is required on create, for saving and for a test run', () => {
        const state = withAuth(validNewPoll(), { kind, ...fill('') });
        expect(errorsOf(state)[path]).toEqual({ key: 'validation.required' });
        expect(errorsOf(state, 'test')[path]).toEqual({ key: 'validation.required' });
      });

      it('is sent when typed on create', () => {
        const state = withAuth(validNewPoll(), { kind, ...fill('s3cret-value') });
        const auth = pollConfigOf(state).auth as Record<string, unknown>;
        expect([auth.kind, auth[secretKey]]).toEqual([kind, 's3cret-value']);
      });

      it('is left out of an edit when its input is empty, so the server keeps the stored one', () => {
        const state = withAuth(editedPoll(stored), { kind, ...fill('') });
        const auth = pollConfigOf(state).auth;
        expect(auth.kind).toBe(kind);
        expect(secretKey in auth).toBe(false);
      });

      it('replaces the stored one when a new one is typed on edit', () => {
        const state = withAuth(editedPoll(stored), { kind, ...fill('n3w-value') });
        expect((pollConfigOf(state).auth as Record<string, unknown>)[secretKey]).toBe('n3w-value');
      });

      it('is required again on edit when the stored credential is of another kind', () => {
        const other = kind === 'bearer' ? credentialCases[0]?.stored : { kind: 'bearer' as const };
        const state = withAuth(editedPoll(other ?? null), { kind, ...fill('') });
        expect(errorsOf(state)[path]).toEqual({ key: 'validation.required' });
      });
    },
  );

  it('asks for the header value again when the header name changed', () => {
    const state = withAuth(editedPoll({ kind: 'header', name: 'X-Api-Key' }), {
      kind: 'header',
      headerName: 'Authorization-Token',
      headerValue: '',
    });
    expect(errorsOf(state)['config.auth.value']).toEqual({ key: 'validation.required' });
    // Only the letter case differs: the same header, the stored value still applies.
    const sameName = withAuth(state, { headerName: 'x-api-key' });
    expect(errorsOf(sameName)).toEqual({});
  });

  it('sends no credential fields for "none", whatever the hidden inputs hold', () => {
    const state = withAuth(validNewPoll(), { kind: 'none', token: 'left-over', password: 'x' });
    expect(pollConfigOf(state).auth).toEqual({ kind: 'none' });
  });

  it('explains a header name the poller sets itself and a value with a line break', () => {
    const state = withAuth(validNewPoll(), {
      kind: 'header',
      headerName: 'Host',
      headerValue: 'a\nb',
    });
    const errors = errorsOf(state);
    expect(errors['config.auth.name']).toEqual({ key: 'validation.headerReserved' });
    expect(errors['config.auth.value']).toEqual({ key: 'validation.noControlCharacters' });
  });
});

const mqttView: FeedView = {
  id: 'feed:water-mqtt',
  name: 'Mực nước (MQTT)',
  departmentId: 'dept-tnmt',
  enabled: true,
  cadence: { kind: 'interval', seconds: 300 },
  adapter: 'mqtt',
  config: {
    url: 'mqtts://broker.example.vn:8883',
    clientId: 'city-ioc-feed-water-mqtt',
    protocolVersion: 4,
    username: 'ioc',
    hasPassword: true,
    topics: [
      {
        filter: 'hcmc/water/+/level',
        subjectFromTopicLevel: 2,
        mapping: {
          itemsPath: '',
          subjectPrefix: 'site:',
          values: [{ indicatorId: 'water.level_cm', path: 'levelCm' }],
        },
      },
      {
        filter: 'hcmc/air/#',
        mapping: {
          itemsPath: 'readings',
          subjectPath: 'station',
          timePath: 'ts',
          values: [
            { indicatorId: 'air.pm25', path: 'pm25' },
            { indicatorId: 'air.aqi', path: 'aqi' },
          ],
        },
      },
    ],
  },
};

const mqttConfigOf = (state: FeedFormState) => {
  const input = inputOf(state);
  if (input.adapter !== 'mqtt') throw new Error(`not an mqtt feed: ${input.adapter}`);
  return input.config;
};

const validNewMqtt = (): FeedFormState => {
  const blank = withFeedId(emptyFeedForm('mqtt'), 'feed:new-mqtt');
  const [topic] = blank.mqtt.topics;
  if (!topic) throw new Error('a blank MQTT form has one topic');
  return {
    ...blank,
    name: 'Trạm MQTT',
    departmentId: 'dept-tnmt',
    mqtt: {
      ...blank.mqtt,
      url: 'mqtt://broker.example.vn:1883',
      topics: [
        {
          ...topic,
          filter: 'hcmc/water/+/level',
          mapping: {
            ...topic.mapping,
            values: [{ key: 99, indicatorId: 'water.level_cm', path: 'levelCm' }],
          },
        },
      ],
    },
  };
};

describe('MQTT feeds', () => {
  it('gives back the topics, protocol and user name unchanged, keeping the stored password', () => {
    if (mqttView.adapter !== 'mqtt') throw new Error('unreachable');
    const { hasPassword, ...kept } = mqttView.config;
    expect(hasPassword).toBe(true);
    const input = inputOf(feedFormFromView(mqttView));
    expect(input).toEqual({ ...mqttView, config: kept });
    expect('password' in input.config).toBe(false);
  });

  it('fills the topic rows, with the subject level as text', () => {
    const state = feedFormFromView(mqttView);
    expect(state.mqtt.topics.map((topic) => [topic.filter, topic.subjectFromTopicLevel])).toEqual([
      ['hcmc/water/+/level', '2'],
      ['hcmc/air/#', ''],
    ]);
    expect([state.mqtt.protocolVersion, state.mqtt.hasStoredPassword, state.mqtt.password]).toEqual(
      ['4', true, ''],
    );
  });

  it('sends a typed password, null when the stored one is removed, and nothing otherwise', () => {
    const state = feedFormFromView(mqttView);
    const withMqtt = (patch: Partial<FeedFormState['mqtt']>) => ({
      ...state,
      mqtt: { ...state.mqtt, ...patch },
    });
    expect(mqttConfigOf(withMqtt({ password: ' new pass ' })).password).toBe(' new pass ');
    expect(mqttConfigOf(withMqtt({ removePassword: true })).password).toBeNull();
    // A typed password wins over "remove": the administrator replaced it.
    expect(mqttConfigOf(withMqtt({ removePassword: true, password: 'p' })).password).toBe('p');
    expect('password' in mqttConfigOf(withMqtt({ removePassword: false }))).toBe(false);
    // Nothing stored: "remove" has nothing to remove, so nothing is sent.
    expect(
      'password' in mqttConfigOf(withMqtt({ hasStoredPassword: false, removePassword: true })),
    ).toBe(false);
  });

  it('saves a new feed without a password (brokers may not ask for one)', () => {
    const config = mqttConfigOf(validNewMqtt());
    expect(config).toEqual({
      url: 'mqtt://broker.example.vn:1883',
      clientId: 'city-ioc-feed-new-mqtt',
      protocolVersion: 5,
      topics: [
        {
          filter: 'hcmc/water/+/level',
          mapping: { itemsPath: '', values: [{ indicatorId: 'water.level_cm', path: 'levelCm' }] },
        },
      ],
    });
  });

  it('proposes a client id from the feed id until the administrator types their own', () => {
    expect(mqttClientIdFor('feed:Sim Water')).toBe('city-ioc-feed-sim-water');
    expect(mqttClientIdFor('Trạm:Đồng Nai')).toBe('city-ioc-tram-dong-nai');
    expect(mqttClientIdFor('x'.repeat(100))).toHaveLength(64);
    expect(mqttClientIdFor('  ')).toBe('');
    let state = withFeedId(emptyFeedForm('mqtt'), 'feed:a');
    state = withFeedId(state, 'feed:ab');
    expect(state.mqtt.clientId).toBe('city-ioc-feed-ab');
    state = { ...state, mqtt: { ...state.mqtt, clientId: 'ioc-legacy' } };
    expect(withFeedId(state, 'feed:abc').mqtt.clientId).toBe('ioc-legacy');
  });

  it('adds and removes topics within 1..20, each with its own value rows', () => {
    let state = validNewMqtt();
    expect(withTopicRemoved(state, state.mqtt.topics[0]?.key ?? -1).mqtt.topics).toHaveLength(1);
    for (let i = 0; i < 25; i++) state = withTopicAdded(state);
    expect(state.mqtt.topics).toHaveLength(20);
    const keys = state.mqtt.topics.flatMap((topic) => [
      topic.key,
      ...topic.mapping.values.map((row) => row.key),
    ]);
    expect(new Set(keys).size).toBe(keys.length);
    const second = state.mqtt.topics[1];
    if (!second) throw new Error('expected a second topic');
    const grown = withValueAdded(state, second.key);
    expect(grown.mqtt.topics.map((topic) => topic.mapping.values.length).slice(0, 3)).toEqual([
      1, 2, 1,
    ]);
    expect(grown.mapping.values).toHaveLength(1);
    const removed = withTopicRemoved(grown, second.key);
    expect(removed.mqtt.topics.map((topic) => topic.key)).not.toContain(second.key);
    expect(removed.mqtt.topics).toHaveLength(19);
  });

  it('keys errors by topic and explains broker URL, filters and topic levels', () => {
    const base = validNewMqtt();
    const [first] = base.mqtt.topics;
    if (!first) throw new Error('expected a topic');
    const state: FeedFormState = {
      ...base,
      mqtt: {
        ...base.mqtt,
        url: 'http://broker.example.vn',
        clientId: 'has space',
        topics: [
          { ...first, subjectFromTopicLevel: '7' },
          { ...first, key: 100, filter: 'hcmc/water/+/level', subjectFromTopicLevel: '' },
          { ...first, key: 101, filter: 'hcmc/#/level', subjectFromTopicLevel: '' },
        ],
      },
    };
    const errors = errorsOf(state);
    expect(errors['config.url']).toEqual({ key: 'validation.brokerUrl' });
    expect(errors['config.clientId']).toEqual({ key: 'validation.clientId' });
    expect(errors['config.topics.0.subjectFromTopicLevel']).toEqual({
      key: 'validation.topicLevel',
      params: { levels: 4, max: 3 },
    });
    expect(errors['config.topics.1.filter']).toEqual({ key: 'validation.topicDuplicate' });
    expect(errors['config.topics.2.filter']).toEqual({ key: 'validation.topicFilter' });
    expect(translate('vi', 'validation.topicLevel', { levels: 4, max: 3 })).toBe(
      'Bộ lọc chỉ có 4 cấp: chọn từ 0 đến 3',
    );
  });

  it('refuses credentials written into the broker URL', () => {
    const base = validNewMqtt();
    const state = { ...base, mqtt: { ...base.mqtt, url: 'mqtt://ioc:pw@broker.example.vn:1883' } };
    expect(errorsOf(state)['config.url']).toEqual({ key: 'validation.brokerUrlCredentials' });
  });

  it('takes one sample message, or none so the server listens on the broker', () => {
    const state = validNewMqtt();
    expect(parseMqttSample(state, ' ', '  ')).toEqual({ ok: true, sample: undefined });
    expect(parseMqttSample(state, 'hcmc/water/wl-01/level', '{"levelCm": 12}')).toEqual({
      ok: true,
      sample: { topic: 'hcmc/water/wl-01/level', payload: '{"levelCm": 12}' },
    });
    expect(parseMqttSample(state, '', '{}')).toEqual({
      ok: false,
      errors: { 'sample.topic': { key: 'validation.required' } },
    });
    expect(parseMqttSample(state, 'hcmc/water/wl-01/level', ' ')).toEqual({
      ok: false,
      errors: { 'sample.payload': { key: 'validation.required' } },
    });
    expect(parseMqttSample(state, 'hcmc/air/x', '{}')).toEqual({
      ok: false,
      errors: { 'sample.topic': { key: 'validation.sampleTopicUnmatched' } },
    });
    expect(parseMqttSample(state, 'hcmc/water/+/level', '{}')).toEqual({
      ok: false,
      errors: { 'sample.topic': { key: 'validation.sampleTopicWildcard' } },
    });
  });
});
