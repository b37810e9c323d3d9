import { randomBytes } from 'node:crypto';
import type { MqttConfig } from '@city-ioc/shared';
import { MqttClient } from 'mqtt';
import type { OutboundPolicy } from '../outbound/url-guard';
import { guardedBrokerStream } from './guarded-stream';

export interface HeardMessage {
  topic: string;
  payload: Buffer;
}

export interface ListenOptions {
  policy: OutboundPolicy;
  /** Stop after this many messages; 5 by default. */
  maxMessages?: number;
  /** Stop listening after this long; 8 s by default. */
  listenMs?: number;
}

/**
 * Listens on a broker for a feed's topics for a few seconds, for an administrator's "Test":
 * a throw-away clean session under a client id of its own (never the feed's, whose persistent
 * session would be taken over), QoS 0, nothing acknowledged on the feed's behalf. Retained
 * messages arrive at once, so a quiet topic with a retained value still shows something.
 * Rejects with a reason an administrator can act on when the broker cannot be reached.
 */
export const listenOnce = (config: MqttConfig, options: ListenOptions): Promise<HeardMessage[]> =>
  new Promise((resolve, reject) => {
    const maxMessages = options.maxMessages ?? 5;
    const heard: HeardMessage[] = [];
    let isDone = false;
    const client = new MqttClient(guardedBrokerStream(config.url, options.policy), {
      protocolVersion: config.protocolVersion,
      clientId: `${config.clientId.slice(0, 40)}-test-${randomBytes(4).toString('hex')}`,
      clean: true,
      ...(config.username !== undefined ? { username: config.username } : {}),
      ...(config.password !== undefined ? { password: config.password } : {}),
      reconnectPeriod: 0,
      connectTimeout: 5_000,
      manualConnect: true,
      log: () => {},
    });
    const finish = (error?: Error) => {
      if (isDone) return;
      isDone = true;
      clearTimeout(timer);
      client.end(true, {}, () => (error ? reject(error) : resolve(heard)));
    };
    const timer = setTimeout(() => finish(), options.listenMs ?? 8_000);
    client.on('connect', () => {
      client.subscribe(
        config.topics.map((t) => t.filter),
        { qos: 0 },
        (error, granted) => {
          if (error) finish(new Error(`the broker refused the subscription: ${error.message}`));
          else if (granted?.some((g) => g.qos >= 0x80)) {
            finish(new Error('the broker refused the subscription (not authorised?)'));
          }
        },
      );
    });
    client.on('message', (topic, payload) => {
      heard.push({ topic, payload });
      if (heard.length >= maxMessages) finish();
    });
    client.on('error', (error) => finish(new Error(`broker: ${error.message}`)));
    client.on('close', () => {
      if (!isDone && heard.length === 0) finish(new Error('could not connect to the broker'));
      else finish();
    });
    client.connect();
  });
