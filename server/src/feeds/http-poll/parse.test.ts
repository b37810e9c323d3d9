import type { JsonMapping } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { mapJsonDocument } from './parse';

const mapping: JsonMapping = {
  itemsPath: 'data.stations',
  subjectPath: 'id',
  subjectPrefix: 'site:',
  timePath: 'time',
  values: [
    { indicatorId: 'air.aqi', path: 'aqi' },
    { indicatorId: 'air.pm25', path: 'metrics.pm25' },
  ],
};
const NOW = '2026-11-23T03:00:00.000Z';

describe('mapJsonDocument', () => {
  it('maps every value of every record to an observation', () => {
    const doc = {
      data: {
        stations: [
          { id: 'air-01', time: '2026-11-23T09:59:00+07:00', aqi: 151, metrics: { pm25: 55.2 } },
          { id: 7, time: 1_795_000_000, aqi: '42', metrics: { pm25: '12,5' } },
        ],
      },
    };
    const result = mapJsonDocument(doc, mapping, NOW);
    expect(result).toEqual({
      ok: true,
      result: {
        observations: [
          {
            indicatorId: 'air.aqi',
            subjectId: 'site:air-01',
            observedAt: '2026-11-23T02:59:00.000Z',
            value: 151,
          },
          {
            indicatorId: 'air.pm25',
            subjectId: 'site:air-01',
            observedAt: '2026-11-23T02:59:00.000Z',
            value: 55.2,
          },
          {
            indicatorId: 'air.aqi',
            subjectId: 'site:7',
            observedAt: new Date(1_795_000_000_000).toISOString(),
            value: 42,
          },
          {
            indicatorId: 'air.pm25',
            subjectId: 'site:7',
            observedAt: new Date(1_795_000_000_000).toISOString(),
            value: 12.5,
          },
        ],
        problems: [],
        rejected: 0,
      },
    });
  });

  it('refuses the whole answer when the items are not an array', () => {
    expect(mapJsonDocument({ data: { stations: 'down' } }, mapping, NOW)).toEqual({
      ok: false,
      reason: 'itemsPath "data.stations" is not an array in the answer',
    });
  });

  it.each([
    ['a missing subject', { time: NOW, aqi: 1, metrics: { pm25: 1 } }, 'no subject'],
    [
      'an unparseable time',
      { id: 'a', time: 'yesterday', aqi: 1, metrics: { pm25: 1 } },
      'no valid time',
    ],
    [
      'a non-numeric value',
      { id: 'a', time: NOW, aqi: 'high', metrics: { pm25: 1 } },
      '"aqi" is not a number',
    ],
    [
      'an infinite value',
      { id: 'a', time: NOW, aqi: Number.POSITIVE_INFINITY, metrics: { pm25: 1 } },
      '"aqi" is not a number',
    ],
  ])('skips and reports %s while keeping the rest', (_name, record, reason) => {
    const good = { id: 'ok', time: NOW, aqi: 10, metrics: { pm25: 3 } };
    const result = mapJsonDocument({ data: { stations: [record, good] } }, mapping, NOW);
    if (!result.ok) throw new Error('expected ok');
    expect(result.result.problems.join('\n')).toContain(reason);
    expect(result.result.observations.filter((o) => o.subjectId === 'site:ok')).toHaveLength(2);
  });

  it('stamps records without a time path with the fallback time', () => {
    const result = mapJsonDocument(
      { v: 3 },
      { itemsPath: '', values: [{ indicatorId: 'x', path: 'v' }] },
      NOW,
    );
    expect(result.ok && result.result.observations).toEqual([
      { indicatorId: 'x', subjectId: '', observedAt: NOW, value: 3 },
    ]);
  });

  it('does not read inherited properties such as __proto__ or constructor', () => {
    const result = mapJsonDocument(
      [{ id: 'a' }],
      { itemsPath: '', subjectPath: 'constructor', values: [{ indicatorId: 'x', path: 'id' }] },
      NOW,
    );
    expect(result.ok && result.result.observations).toEqual([]);
  });
});
