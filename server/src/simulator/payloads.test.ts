import { describe, expect, it } from 'vitest';
import { buildDemoCity } from '../demo/city';
import { RAIN_TOPIC_PREFIX, rainMessages, rostersOf, SIMULATOR_SEED, upstreamId } from './payloads';

const city = buildDemoCity();
const rosters = rostersOf(city, SIMULATOR_SEED);
const NOW = new Date('2025-07-15T09:30:12.700Z'); // 16:30 on a rainy-season afternoon

describe('rainMessages', () => {
  const messages = rainMessages(NOW, rosters.water_sensor);

  it('publishes one message per water station, on hcmc/tnmt/rain/<its station code>', () => {
    expect(RAIN_TOPIC_PREFIX).toBe('hcmc/tnmt/rain');
    expect(messages.map((m) => m.topic)).toEqual(
      rosters.water_sensor.sites.map((s) => `hcmc/tnmt/rain/${upstreamId(s.id)}`),
    );
    expect(messages[0]?.topic).toBe('hcmc/tnmt/rain/wl-01');
  });

  it('carries the rain rate with one decimal and the reading time to the second', () => {
    for (const { payload } of messages) {
      expect(Object.keys(payload).sort()).toEqual(['at', 'rainfallMm']);
      expect(payload.at).toBe('2025-07-15T09:30:12Z');
      expect(payload.rainfallMm).toBeGreaterThanOrEqual(0);
      expect(Math.round(payload.rainfallMm * 10) / 10).toBe(payload.rainfallMm);
    }
  });

  it('is deterministic', () => {
    expect(rainMessages(new Date(NOW), rosters.water_sensor)).toEqual(messages);
  });
});
