/**
 * Ingest throughput: observations per second through the real ingest service (one
 * transaction per batch: store, rules, alert events), on PGlite and, when DATABASE_URL is
 * set, on PostgreSQL. The demo city's rules are loaded (thresholds with pending periods, rate
 * of change, ward congestion), and the bench sites are spread over its wards; a few subjects
 * swing across their thresholds so alerts are raised and resolved along the way.
 *
 *   pnpm bench ingest            BENCH_INGEST_EVENTS (50,000)  BENCH_INGEST_BATCH (1,000)
 *                                BENCH_INGEST_SUBJECTS (2,500)  BENCH_PROFILE=1 (always profile)
 *
 * When a target is missed, a shorter run is profiled and its hot spots printed.
 */
import path from 'node:path';
import type { Observation, Site } from '@city-ioc/shared';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config/env';
import { buildDemoCity } from '../../server/src/demo/city';
import { createCityRepository } from '../../server/src/store/city-repository';
import type { Db } from '../../server/src/store/db';
import { createRuleRepository } from '../../server/src/store/rule-repository';
import { ADMIN_PASSWORD } from './lib/bench-rule';
import { formatHotSpots, profile } from './lib/cpu-profile';
import { envFlag, envInt, envString } from './lib/env';
import { RESULTS_DIR, ROOT } from './lib/paths';
import { createReport, type Report, runBench, verdictOf } from './lib/report';
import { percentile } from './lib/stats';
import { openFreshStore } from './lib/store';
import { timeQueries } from './lib/timed-db';

const TARGETS = { pglite: 20_000, postgres: 50_000 } as const;
type Engine = keyof typeof TARGETS;

const EVENTS = envInt('BENCH_INGEST_EVENTS', 50_000);
const BATCH = envInt('BENCH_INGEST_BATCH', 1_000);
const SUBJECTS = envInt('BENCH_INGEST_SUBJECTS', 2_500);
/** The indicators every bench site reports; each has demo rules over it. */
const INDICATORS = ['water.level_cm', 'weather.rainfall_mm', 'air.aqi', 'traffic.speed_kmh'];
const STEP_MS = 10_000;

/** The demo city's reference data and rules, plus SUBJECTS bench sites spread over its wards. */
const seed = async (db: Db) => {
  const city = buildDemoCity();
  const repo = createCityRepository(db);
  await repo.upsertDepartments(city.departments);
  await repo.upsertAreas(city.areas);
  await repo.upsertIndicators(city.indicators);
  const bench: Site[] = Array.from({ length: SUBJECTS }, (_, i) => {
    const area = city.areas[i % city.areas.length];
    return {
      id: `site:bench-${i}`,
      kind: 'water_sensor',
      name: `Bench ${i}`,
      departmentId: 'dept:TNMT',
      areaId: area?.id ?? null,
      position: [106.6 + (i % 100) / 500, 10.7 + Math.floor(i / 100) / 500],
      capacity: null,
    };
  });
  await repo.upsertSites([...city.sites, ...bench]);
  await createRuleRepository(db).upsertRules(city.rules);
  return city.rules.filter((r) => r.enabled && INDICATORS.includes(r.indicatorId)).length;
};

/**
 * Value of one reading: calm for most subjects; every 50th swings across its rules'
 * thresholds every three steps (long enough for the 20 s pending periods).
 */
const readingOf = (indicator: string, subject: number, step: number): number => {
  const swings = subject % 50 === 0;
  const high = Math.floor(step / 3) % 2 === 0;
  const jitter = ((subject * 7 + step * 13) % 10) / 10;
  switch (indicator) {
    case 'water.level_cm':
      return swings ? (high ? 175 : 110) + jitter : 90 + (subject % 40) + jitter;
    case 'weather.rainfall_mm':
      return swings ? (high ? 65 : 10) + jitter : (subject % 20) + jitter;
    case 'air.aqi':
      return swings ? (high ? 210 : 90) + jitter : 40 + (subject % 60) + jitter;
    default: // traffic.speed_kmh: low is bad
      return swings ? (high ? 5 : 35) + jitter : 25 + (subject % 30) + jitter;
  }
};

/** The reading stream, in batches: step by step, every subject's every indicator. */
function* batches(total: number, startStep: number, startMs: number): Generator<Observation[]> {
  let batch: Observation[] = [];
  let produced = 0;
  for (let step = startStep; produced < total; step++) {
    const observedAt = new Date(startMs + step * STEP_MS).toISOString();
    for (let subject = 0; subject < SUBJECTS && produced < total; subject++) {
      for (const indicatorId of INDICATORS) {
        batch.push({
          indicatorId,
          subjectId: `site:bench-${subject}`,
          observedAt,
          value: readingOf(indicatorId, subject, step),
        });
        produced += 1;
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
        if (produced === total) break;
      }
    }
  }
  if (batch.length > 0) yield batch;
}

