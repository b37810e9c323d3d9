import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MqttConfig, MqttConfigSchema, topicFilterProblem, topicMatches } from './mqtt';

const config = (o: Partial<MqttConfig> = {}): MqttConfig => ({
  url: 'mqtt://broker.tnmt.hochiminhcity.gov.vn:1883',
  protocolVersion: 5,
  clientId: 'city-ioc-feed-water',
  topics: [
    {
      filter: 'hcmc/water/+/level',
      mapping: {
        itemsPath: '',
        timePath: 'at',
        values: [{ indicatorId: 'water.level_cm', path: 'level' }],
      },
      subjectFromTopicLevel: 2,
    },
  ],
  ...o,
});
const withFilter = (filter: string, subjectFromTopicLevel?: number) =>
  config({
    topics: [
      {
        filter,
        mapping: { itemsPath: '', values: [{ indicatorId: 'water.level_cm', path: 'level' }] },
        ...(subjectFromTopicLevel === undefined ? {} : { subjectFromTopicLevel }),
      },
    ],
  });
const issues = (value: unknown) => {
  const parsed = MqttConfigSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe('topicMatches', () => {
  it.each([
    // filter, topic, matches
    ['hcmc/water/level', 'hcmc/water/level', true],
    ['hcmc/water/level', 'hcmc/water/Level', false],
    ['hcmc/water/level', 'hcmc/water', false],
    ['hcmc/water/level', 'hcmc/water/level/raw', false],
    ['hcmc/+/level', 'hcmc/water/level', true],
    ['hcmc/+/level', 'hcmc/water/wl-01/level', false],
    ['hcmc/+', 'hcmc/', true],
    ['hcmc/+', 'hcmc', false],
    ['+/+', '/finance', true],
    ['/+', '/finance', true],
    ['+', '/finance', false],
    ['+', 'hcmc', true],
    ['hcmc/#', 'hcmc', true],
    ['hcmc/#', 'hcmc/water', true],
    ['hcmc/#', 'hcmc/water/wl-01/level', true],
    ['hcmc/#', 'hcmcx/water', false],
    ['hcmc/+/#', 'hcmc/water', true],
    ['#', 'hcmc/water', true],
    ['#', '/', true],
    ['#', '$SYS/broker/uptime', false],
    ['+/broker/uptime', '$SYS/broker/uptime', false],
    ['$SYS/#', '$SYS/broker/uptime', true],
    ['$SYS/+/uptime', '$SYS/broker/uptime', true],
    ['hcmc/#', 'hcmc/+', false],
    ['#', '', false],
  ])('"%s" against topic "%s" → %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  const level = fc.stringMatching(/^[a-z0-9_-]{0,6}$/);
  const topic = fc
    .array(level, { minLength: 1, maxLength: 6 })
    .filter((levels) => levels.join('/') !== '');

  it('matches any topic against the filter that is the topic itself', () => {
    fc.assert(fc.property(topic, (levels) => topicMatches(levels.join('/'), levels.join('/'))));
  });

  it('matches a topic when any of its levels is replaced by + or its tail by #', () => {
    fc.assert(
      fc.property(topic, fc.nat(), (levels, n) => {
        const at = n % levels.length;
        const plus = levels.map((l, i) => (i === at ? '+' : l)).join('/');
        const hash = [...levels.slice(0, at), '#'].join('/');
        return topicMatches(plus, levels.join('/')) && topicMatches(hash, levels.join('/'));
      }),
    );
  });
});

describe('topicFilterProblem', () => {
  it.each([
    ['hcmc/water/+/level'],
    ['hcmc/#'],
    ['#'],
    ['+'],
    ['+/+/#'],
    ['/'],
    ['$SYS/#'],
    ['sở-tnmt/mực-nước'],
  ])('accepts "%s"', (filter) => {
    expect(topicFilterProblem(filter)).toBeNull();
  });

  it.each([
    ['', 'cannot be empty'],
    ['a/#/b', "'#' must be the last topic level"],
    ['#/a', "'#' must be the last topic level"],
    ['a/b#', "'#' must occupy a whole topic level"],
    ['a#', "'#' must occupy a whole topic level"],
    ['a+/b', "'+' must occupy a whole topic level"],
    ['a/+b', "'+' must occupy a whole topic level"],
    ['a/++', "'+' must occupy a whole topic level"],
    ['a/\u0000/b', 'control characters'],
    ['$share/ioc/hcmc/#', 'shared subscriptions'],
    ['a/'.repeat(200), 'at most 256 characters'],
  ])('refuses "%s" (%s)', (filter, message) => {
    expect(topicFilterProblem(filter)).toContain(message);
  });
});

describe('MqttConfigSchema', () => {
  it('accepts a complete configuration', () => {
    expect(issues(config({ username: 'ioc', password: 'secret-of-the-department' }))).toEqual([]);
  });

  it.each([
    ['an http URL', { url: 'http://broker:1883' }],
    ['a URL without host', { url: 'mqtt://' }],
    ['credentials in the URL', { url: 'mqtt://ioc:secret@broker:1883' }],
    ['an empty client id', { clientId: '' }],
    ['a client id with spaces', { clientId: 'city ioc' }],
    ['a client id longer than 64', { clientId: 'x'.repeat(65) }],
    ['no topics', { topics: [] }],
    ['more than 20 topics', { topics: Array.from({ length: 21 }, (_, i) => ({ ...topicAt(i) })) }],
  ])('refuses %s', (_, overrides) => {
    expect(issues(config(overrides as Partial<MqttConfig>))).not.toEqual([]);
  });

  it('accepts mqtts URLs and IPv6 hosts', () => {
    expect(issues(config({ url: 'mqtts://[::1]:8883' }))).toEqual([]);
  });

  it.each([['a/#/b'], ['a+/b'], ['a/b#'], ['']])('refuses the bad filter "%s"', (filter) => {
    expect(issues(withFilter(filter))).not.toEqual([]);
  });

  it('refuses the same filter twice', () => {
    const base = config();
    const topic = base.topics[0] as MqttConfig['topics'][number];
    expect(issues({ ...base, topics: [topic, topic] })).toEqual([
      'topic filter "hcmc/water/+/level" is listed twice',
    ]);
  });

  it.each([
    ['hcmc/+/level', 1, true],
    ['hcmc/+/level', 3, false],
    ['hcmc/#', 5, true],
    ['hcmc/+/level', -1, false],
    ['hcmc/+/level', 1.5, false],
  ])('filter "%s" with subjectFromTopicLevel %s is valid: %s', (filter, level, isValid) => {
    expect(issues(withFilter(filter, level)).length === 0).toBe(isValid);
  });
});

const topicAt = (i: number) => ({
  filter: `hcmc/t${i}`,
  mapping: { itemsPath: '', values: [{ indicatorId: 'water.level_cm', path: 'level' }] },
});
