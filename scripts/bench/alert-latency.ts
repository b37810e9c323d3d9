/**
 * Alert latency, ingest → client: the server (its own process) ingests a reading above the
 * bench rule's threshold; the alert is raised in the ingest transaction, read back by the
 * event relay after the commit and emitted as `alert:changed`; every connected client (in
 * separate processes) records when it arrives. Latency = receive time − the time taken just
 * before the ingest call, both on the machine's shared clock.
 *
 *   pnpm bench alert-latency     BENCH_LATENCY_CLIENTS (1000,5000)  BENCH_LATENCY_ALERTS (40)
 *                                BENCH_LATENCY_INTERVAL_MS (250)    BENCH_SWARM_PROCS (2)
 */
import { RAISE_VALUE, subjectId } from './lib/bench-rule';
import { envInt, envInts } from './lib/env';
import { createReport, runBench } from './lib/report';
import { startServer } from './lib/server';
import { percentile } from './lib/stats';
import { pollUntil, startSwarm } from './lib/swarm';

const SIZES = envInts('BENCH_LATENCY_CLIENTS', [1_000, 5_000]);
const ALERTS = envInt('BENCH_LATENCY_ALERTS', 40);
const INTERVAL_MS = envInt('BENCH_LATENCY_INTERVAL_MS', 250);
const PROCS = envInt('BENCH_SWARM_PROCS', 2);

const report = createReport('alert-latency', 'Alert latency, ingest → Socket.IO client');
await runBench(report, async () => {
  for (const clients of SIZES) {
    const server = await startServer({ subjects: ALERTS + 1 });
    const swarm = await startSwarm(server.ready, clients, PROCS).catch(async (error) => {
      await server.stop();
      throw error;
    });
    try {
      const connect = await swarm.connect();
      if (connect.connected < clients)
        report.note(
          `${clients} clients: only ${connect.connected} connected (${connect.failed} failed)`,
        );
      await swarm.reset(true);
      const sentAt = new Map<string, number>();
      for (let i = 1; i <= ALERTS; i++) {
        const { t0 } = await server.call<{ t0: number }>('ingest', {
          subjects: [i],
          value: RAISE_VALUE,
        });
        sentAt.set(`raised:${subjectId(i)}`, t0);
        await new Promise((r) => setTimeout(r, INTERVAL_MS));
      }
      const expected = ALERTS * connect.connected;
      const isComplete = await pollUntil(
        async () => (await swarm.stats()).received >= expected,
        30_000,
        200,
      );
      const latencies: number[] = [];
      for (const [key, times] of await swarm.receipts()) {
        const t0 = sentAt.get(key);
        if (t0 !== undefined) for (const t of times) latencies.push(t - t0);
      }
      const note = `${connect.connected} clients in ${PROCS} processes, ${ALERTS} alerts every ${INTERVAL_MS} ms, ${latencies.length}/${expected} deliveries`;
      report.figure({
        label: `p50 with ${clients} clients`,
        value: percentile(latencies, 50),
        unit: 'ms',
        note,
      });
      report.figure({
        label: `p99 with ${clients} clients`,
        value: percentile(latencies, 99),
        unit: 'ms',
        ...(clients === 1_000 ? { target: { op: '<=' as const, value: 100 } } : {}),
      });
      report.figure({
        label: `max with ${clients} clients`,
        value: Math.max(...latencies),
        unit: 'ms',
      });
      if (!isComplete)
        report.note(
          `${clients} clients: ${expected - latencies.length} deliveries missing after 30 s`,
        );
    } finally {
      await swarm.stop();
      await server.stop();
    }
  }
});
