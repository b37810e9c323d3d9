import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      isDemo: true,
      logLevel: 'info',
      mapStyleUrl: null,
      simulatorPort: 8090,
      demoSensorIntervalSeconds: 10,
      demoSlowIntervalSeconds: 30,
      mqttUrl: null,
      demoMqttPort: 1884,
      demoMqttPassword: null,
      clientDist: null,
      feedAllowedHosts: [],
      adminPassword: null,
      trustProxy: false,
      redisUrl: null,
      metricsToken: null,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      DATABASE_URL: 'postgres://ioc@db:5432/ioc',
      DEMO: 'off',
      MAP_STYLE_URL: 'https://tiles.example.vn/style.json',
      DATA_DIR: '/var/lib/ioc',
      FEED_ALLOWED_HOSTS: ' data.sotttt.hcm.local:8443, 10.1.2.3 ,',
    });
    expect(config).toMatchObject({
      port: 9000,
      databaseUrl: 'postgres://ioc@db:5432/ioc',
      isDemo: false,
      mapStyleUrl: 'https://tiles.example.vn/style.json',
      dataDir: '/var/lib/ioc',
      feedAllowedHosts: ['data.sotttt.hcm.local:8443', '10.1.2.3'],
    });
  });

  it('treats an empty optional URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', MAP_STYLE_URL: '' })).toMatchObject({
      databaseUrl: undefined,
      mapStyleUrl: null,
    });
  });

  it('lists every bad variable in one message, with the value it got', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DEMO: 'maybe', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect((error as ConfigError).problems).toHaveLength(4);
    for (const fragment of ['PORT', '"eighty"', 'DEMO', '"maybe"', 'DATABASE_URL', 'LOG_LEVEL']) {
      expect(message).toContain(fragment);
    }
  });
});
