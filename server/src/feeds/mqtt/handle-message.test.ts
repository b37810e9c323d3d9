import type { JsonMapping, MqttConfig, MqttTopic } from '@city-ioc/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mqttMessageToObservations } from './handle-message';

const NOW = '2026-11-23T03:00:00.000Z';
const AT = '2026-11-23T09:58:00+07:00';
const AT_UTC = '2026-11-23T02:58:00.000Z';

const levelMapping = (o: Partial<JsonMapping> = {}): JsonMapping => ({
  itemsPath: '',
  subjectPrefix: 'site:',
  timePath: 'at',
  values: [{ indicatorId: 'water.level_cm', path: 'level' }],
  ...o,
});
const topicEntry = (o: Partial<MqttTopic> = {}): MqttTopic => ({
  filter: 'hcmc/water/+/level',
  mapping: levelMapping(),
  subjectFromTopicLevel: 2,
  ...o,
});
const config = (...topics: MqttTopic[]): Pick<MqttConfig, 'topics'> => ({
  topics: topics.length > 0 ? topics : [topicEntry()],
});
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const level = (subjectId: string, value: number, observedAt = AT_UTC) => ({
  indicatorId: 'water.level_cm',
  subjectId,
  observedAt,
  value,
});

describe('mqttMessageToObservations', () => {
  it('takes the subject from the topic level when the payload has none', () => {
    expect(
      mqttMessageToObservations(
        'hcmc/water/wl-01/level',
        json({ at: AT, level: 171 }),
        config(),
        NOW,
      ),
    ).toEqual({
      ok: true,
      observations: [level('site:wl-01', 171)],
      problems: [],
      rejected: 0,
      receiptKey: null,
    });
  });

  it('maps a bare number payload by the "$" path, stamped with the fallback time', () => {
    const entry = topicEntry({
      mapping: levelMapping({
        timePath: undefined,
        values: [{ indicatorId: 'water.level_cm', path: '$' }],
      }),
    });
    const result = mqttMessageToObservations(
      'hcmc/water/wl-02/level',
      Buffer.from('158.5'),
      config(entry),
      NOW,
    );
    expect(result).toMatchObject({ ok: true, observations: [level('site:wl-02', 158.5, NOW)] });
  });

  it('prefers the payload subject and falls back to the topic level record by record', () => {
    const entry = topicEntry({
      filter: 'hcmc/water/+/batch',
      mapping: levelMapping({ itemsPath: 'readings', subjectPath: 'station.id' }),
    });
    const result = mqttMessageToObservations(
      'hcmc/water/wl-01/batch',
      json({
        readings: [
          { station: { id: 'wl-07' }, at: AT, level: 120 },
          { at: AT, level: 130 },
          { station: null, at: AT, level: 140 },
        ],
      }),
      config(entry),
      NOW,
    );
    expect(result).toMatchObject({
      ok: true,
      observations: [level('site:wl-07', 120), level('site:wl-01', 130), level('site:wl-01', 140)],
      rejected: 0,
    });
  });

  it('maps the payload subject without a topic level when none is configured', () => {
    const entry = topicEntry({
      filter: 'hcmc/water/all',
      subjectFromTopicLevel: undefined,
      mapping: levelMapping({ itemsPath: 'stations', subjectPath: 'id' }),
    });
    const result = mqttMessageToObservations(
      'hcmc/water/all',
      json({
        stations: [
          { id: 'wl-01', at: AT, level: 120 },
          { at: AT, level: 1 },
        ],
      }),
      config(entry),
      NOW,
    );
    expect(result).toMatchObject({
      ok: true,
      observations: [level('site:wl-01', 120)],
      problems: ['record 1: no subject at "id"'],
      rejected: 1,
    });
  });

  it('does not overwrite a payload value that is in the way of the subject', () => {
    const entry = topicEntry({ mapping: levelMapping({ subjectPath: 'station.id' }) });
    const result = mqttMessageToObservations(
      'hcmc/water/wl-01/level',
      json({ station: 'not-an-object', at: AT, level: 120 }),
      config(entry),
      NOW,
    );
    expect(result).toMatchObject({ ok: true, observations: [], rejected: 1 });
  });

  it('uses the first topic whose filter matches', () => {
    const specific = topicEntry({
      filter: 'hcmc/water/wl-01/level',
      mapping: levelMapping({ values: [{ indicatorId: 'water.level_cm', path: 'cm' }] }),
    });
    const result = mqttMessageToObservations(
      'hcmc/water/wl-01/level',
      json({ at: AT, cm: 99, level: 1 }),
      config(specific, topicEntry()),
      NOW,
    );
    expect(result).toMatchObject({ ok: true, observations: [level('site:wl-01', 99)] });
  });

  it.each([
    [
      'invalid JSON',
      'hcmc/water/wl-01/level',
      Buffer.from('{"level": 17'),
      'payload is not valid JSON (starts with "{\\"level\\": 17")',
    ],
    [
      'invalid UTF-8',
      'hcmc/water/wl-01/level',
      Buffer.from([0x7b, 0xff, 0x7d]),
      'payload is not UTF-8 text',
    ],
    [
      'an empty payload',
      'hcmc/water/wl-01/level',
      Buffer.alloc(0),
      'payload is not valid JSON (starts with "")',
    ],
    [
      'a topic no filter matches',
      'hcmc/air/aqi-01/level',
      json({ level: 1 }),
      'no configured topic filter matches "hcmc/air/aqi-01/level"',
    ],
    [
      'an empty subject level',
      'hcmc/water//level',
      json({ level: 1 }),
      'topic "hcmc/water//level" has no level 2',
    ],
    [
      'a subject level that is no id',
      'hcmc/water/wl 01/level',
      json({ level: 1 }),
      'topic level 2 ("wl 01") is not a valid subject id',
    ],
  ])('refuses %s', (_, topic, payload, reason) => {
    expect(mqttMessageToObservations(topic, payload, config(), NOW)).toEqual({ ok: false, reason });
  });

  it('refuses a document whose items are not an array', () => {
    const entry = topicEntry({ mapping: levelMapping({ itemsPath: 'readings' }) });
    expect(
      mqttMessageToObservations(
        'hcmc/water/wl-01/level',
        json({ readings: 3 }),
        config(entry),
        NOW,
      ),
    ).toEqual({ ok: false, reason: 'itemsPath "readings" is not an array in the answer' });
  });

  it('reports a value that is not a number and keeps the others', () => {
    const result = mqttMessageToObservations(
      'hcmc/water/wl-01/level',
      json([
        { at: AT, level: 'high' },
        { at: '2026-11-23T09:59:00+07:00', level: 161 },
      ]),
      config(),
      NOW,
    );
    expect(result).toMatchObject({
      ok: true,
      observations: [level('site:wl-01', 161, '2026-11-23T02:59:00.000Z')],
      problems: ['record 0: "level" is not a number'],
      rejected: 1,
      receiptKey: null,
    });
  });

  it('never throws, whatever the bytes and topic', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.oneof(fc.constant('hcmc/water/wl-01/level'), fc.string({ maxLength: 40 })),
        (bytes, topic) => {
          const result = mqttMessageToObservations(topic, Buffer.from(bytes), config(), NOW);
          return typeof result.ok === 'boolean';
        },
      ),
    );
  });

  it('gives the same observations for the same message: a redelivery stores nothing new', () => {
    const payload = json({ at: AT, level: 171 });
    const first = mqttMessageToObservations('hcmc/water/wl-01/level', payload, config(), NOW);
    const again = mqttMessageToObservations(
      'hcmc/water/wl-01/level',
      payload,
      config(),
      '2026-11-23T03:05:00.000Z',
    );
    expect(again).toEqual(first);
  });
});
