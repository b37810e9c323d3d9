import {
  type Department,
  type Feed,
  type HttpPollFeed,
  type Indicator,
  type Role,
  type Rule,
  type RuleInput,
  RuleSchema,
  type Site,
  type User,
} from '@city-ioc/shared';
import { hashPassword } from '../src/auth/secrets';
import { createCityRepository } from '../src/store/city-repository';
import type { Db } from '../src/store/db';
import { createFeedRepository } from '../src/store/feed-repository';
import { createIdentityRepository } from '../src/store/identity-repository';
import { createRuleRepository } from '../src/store/rule-repository';

/** Small factories with overrides for the reference data a test needs. */
export const department = (o: Partial<Department> = {}): Department => ({
  id: 'dept:TNMT',
  code: 'TNMT',
  name: {
    vi: 'Sở Tài nguyên và Môi trường',
    en: 'Department of Natural Resources and Environment',
  },
  ...o,
});
export const indicator = (o: Partial<Indicator> = {}): Indicator => ({
  id: 'water.level_cm',
  departmentId: 'dept:TNMT',
  name: { vi: 'Mực nước', en: 'Water level' },
  unit: 'cm',
  target: null,
  targetDirection: 'lower_is_better',
  cadenceSeconds: 10,
  ...o,
});
export const site = (o: Partial<Site> = {}): Site => ({
  id: 'site:wl-01',
  kind: 'water_sensor',
  name: 'Trạm Phú An',
  departmentId: 'dept:TNMT',
  areaId: null,
  position: [106.7, 10.76],
  capacity: null,
  ...o,
});
export const rule = (o: Partial<RuleInput> = {}): Rule =>
  RuleSchema.parse({
    id: 'rule:water-high',
    name: { vi: 'Mực nước vượt báo động', en: 'Water above alarm level' },
    kind: 'threshold',
    departmentId: 'dept:TNMT',
    indicatorId: 'water.level_cm',
    severity: 'Severe',
    params: { operator: 'above', threshold: 160, clearThreshold: 150, pendingSeconds: 0 },
    enabled: true,
    ...o,
  });
export const feed = (url: string, o: Partial<HttpPollFeed> = {}): HttpPollFeed => ({
  id: 'feed:water',
  name: 'Water levels',
  adapter: 'http-poll',
  departmentId: 'dept:TNMT',
  enabled: true,
  config: {
    url,
    intervalSeconds: 1,
    timeoutMs: 2_000,
    format: 'json',
    auth: { kind: 'none' },
    mapping: {
      itemsPath: 'stations',
      subjectPath: 'id',
      subjectPrefix: 'site:',
      timePath: 'at',
      values: [{ indicatorId: 'water.level_cm', path: 'level' }],
    },
  },
  ...o,
});

/** Seeds one department, indicator, site and rule (and feeds, if given). */
export const seedBasics = async (
  db: Db,
  extra: { rules?: Rule[]; sites?: Site[]; feeds?: Feed[] } = {},
) => {
  const city = createCityRepository(db);
  await city.upsertDepartments([department()]);
  await city.upsertIndicators([indicator()]);
  await city.upsertSites(extra.sites ?? [site()]);
  await createRuleRepository(db).upsertRules(extra.rules ?? [rule()]);
  if (extra.feeds) await createFeedRepository(db).upsertFeeds(extra.feeds);
};

/** The second department of the two-department tests (department A is dept:TNMT). */
export const DEPT_B = 'dept:GTVT';

/**
 * Two departments, each with an indicator, a site and a threshold rule: A's water level rule
 * (above 160) and B's congestion rule (speed below 10). Rule overrides change names.
 */
export const seedTwoDepartments = async (
  db: Db,
  overrides: { ruleA?: Partial<Rule>; ruleB?: Partial<Rule> } = {},
) => {
  const city = createCityRepository(db);
  await city.upsertDepartments([
    department({ id: DEPT_B, code: 'GTVT', name: { vi: 'Sở Giao thông Vận tải' } }),
  ]);
  await city.upsertIndicators([
    indicator({ id: 'traffic.speed_kmh', departmentId: DEPT_B, unit: 'km/h' }),
  ]);
  await seedBasics(db, {
    sites: [
      site(),
      site({
        id: 'site:cam-01',
        kind: 'traffic_sensor',
        name: 'Cầu Sài Gòn',
        departmentId: DEPT_B,
      }),
    ],
    rules: [
      rule(overrides.ruleA),
      rule({
        id: 'rule:speed-low',
        name: { vi: 'Kẹt xe', en: 'Congestion' },
        departmentId: DEPT_B,
        indicatorId: 'traffic.speed_kmh',
        params: { operator: 'below', threshold: 10, clearThreshold: 20, pendingSeconds: 0 },
        ...overrides.ruleB,
      }),
    ],
  });
};

/** A person stored directly (test set-up), with id `user:<username>`. */
export const addPerson = async (
  db: Db,
  person: { username: string; role: Role; departmentIds?: string[]; displayName?: string },
  password: string,
): Promise<User> => {
  const user: User = {
    id: `user:${person.username}`,
    username: person.username,
    displayName: person.displayName ?? person.username,
    role: person.role,
    departmentIds: person.departmentIds ?? [],
    isDisabled: false,
    createdAt: new Date().toISOString(),
    lastSignInAt: null,
  };
  await createIdentityRepository(db).insertUser(user, await hashPassword(password));
  return user;
};
