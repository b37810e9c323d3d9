/**
 * Sockets per process: connects BENCH_SOCKETS clients (in child processes) to one server
 * process and reads the server's resident memory (VmRSS of /proc/<pid>/status) before and
 * after, and again after a ping round (10 s) with every socket still open. With DATABASE_URL
 * set the server uses PostgreSQL, as processes of a scaled-out deployment do; otherwise
 * embedded PGlite, whose WebAssembly heap alone is several hundred MiB of the RSS.
 *
 *   pnpm bench sockets           BENCH_SOCKETS (10,000)  BENCH_SWARM_PROCS (2)
 */
import { envInt } from './lib/env';
import { openFilesLimit, rssMiB } from './lib/machine';
import { createReport, runBench } from './lib/report';
import { startServer, storageName } from './lib/server';
import { pollUntil, startSwarm } from './lib/swarm';

const SOCKETS = envInt('BENCH_SOCKETS', 10_000);
const PROCS = envInt('BENCH_SWARM_PROCS', 2);
const HOLD_MS = envInt('BENCH_SOCKETS_HOLD_MS', 12_000);

const report = createReport('sockets', 'Sockets per server process, with its RSS');
await runBench(report, async () => {
  const limit = openFilesLimit();
  // The server needs a descriptor per socket; each client process needs its share.
  if (limit !== null && limit < SOCKETS + 1_000) {
    report.note(
      `the open files limit is ${limit}, below ${SOCKETS} sockets: raise it first (ulimit -n 65536) or set BENCH_SOCKETS lower`,
    );
  }
  const server = await startServer({ subjects: 1 });
  const storage = storageName(server);
  const swarm = await startSwarm(server.ready, SOCKETS, PROCS).catch(async (error) => {
    await server.stop();
    throw error;
  });
  try {
    await new Promise((r) => setTimeout(r, 1_000));
    const idle = rssMiB(server.pid);
    const connect = await swarm.connect();
    await pollUntil(
      async () => (await server.call<number>('sockets')) >= connect.connected,
      10_000,
      200,
    );
    const connectedRss = rssMiB(server.pid);
    // Hold them through a ping round (pingInterval 10 s): they stay, and memory settles.
    await new Promise((r) => setTimeout(r, HOLD_MS));
    const held = await server.call<number>('sockets');
    const heldRss = rssMiB(server.pid);
    const rss = Math.max(connectedRss, heldRss);
    const rate = connect.connected / (connect.ms / 1000);
    report.figure({
      label: 'sockets held by one process',
      value: held,
      unit: 'sockets',
      target: { op: '>=', value: 10_000 },
      note: `${connect.connected} connected, ${connect.failed} failed, in ${(connect.ms / 1000).toFixed(1)} s (${rate.toFixed(0)}/s), ${SOCKETS} asked`,
    });
    report.figure({
      label: `server RSS with ${held} sockets (${storage})`,
      value: rss,
      unit: 'MiB',
      target: { op: '<=', value: 400 },
      note: `idle ${idle.toFixed(0)} MiB before connecting; after ${HOLD_MS / 1000} s ${heldRss.toFixed(0)} MiB`,
    });
    report.figure({
      label: 'memory per socket',
      value: held > 0 ? ((rss - idle) * 1024) / held : Number.NaN,
      unit: 'KiB',
    });
    if (storage === 'PGlite')
      report.note(
        'PGlite runs inside the server process: its WebAssembly memory (about 700 MiB here) is part of the RSS; set DATABASE_URL to measure a process of a PostgreSQL deployment',
      );
  } finally {
    await swarm.stop();
    await server.stop();
  }
});
