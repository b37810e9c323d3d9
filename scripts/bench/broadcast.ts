/**
 * Broadcast deliveries per second: one server process emits BENCH_BROADCAST_EVENTS copies of
 * a real `alert:changed` event (taken from an alert the bench rule raised) to the city room,
 * which BENCH_BROADCAST_CLIENTS clients (child processes) are in. Deliveries = events ×
 * clients; the clock stops when the last client has the last event. "Per core" divides by
 * the CPU time the server process used, since one Node process uses one core for this work
 * and the clients share the same two cores.
 *
 *   pnpm bench broadcast         BENCH_BROADCAST_CLIENTS (1,000)  BENCH_BROADCAST_EVENTS (200)
 */
import type { AlertEvent } from '@city-ioc/shared';
import { envInt } from './lib/env';
import { createReport, runBench } from './lib/report';
import { startServer, storageName } from './lib/server';
import { pollUntil, startSwarm } from './lib/swarm';

const CLIENTS = envInt('BENCH_BROADCAST_CLIENTS', 1_000);
const EVENTS = envInt('BENCH_BROADCAST_EVENTS', 200);
const PROCS = envInt('BENCH_SWARM_PROCS', 2);

const report = createReport('broadcast', 'Broadcast deliveries per second, one server process');
await runBench(report, async () => {
  const server = await startServer({ subjects: 1 });
  const swarm = await startSwarm(server.ready, CLIENTS, PROCS).catch(async (error) => {
    await server.stop();
    throw error;
  });
  try {
    const { connected } = await swarm.connect();
    const sample = await server.call<AlertEvent>('sampleEvent');
    // Let the sample's own delivery pass before counting.
    await new Promise((r) => setTimeout(r, 1_000));
    await swarm.reset(false);
    await server.call('cpuMark');
    const { t0 } = await server.call<{ t0: number }>('broadcast', {
      count: EVENTS,
      burst: 10,
      sample,
    });
    const expected = EVENTS * connected;
    const isComplete = await pollUntil(
      async () => (await swarm.stats()).received >= expected,
      60_000,
      50,
    );
    const cpuMs = await server.call<number>('cpuSinceMark');
    const stats = await swarm.stats();
    const seconds = (stats.lastAt - t0) / 1000;
    const bytes = Buffer.byteLength(JSON.stringify(sample));
    report.figure({
      label: 'deliveries per second (wall clock)',
      value: stats.received / seconds,
      unit: 'deliveries/s',
      note: `${storageName(server)}, ${EVENTS} events × ${connected} clients = ${stats.received.toLocaleString('en-US')} deliveries in ${seconds.toFixed(2)} s, event ${bytes} bytes of JSON`,
    });
    report.figure({
      label: 'deliveries per second per core',
      value: stats.received / (cpuMs / 1000),
      unit: 'deliveries/s',
      target: { op: '>=', value: 40_000 },
      note: `server CPU ${cpuMs.toFixed(0)} ms for them`,
    });
    if (!isComplete) report.note(`${expected - stats.received} deliveries missing after 60 s`);
  } finally {
    await swarm.stop();
    await server.stop();
  }
});