const runEngine = async (report: Report, engine: Engine) => {
  const databaseUrl = engine === 'postgres' ? envString('DATABASE_URL') : undefined;
  const store = await openFreshStore(databaseUrl ? { databaseUrl } : { inMemory: true });
  const { drop } = store;
  // Statement times are summed only during the profiled pass (see below).
  const queries = timeQueries(store.db);
  const db = queries.db;
  try {
    const rules = await seed(db);
    const app = await buildApp({
      config: loadConfig({
        DEMO: 'false',
        LOG_LEVEL: 'silent',
        IOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
      }),
      db,
      logger: false,
    });
    await app.ioc.start();
    try {
      // Observation times start a day ago and move 10 s per step, like sensors reporting.
      const startMs = Date.now() - 86_400_000;
      let step = 0;
      const run = async (total: number) => {
        const durations: number[] = [];
        let stored = 0;
        let events = 0;
        const started = performance.now();
        for (const batch of batches(total, step, startMs)) {
          const t = performance.now();
          const outcome = await app.ioc.ingest.ingest('feed:bench', batch);
          durations.push(performance.now() - t);
          stored += outcome.stored.length;
          events += outcome.events.length;
        }
        step += Math.ceil(total / (SUBJECTS * INDICATORS.length)) + 1;
        return { stored, events, ms: performance.now() - started, durations };
      };
      // Warm-up (JIT, caches, first rule states): one full round, not counted.
      await run(SUBJECTS * INDICATORS.length);
      const { stored, events, ms, durations } = await run(EVENTS);
      const rate = stored / (ms / 1000);
      const figure = {
        label: `${engine === 'pglite' ? 'PGlite' : 'PostgreSQL'} ingest throughput`,
        value: rate,
        unit: 'events/s',
        target: { op: '>=' as const, value: TARGETS[engine] },
        note: `${stored.toLocaleString('en-US')} observations in batches of ${BATCH}, ${SUBJECTS} subjects × ${INDICATORS.length} indicators, ${rules} rules, ${events} alert events`,
      };
      report.figure(figure);
      report.figure({
        label: `${engine === 'pglite' ? 'PGlite' : 'PostgreSQL'} batch time p50`,
        value: percentile(durations, 50),
        unit: 'ms',
        note: `p99 ${percentile(durations, 99).toFixed(1)} ms per batch of ${BATCH}`,
      });
      if (verdictOf(figure) === 'FAIL' || envFlag('BENCH_PROFILE')) {
        const file = path.join(RESULTS_DIR, `ingest-${engine}.cpuprofile`);
        const sample = Math.min(EVENTS, 20_000);
        queries.state.isTiming = true;
        const { result, spots } = await profile(file, () => run(sample));
        queries.state.isTiming = false;
        report.note(
          `${engine}: CPU profile of ${sample.toLocaleString('en-US')} more observations in ${path.relative(ROOT, file)}`,
        );
        console.log(
          `[bench] ingest        statements in the ingest transactions by total time (of ${result.ms.toFixed(0)} ms):`,
        );
        for (const q of queries.top()) {
          console.log(
            `[bench] ingest          ${((q.ms / result.ms) * 100).toFixed(1).padStart(5)}%  ${q.count}× ${(q.rows / q.count).toFixed(0)} rows  ${q.sql}`,
          );
        }
        report.note(
          `${engine} statements by time: ${queries
            .top(4)
            .map(
              (q) =>
                `${((q.ms / result.ms) * 100).toFixed(0)}% ${q.count}× (${(q.rows / q.count).toFixed(0)} rows each) "${q.sql.slice(0, 60)}"`,
            )
            .join('; ')}`,
        );
        for (const line of formatHotSpots(spots)) console.log(`[bench] ingest        ${line}`);
        const top = spots.places
          .slice(0, 5)
          .map((s) => `${s.name} ${(s.share * 100).toFixed(0)}%`)
          .join(', ');
        report.note(`${engine} hot spots (self time by place): ${top}`);
        report.note(
          `${engine} hottest functions: ${spots.functions
            .slice(0, 5)
            .map((s) => `${s.name} ${(s.share * 100).toFixed(0)}%`)
            .join('; ')}`,
        );
      }
    } finally {
      await app.close();
    }
  } finally {
    await store.db.close();
    await drop();
  }
};

const report = createReport('ingest', 'Ingest throughput through the real ingest service');
await runBench(report, async () => {
  await runEngine(report, 'pglite');
  if (envString('DATABASE_URL')) await runEngine(report, 'postgres');
  else
    report.skip(
      'PostgreSQL: DATABASE_URL is not set (e.g. postgres://user:pass@127.0.0.1:5432/db)',
    );
});
