/**
 * Alert latency, ingest → client: the server (its own process) ingests a reading above the
 * bench rule's threshold; the alert is raised in the ingest transaction, read back by the
 * event relay after the commit and emitted as `alert:changed`; every connected client (in
 * separate processes) records when it arrives. Latency = receive time − the time taken just
 * before the ingest call, both on the machine's shared clock. One alert at a time: the next is
 * ingested BENCH_LATENCY_INTERVAL_MS after every client has the previous one, so the figure is
 * the latency of an alert, not of a queue of them. The server's own share (the ingest call,
 * commit included) is reported beside it. PostgreSQL when DATABASE_URL is set, else PGlite.
 *
 *   pnpm bench alert-latency     BENCH_LATENCY_CLIENTS (1000,5000)  BENCH_LATENCY_ALERTS (30)
 *                                BENCH_LATENCY_INTERVAL_MS (100)    BENCH_SWARM_PROCS (2)
 */
import { RAISE_VALUE, subjectId } from './lib/bench-rule';
import { envInt, envInts } from './lib/env';
import { createReport, runBench } from './lib/report';
import { startServer, storageName } from './lib/server';
import { percentile } from './lib/stats';
import { pollUntil, startSwarm } from './lib/swarm';

const SIZES = envInts('BENCH_LATENCY_CLIENTS', [1_000, 5_000]);
const ALERTS = envInt('BENCH_LATENCY_ALERTS', 30);
const INTERVAL_MS = envInt('BENCH_LATENCY_INTERVAL_MS', 100);
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
      const ingestMs: number[] = [];
      let isComplete = true;
      for (let i = 1; i <= ALERTS; i++) {
        const { t0, t1 } = await server.call<{ t0: number; t1: number }>('ingest', {
          subjects: [i],
          value: RAISE_VALUE,
        });
        sentAt.set(`raised:${subjectId(i)}`, t0);
        ingestMs.push(t1 - t0);
        const all = i * connect.connected;
        isComplete &&= await pollUntil(
          async () => (await swarm.stats()).received >= all,
          10_000,
          20,
        );
        await new Promise((r) => setTimeout(r, INTERVAL_MS));
      }
      const expected = ALERTS * connect.connected;
      const latencies: number[] = [];
      for (const [key, times] of await swarm.receipts()) {
        const t0 = sentAt.get(key);
        if (t0 !== undefined) for (const t of times) latencies.push(t - t0);
      }
      const note = `${storageName(server)}, ${connect.connected} clients in ${PROCS} processes, ${ALERTS} alerts one at a time, ${latencies.length}/${expected} deliveries`;
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
        value: latencies.reduce((a, b) => Math.max(a, b), 0),
        unit: 'ms',
      });
      report.figure({
        label: `server ingest call (commit included) p50 with ${clients} clients`,
        value: percentile(ingestMs, 50),
        unit: 'ms',
        note: `p99 ${percentile(ingestMs, 99).toFixed(1)} ms`,
      });
      if (!isComplete)
        report.note(`${clients} clients: ${expected - latencies.length} deliveries missing`);
    } finally {
      await swarm.stop();
      await server.stop();
    }
  }
});
