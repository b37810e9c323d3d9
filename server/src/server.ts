import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { ConfigError, loadConfigFromProcess } from './config/env';
import { seedDemoCity } from './demo/seed';
import { createSimulator } from './simulator/app';
import { openDatabase } from './store/open-db';

/**
 * Process edge: configuration, database, demo simulator, listen, graceful shutdown.
 * The built dashboard sits at ../../client/dist from here (src/ in dev, dist/ when built).
 */
const main = async () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let config: ReturnType<typeof loadConfigFromProcess>;
  try {
    config = loadConfigFromProcess({ clientDist: path.resolve(here, '../../client/dist') });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }

  const db = await openDatabase(config);
  const simulator = config.isDemo ? createSimulator({}) : null;
  let simulatorBaseUrl = '';
  if (simulator) {
    simulatorBaseUrl = await simulator.listen({ host: '127.0.0.1', port: config.simulatorPort });
  }

  const app = await buildApp({
    config,
    db,
    beforeStart: simulator
      ? async (database) => {
          await seedDemoCity(database, {
            simulatorBaseUrl,
            sensorIntervalSeconds: config.demoSensorIntervalSeconds,
            slowIntervalSeconds: config.demoSlowIntervalSeconds,
          });
        }
      : undefined,
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await app.close();
      await simulator?.close();
      await db.close();
    } finally {
      clearTimeout(force);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  if (simulator) app.log.info({ simulatorBaseUrl }, 'demo city simulator running');
  await app.ioc.start();
  app.log.info(
    {
      storage: db.kind,
      dataDir: db.kind === 'pglite' ? config.dataDir : undefined,
      demo: config.isDemo,
    },
    `City IOC ready at http://localhost:${config.port}`,
  );
};

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
