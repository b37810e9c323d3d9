import { createCityRepository } from '../store/city-repository';
import type { Db } from '../store/db';
import { createFeedRepository } from '../store/feed-repository';
import { createRuleRepository } from '../store/rule-repository';
import {
  buildDemoCapFeed,
  buildDemoCity,
  buildDemoFeeds,
  buildDemoNgsiFeed,
  buildDemoWebhookFeed,
  type DemoCity,
} from './city';

export interface DemoSeedOptions {
  simulatorBaseUrl: string;
  /** Secret the simulated portal signs its webhooks with (fresh at each start). */
  webhookSecret: string;
  /** Bearer token the simulated traffic broker sends (fresh at each start). */
  ngsiToken: string;
  sensorIntervalSeconds: number;
  slowIntervalSeconds: number;
  city?: DemoCity;
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
      }),
      buildDemoWebhookFeed(options.webhookSecret),
      buildDemoCapFeed(options.simulatorBaseUrl, options.slowIntervalSeconds),
      buildDemoNgsiFeed(options.simulatorBaseUrl, options.ngsiToken),
    ]);
  });
  return city;
};
