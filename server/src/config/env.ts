import path from 'node:path';
import { z } from 'zod';

const booleanish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const optionalUrl = (protocols: RegExp) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.url({ protocol: protocols }).optional())
    .optional();

/**
 * Every environment variable the server reads, with its default. This module is the only
 * place that touches process.env; README.md's configuration table mirrors it.
 */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalUrl(/^postgres(ql)?$/),
  DEMO: booleanish.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAP_STYLE_URL: optionalUrl(/^https?$/),
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(8090),
  DEMO_SENSOR_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(10),
  DEMO_SLOW_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  MQTT_URL: optionalUrl(/^mqtts?$/),
  REDIS_URL: optionalUrl(/^rediss?$/),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').max(256).optional(),
  DEMO_MQTT_PORT: z.coerce.number().int().min(0).max(65_535).default(1884),
  DEMO_MQTT_PASSWORD: z.string().min(12, 'at least 12 characters').max(200).optional(),
  CLIENT_DIST: z.string().optional(),
  IOC_ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').max(256).optional(),
  TRUST_PROXY: booleanish.default(false),
  FEED_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== ''),
    ),
});

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  isDemo: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  mapStyleUrl: string | null;
  simulatorPort: number;
  demoSensorIntervalSeconds: number;
  demoSlowIntervalSeconds: number;
  /**
   * The MQTT broker the demo's simulated rain gauges publish to and its rain feed subscribes
   * to. Without it the demo embeds a broker of its own on 127.0.0.1:`demoMqttPort`.
   */
  mqttUrl: string | null;
  demoMqttPort: number;
  /** Password of the embedded broker's user `city-ioc-demo`; random at each start when unset. */
  demoMqttPassword: string | null;
  /** Folder of the built dashboard; null when the server runs without one (API only). */
  clientDist: string | null;
  /**
   * Hosts ("host" or "host:port") feeds may poll although they resolve to loopback or private
   * addresses (a department server on the city network). Metadata addresses stay refused.
   */
  feedAllowedHosts: string[];
  /** Password of the first `admin` account, used only when no user exists yet. */
  adminPassword: string | null;
  /** Behind a reverse proxy: trust its X-Forwarded-* (client address, https for Secure cookies). */
  trustProxy: boolean;
  /**
   * Redis shared by several processes: the Socket.IO adapter (broadcasts reach every process's
   * sockets), the rate limits and the sign-in throttle. Null: one process, all in memory.
   */
  redisUrl: string | null;
  /** Bearer token that may read GET /metrics (besides an administrator's session). */
  metricsToken: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment and returns the typed configuration, or throws one ConfigError
 * that lists every bad variable at once.
 */
export const loadConfig = (
  env: Record<string, string | undefined>,
  defaults: { clientDist: string | null } = { clientDist: null },
): AppConfig => {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '(env)');
        const raw = env[name];
        return `${name}: ${issue.message}${raw === undefined ? '' : ` (got ${JSON.stringify(raw)})`}`;
      }),
    );
  }
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    isDemo: e.DEMO,
    logLevel: e.LOG_LEVEL,
    mapStyleUrl: e.MAP_STYLE_URL ?? null,
    simulatorPort: e.SIMULATOR_PORT,
    demoSensorIntervalSeconds: e.DEMO_SENSOR_INTERVAL_SECONDS,
    demoSlowIntervalSeconds: e.DEMO_SLOW_INTERVAL_SECONDS,
    mqttUrl: e.MQTT_URL ?? null,
    demoMqttPort: e.DEMO_MQTT_PORT,
    demoMqttPassword: e.DEMO_MQTT_PASSWORD ?? null,
    clientDist: e.CLIENT_DIST ? path.resolve(e.CLIENT_DIST) : defaults.clientDist,
    feedAllowedHosts: e.FEED_ALLOWED_HOSTS,
    adminPassword: e.IOC_ADMIN_PASSWORD ?? null,
    trustProxy: e.TRUST_PROXY,
    redisUrl: e.REDIS_URL ?? null,
    metricsToken: e.METRICS_TOKEN ?? null,
  };
};

/** Reads the process environment; the one place that does. */
export const loadConfigFromProcess = (defaults?: { clientDist: string | null }): AppConfig =>
  loadConfig(process.env, defaults);
