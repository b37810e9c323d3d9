import type { Site, SiteKind } from '@city-ioc/shared';
import type { DemoCity } from '../demo/city';
import { hashUnit } from '../demo/prng';
import {
  type ModelContext,
  observedAtOf,
  sampleAir,
  samplePublicService,
  sampleRain,
  sampleTraining,
  sampleWater,
} from './models';

/**
 * The JSON documents the simulator serves, built purely from the city, a seed and `now`.
 * They are shaped like a department's own API (not like IOC objects): ids without the
 * "site:" prefix, camelCase fields. The demo feeds' JsonMappings (demo/city.ts) translate them.
 */

/** Default seed of the simulated readings. */
export const SIMULATOR_SEED = 168;

/** `site:air-01` → `air-01`: upstream systems know their own station codes, not our ids. */
export const upstreamId = (siteId: string): string => siteId.replace(/^site:/, '');

export interface AirPayload {
  generatedAt: string;
  stations: { stationId: string; name: string; observedAt: string; aqi: number; pm25: number }[];
}
export interface WaterPayload {
  generatedAt: string;
  stations: { stationId: string; name: string; observedAt: string; levelCm: number }[];
}
export interface TrainingPayload {
  generatedAt: string;
  centres: {
    centreId: string;
    name: string;
    observedAt: string;
    enrolled: number;
    capacity: number;
    utilisationPct: number;
  }[];
}
export interface PublicServicesPayload {
  generatedAt: string;
  centres: {
    centreId: string;
    name: string;
    observedAt: string;
    applicationsOnline: number;
    applicationsInPerson: number;
    onlineSharePct: number;
    overdueRatePct: number;
    avgProcessingHours: number;
  }[];
}

/** The sites of one kind and the model context (roster) they share. */
export interface KindRoster {
  sites: Site[];
  ctx: ModelContext;
}

/** Groups the city's sites by kind, each with the roster the anomaly schedule walks. */
export const rostersOf = (city: DemoCity, seed: number): Record<SiteKind, KindRoster> => {
  const roster = (kind: SiteKind): KindRoster => {
    const sites = city.sites.filter((site) => site.kind === kind);
    return { sites, ctx: { seed, roster: sites.map((site) => site.id) } };
  };
  return {
    air_sensor: roster('air_sensor'),
    water_sensor: roster('water_sensor'),
    training_centre: roster('training_centre'),
    service_centre: roster('service_centre'),
    // Traffic counters report through the NGSI broker (ngsi-payloads.ts), not a polled endpoint.
    traffic_sensor: roster('traffic_sensor'),
  };
};

export const airPayload = (now: Date, { sites, ctx }: KindRoster): AirPayload => {
  const observedAt = observedAtOf(now);
  return {
    generatedAt: observedAt,
    stations: sites.map((site) => {
      const { aqi, pm25 } = sampleAir(now, site, ctx);
      return { stationId: upstreamId(site.id), name: site.name, observedAt, aqi, pm25 };
    }),
  };
};

export const waterPayload = (now: Date, { sites, ctx }: KindRoster): WaterPayload => {
  const observedAt = observedAtOf(now);
  return {
    generatedAt: observedAt,
    stations: sites.map((site) => {
      const { levelCm } = sampleWater(now, site, ctx);
      return { stationId: upstreamId(site.id), name: site.name, observedAt, levelCm };
    }),
  };
};

export const trainingPayload = (now: Date, { sites, ctx }: KindRoster): TrainingPayload => {
  const observedAt = observedAtOf(now);
  return {
    generatedAt: observedAt,
    centres: sites.map((site) => {
      const { enrolled, capacity, utilisationPct } = sampleTraining(now, site, ctx);
      return {
        centreId: upstreamId(site.id),
        name: site.name,
        observedAt,
        enrolled,
        capacity,
        utilisationPct,
      };
    }),
  };
};

export const publicServicesPayload = (
  now: Date,
  { sites, ctx }: KindRoster,
): PublicServicesPayload => {
  const observedAt = observedAtOf(now);
  return {
    generatedAt: observedAt,
    centres: sites.map((site) => {
      const r = samplePublicService(now, site, ctx);
      return {
        centreId: upstreamId(site.id),
        name: site.name,
        observedAt,
        applicationsOnline: r.applicationsOnline,
        applicationsInPerson: r.applicationsInPerson,
        onlineSharePct: r.onlineSharePct,
        overdueRatePct: r.overdueRatePct,
        avgProcessingHours: r.avgProcessingHours,
      };
    }),
  };
};

/** Topic prefix of the rain gauges: `hcmc/tnmt/rain/<stationId>`. */
export const RAIN_TOPIC_PREFIX = 'hcmc/tnmt/rain';

/** What a rain gauge publishes: the rain rate in mm/h (one decimal) and the reading time. */
export interface RainPayload {
  rainfallMm: number;
  at: string;
}

export interface RainMessage {
  topic: string;
  payload: RainPayload;
}

/**
 * One MQTT message per rain gauge. The gauges are co-located with the water-level stations and
 * named by the same station codes (`hcmc/tnmt/rain/wl-01`), so the IOC takes the subject from
 * the topic's fourth level (`site:` + code).
 */
export const rainMessages = (now: Date, { sites, ctx }: KindRoster): RainMessage[] => {
  const at = observedAtOf(now);
  return sites
    .filter((_site, index) => !isGaugeSilent(now.getTime(), index, sites.length, ctx.seed))
    .map((site) => ({
      topic: `${RAIN_TOPIC_PREFIX}/${upstreamId(site.id)}`,
      payload: { rainfallMm: sampleRain(now, site, ctx).rainfallMm, at },
    }));
};

const HOUR_MS = 3_600_000;
/** Minutes of the hour a gauge stays quiet when its outage comes: [10, 32). */
export const GAUGE_OUTAGE_MINUTES: readonly [number, number] = [10, 32];

/**
 * Field gauges go quiet now and then (a flat battery, a lost GPRS link): in about one hour in
 * two, one gauge of the roster sends nothing for 22 minutes, long enough for the no-data rule
 * to notice. Pure and deterministic.
 */
export const isGaugeSilent = (timeMs: number, index: number, count: number, seed: number) => {
  const hour = Math.floor(timeMs / HOUR_MS);
  if (count === 0 || hashUnit(seed, 'rain-outage', hour) >= 0.5) return false;
  const minute = (timeMs - hour * HOUR_MS) / 60_000;
  if (minute < GAUGE_OUTAGE_MINUTES[0] || minute >= GAUGE_OUTAGE_MINUTES[1]) return false;
  return Math.floor(hashUnit(seed, 'rain-outage-gauge', hour) * count) === index;
};
