import { SIMULATOR_SEED } from '../simulator/payloads';
import { createCityRepository } from '../store/city-repository';
import type { Db } from '../store/db';
import { createFeedRepository } from '../store/feed-repository';
import { createObservationRepository } from '../store/observation-repository';
import { createRuleRepository } from '../store/rule-repository';
import {
  buildDemoCapFeed,
  buildDemoCity,
  buildDemoFeeds,
  buildDemoMqttFeed,
  buildDemoNgsiFeed,
  buildDemoProgrammeFeed,
  buildDemoWebhookFeed,
  type DemoCity,
} from './city';
import { portalHistory, programmeHistory } from './history';

export interface DemoSeedOptions {
  simulatorBaseUrl: string;
  /** Secret the simulated portal signs its webhooks with (fresh at each start). */
  webhookSecret: string;
  /** Bearer token the simulated traffic broker sends (fresh at each start). */
  ngsiToken: string;
  /** API key of the simulator's CSV training report (fresh at each start). */
  simulatorApiKey: string;
  /** The broker the simulated rain gauges publish to; without it, no MQTT feed is seeded. */
  mqttBrokerUrl?: string;
  /** Sign-in of the IOC's MQTT feed, when the broker asks for one (the embedded one does). */
  mqttCredentials?: { username: string; password: string };
  sensorIntervalSeconds: number;
  slowIntervalSeconds: number;
  city?: DemoCity;
  /** The time the demo starts at (history is generated before it). */
  now?: Date;
}

/**
 * Loads the demo city into the store, in one transaction, every start (idempotent upserts).
 * Ward geometry an administrator imported is kept: approximate demo geometry only fills in
 * wards that have none yet.
 */
export const seedDemoCity = async (db: Db, options: DemoSeedOptions) => {
  const city = options.city ?? buildDemoCity();
  await db.transaction(async (tx) => {
    const repo = createCityRepository(tx);
    await repo.upsertDepartments(city.departments);
    const existing = new Set((await repo.listAreas()).map((a) => a.code));
    await repo.upsertAreas(city.areas.filter((a) => !existing.has(a.code)));
    await repo.upsertSites(city.sites);
    await repo.upsertIndicators(city.indicators);
    await createRuleRepository(tx).upsertRules(city.rules);
    await createFeedRepository(tx).upsertFeeds([
      ...buildDemoFeeds(options.simulatorBaseUrl, {
        sensorIntervalSeconds: options.sensorIntervalSeconds,
        slowIntervalSeconds: options.slowIntervalSeconds,
        simulatorApiKey: options.simulatorApiKey,
      }),
      buildDemoWebhookFeed(options.webhookSecret),
      buildDemoCapFeed(options.simulatorBaseUrl, options.slowIntervalSeconds),
      buildDemoProgrammeFeed(options.simulatorBaseUrl, options.slowIntervalSeconds),
      buildDemoNgsiFeed(options.simulatorBaseUrl, options.ngsiToken),
      ...(options.mqttBrokerUrl
        ? [
            buildDemoMqttFeed(
              options.mqttBrokerUrl,
              options.sensorIntervalSeconds,
              options.mqttCredentials,
            ),
          ]
        : []),
    ]);
  });
  await seedPortalHistory(db, options.now ?? new Date());
  return city;
};

/**
 * A fresh demo has no past: without one the portal's anomaly rule has no baseline, the rule
 * editor's back-test nothing to replay and the KPIs no trend. Eight days of the portal's history
 * and thirty daily programme reports are written once
 * (straight to the store, not through the rules: the past raises no alert).
 */
export const seedPortalHistory = async (db: Db, now: Date) => {
  const before = new Date(now.getTime() - 2 * 86_400_000).toISOString();
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM observations
      WHERE indicator_id = 'portal.error_rate_pct' AND observed_at < $1::timestamptz`,
    [before],
  );
  if ((rows[0]?.n ?? 0) > 0) return 0;
  const history = [...portalHistory(now, SIMULATOR_SEED), ...programmeHistory(now, SIMULATOR_SEED)];
  await db.transaction((tx) =>
    createObservationRepository(tx).insertBatch(history, {
      feedId: null,
      receivedAt: now.toISOString(),
    }),
  );
  return history.length;
};
