import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import { buildDemoCity, type DemoCity } from '../demo/city';
import { rainMessages, rostersOf } from './payloads';

export interface MqttPublisherOptions {
  /** mqtt://host:port of the broker, without credentials. */
  brokerUrl: string;
  intervalMs: number;
  seed: number;
  /** Defaults to buildDemoCity(): the gauges are its water-level stations. */
  city?: DemoCity;
  /** Defaults to the system clock. */
  clock?: () => Date;
  /** Every failure ends here (connection, publish); the publisher itself never throws. */
  onError: (message: string) => void;
  /** 4 (MQTT 3.1.1, what the demo's embedded aedes broker speaks) or 5. Default 4. */
  protocolVersion?: 4 | 5;
  /** For a broker that asks clients to sign in (the demo's embedded one does). */
  username?: string;
  password?: string;
}

export interface MqttPublisher {
  /** Stops publishing and disconnects; resolves within a few seconds even if the broker is gone. */
  stop(): Promise<void>;
}

/** How long stop() waits for in-flight QoS 1 messages before cutting the connection. */
const STOP_GRACE_MS = 2_000;

/**
 * The Department of Natural Resources and Environment's automatic rain gauges as an external
 * system: every interval, one QoS 1 message per gauge on `hcmc/tnmt/rain/<stationId>` with
 * `{ "rainfallMm": …, "at": "…" }` (see `rainMessages`). A fresh client id each start
 * (`city-ioc-sim-rain-<random>`) and a clean session: a gauge does not care for missed
 * messages, so readings are skipped (not queued) while the broker is unreachable, and mqtt.js
 * reconnects on its own. Nothing is thrown: errors go to `onError`.
 */
export const startMqttPublisher = ({
  brokerUrl,
  intervalMs,
  seed,
  city = buildDemoCity(),
  clock = () => new Date(),
  onError,
  protocolVersion = 4,
  username,
  password,
}: MqttPublisherOptions): MqttPublisher => {
  let isStopping = false;
  const report = (message: string) => {
    // Messages cut short by stop() are not failures worth telling.
    if (isStopping) return;
    try {
      onError(message);
    } catch {
      // A failing error handler must not take the publisher down.
    }
  };
  const gauges = rostersOf(city, seed).water_sensor;

  const brokerProblem = (() => {
    try {
      const { protocol } = new URL(brokerUrl);
      return protocol === 'mqtt:' || protocol === 'mqtts:' ? null : 'not an mqtt:// URL';
    } catch {
      return 'not a URL';
    }
  })();
  if (brokerProblem) {
    report(`rain gauge MQTT publisher cannot start: the broker URL is ${brokerProblem}`);
    return { stop: async () => {} };
  }

  let client: MqttClient;
  try {
    client = connect(brokerUrl, {
      clientId: `city-ioc-sim-rain-${randomBytes(6).toString('hex')}`,
      clean: true,
      protocolVersion,
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
    });
  } catch (error) {
    report(`rain gauge MQTT publisher cannot start: ${(error as Error).message}`);
    return { stop: async () => {} };
  }
  // mqtt.js retries every second while the broker is down: tell each distinct failure once.
  let lastConnectionError: string | null = null;
  client.on('connect', () => {
    lastConnectionError = null;
  });
  client.on('error', (error) => {
    if (error.message === lastConnectionError) return;
    lastConnectionError = error.message;
    report(`rain gauge MQTT connection: ${error.message}`);
  });

  const publishAll = () => {
    // Offline, readings are dropped rather than queued: the next interval carries fresh ones.
    if (!client.connected) return;
    try {
      for (const { topic, payload } of rainMessages(clock(), gauges)) {
        client.publish(topic, JSON.stringify(payload), { qos: 1 }, (error) => {
          if (error) report(`rain gauge MQTT publish on ${topic}: ${error.message}`);
        });
      }
    } catch (error) {
      report(`rain gauge MQTT publish failed: ${(error as Error).message}`);
    }
  };
  const timer = setInterval(publishAll, intervalMs);
  timer.unref();

  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        isStopping = true;
        clearInterval(timer);
        // A broker that never acknowledges would hold a graceful end back: cut the socket.
        const force = setTimeout(() => {
          client.stream?.destroy();
          resolve();
        }, STOP_GRACE_MS);
        force.unref();
        client.end(false, {}, () => {
          clearTimeout(force);
          resolve();
        });
      });
      return stopping;
    },
  };
};
