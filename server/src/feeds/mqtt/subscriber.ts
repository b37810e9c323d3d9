import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { MqttConfig } from '@city-ioc/shared';
import type { FastifyBaseLogger } from 'fastify';
import { type ClientSubscribeCallback, type IClientOptions, MqttClient } from 'mqtt';
import { type ReconnectBackoff, reconnectDelayMs } from './reconnect-delay';

/** What became of a message: stored and committed ('ack'), or never storable ('refuse'). */
export type MqttAckDecision = 'ack' | 'refuse';
export type MqttSubscriberState = 'connecting' | 'connected' | 'offline' | 'error';
export type MqttLog = Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn' | 'error'>;

export interface MqttSubscriberOptions {
  feedId: string;
  config: MqttConfig;
  /**
   * Stores one message and resolves only after the commit ('ack'), or says it can never be
   * stored ('refuse'). Throwing (database down) leaves the message unacknowledged: the broker
   * delivers it again after the reconnect.
   */
  onMessage: (topic: string, payload: Buffer) => Promise<MqttAckDecision>;
  log: MqttLog;
  onState?: (state: MqttSubscriberState, reason?: string) => void;
  /** Reconnect delays; by default 1 s doubling up to 60 s. */
  backoff?: Partial<ReconnectBackoff>;
  /** Time allowed for the TCP/TLS connection and CONNACK; 10 s by default. */
  connectTimeoutMs?: number;
  /** How long stop() lets a message being stored finish (and be acknowledged); 5 s by default. */
  stopGraceMs?: number;
  /**
   * Opens the connection to the broker, each (re)connect; the feeds use `guardedBrokerStream`
   * (address checks at connect time). By default a plain TCP or TLS socket to `config.url`.
   */
  streamBuilder?: () => Duplex;
}

export interface MqttSubscriberStats {
  /** QoS 1 deliveries handed to onMessage, redeliveries included. */
  received: number;
  /** Messages acknowledged after their commit. */
  acked: number;
  /** Poison messages acknowledged without storing anything. */
  refused: number;
  /** Deliveries left unacknowledged because storing failed; the broker redelivers them. */
  failed: number;
  /** QoS 0 messages (the broker downgraded a subscription) that could not be stored: lost. */
  lostQos0: number;
  /** Successful connections (CONNACK). */
  connects: number;
  /** Reconnections where the broker had lost our session, so we subscribed again. */
  sessionsLost: number;
}

export interface MqttSubscriber {
  start(): Promise<void>;
  stop(): Promise<void>;
  stats(): MqttSubscriberStats;
}

/**
 * MQTT 5 ends a session when the connection closes unless the client asks for an expiry, so
 * `clean: false` alone would lose every message published while we are away. A week covers a
 * long outage of the IOC without leaving a forgotten feed's queue on a department's broker
 * for ever.
 */
const SESSION_EXPIRY_SECONDS = 7 * 86_400;
/** Larger packets are dropped by the broker for this client instead of being sent (MQTT 5). */
const MAX_PACKET_BYTES = 1_048_576;
/**
 * PUBACK reason for a refused message, "Implementation specific error: the PUBLISH is valid but
 * the receiver is not willing to accept it". Any PUBACK ends the QoS 1 exchange (MQTT 5 §4.3.2),
 * so the broker discards the message instead of redelivering it.
 */
const REFUSED_REASON_CODE = 0x83;
/** A plain TCP (mqtt:) or TLS (mqtts:) socket to the broker, without address checks. */
const defaultStreamBuilder = (raw: string) => (): Duplex => {
  const url = new URL(raw);
  const isTls = url.protocol === 'mqtts:';
  const port = url.port === '' ? (isTls ? 8883 : 1883) : Number(url.port);
  return isTls
    ? tlsConnect({ host: url.hostname, port, servername: url.hostname })
    : netConnect({ host: url.hostname, port });
};

const DEFAULT_BACKOFF: ReconnectBackoff = { initialMs: 1_000, maxMs: 60_000 };
const SAMPLE_LENGTH = 80;

/**
 * A persistent MQTT session for one feed (stable client id, `clean: false`, QoS 1) whose
 * messages are acknowledged only after `onMessage` committed them:
 *
 * - mqtt.js hands each QoS 1 PUBLISH to `customHandleAcks` and sends the PUBACK when its
 *   callback is called. It processes incoming packets one at a time and reads the next one only
 *   after that callback, so messages are stored in the order the broker sent them.
 * - 'ack' → PUBACK 0; 'refuse' → PUBACK 0x83 (logged, counted) so a poison message cannot block
 *   the session.
 * - onMessage throws → no PUBACK, and the connection is dropped: a broker resends an
 *   unacknowledged message only when the session resumes on a new connection (MQTT 5 §4.4),
 *   never on the same one. The callback is never called, so nothing more is read from the
 *   dropped connection; the messages behind it are redelivered too.
 * - An acknowledgement is sent only on the connection that delivered the message. If that
 *   connection closed while the message was being stored, mqtt.js would queue the PUBACK and
 *   send it on the next connection, where the packet id may already name another message; it
 *   is dropped instead, the broker redelivers, and the natural key stores nothing twice.
 * - Reconnection is ours (mqtt.js `reconnectPeriod: 0`): doubling delays after refused
 *   connections or failed stores, never giving up. The first CONNACK of a start() subscribes
 *   (the topic list may have changed); a later one subscribes again only when the broker lost
 *   the session (`sessionPresent: false`).
 */
export const createMqttSubscriber = ({
  feedId,
  config,
  onMessage,
  log,
  onState,
  backoff: backoffOverrides,
  connectTimeoutMs = 10_000,
  stopGraceMs = 5_000,
  streamBuilder,
}: MqttSubscriberOptions): MqttSubscriber => {
  const isV5 = config.protocolVersion === 5;
  const backoff: ReconnectBackoff = { ...DEFAULT_BACKOFF, ...backoffOverrides };
  const filters = config.topics.map((t) => t.filter);
  const counters: MqttSubscriberStats = {
    received: 0,
    acked: 0,
    refused: 0,
    failed: 0,
    lostQos0: 0,
    connects: 0,
    sessionsLost: 0,
  };

  let client: MqttClient | null = null;
  let isStopping = false;
  let reconnectTimer: NodeJS.Timeout | null = null;
  /** Connections closed before a CONNACK, in a row. */
  let connectFailures = 0;
  /** Deliveries whose store failed, in a row. */
  let storeFailures = 0;
  /** Whether the current connection got its CONNACK. */
  let isConnected = false;
  /** Whether this start() has had its subscriptions granted once. */
  let hasSubscribed = false;
  let inFlight: Promise<void> | null = null;
  let settleStart: (() => void) | null = null;

  const setState = (state: MqttSubscriberState, reason?: string) => {
    try {
      onState?.(state, reason);
    } catch (error) {
      log.error({ feedId, err: error }, 'mqtt onState listener failed');
    }
  };
  const settle = () => {
    settleStart?.();
    settleStart = null;
  };
  const sample = (payload: Buffer) => payload.subarray(0, SAMPLE_LENGTH).toString('utf8');

  /** QoS 1 (and 2) deliveries: store, then acknowledge on the same connection. */
  const handleAcks: IClientOptions['customHandleAcks'] = (topic, payload, packet, done) => {
    const owner = client;
    const stream = owner?.stream;
    counters.received += 1;
    const work = (async () => {
      let decision: MqttAckDecision;
      try {
        decision = await onMessage(topic, payload);
      } catch (error) {
        counters.failed += 1;
        storeFailures += 1;
        log.warn(
          { feedId, topic, isRedelivery: packet.dup === true, err: error },
          'mqtt message not stored: not acknowledged; reconnecting so that the broker redelivers it',
        );
        setState('error', 'storing a message failed; it will be redelivered');
        if (owner && owner === client && owner.stream === stream) stream?.destroy();
        return;
      }
      storeFailures = 0;
      if (decision === 'refuse') {
        counters.refused += 1;
        log.warn(
          { feedId, topic, bytes: payload.length, sample: sample(payload) },
          'mqtt message refused: it can never be stored; acknowledged so that it does not block the session',
        );
      }
      if (!owner || owner !== client || !owner.connected || owner.stream !== stream) {
        log.info(
          { feedId, topic },
          'mqtt connection closed before the acknowledgement: the broker redelivers the message',
        );
        return;
      }
      if (decision === 'ack') counters.acked += 1;
      done(decision === 'ack' ? 0 : REFUSED_REASON_CODE);
    })();
    inFlight = work;
    void work.finally(() => {
      if (inFlight === work) inFlight = null;
    });
  };

  /** QoS 0 deliveries (only if the broker downgraded a subscription): best effort. */
  const handleQos0 = async (topic: string, payload: Buffer) => {
    try {
      const decision = await onMessage(topic, payload);
      if (decision === 'refuse') {
        counters.refused += 1;
        log.warn({ feedId, topic, sample: sample(payload) }, 'mqtt QoS 0 message refused');
      }
    } catch (error) {
      counters.lostQos0 += 1;
      log.warn({ feedId, topic, err: error }, 'mqtt QoS 0 message not stored: lost');
    }
  };

  const subscribe = (owner: MqttClient, isSessionLost: boolean) => {
    owner.subscribe(
      filters,
      { qos: 1, rh: 1 },
      (error, _grants, suback?: Parameters<ClientSubscribeCallback>[2]) => {
        if (owner !== client) return;
        if (!suback) {
          // The connection closed before the SUBACK; the next CONNACK subscribes again.
          log.debug({ feedId, err: error }, 'mqtt subscribe interrupted');
          return;
        }
        const codes = suback.granted as number[];
        const refused = filters.filter((_, i) => (codes[i] ?? 0x80) >= 0x80);
        const downgraded = filters.filter((_, i) => codes[i] === 0);
        hasSubscribed = refused.length === 0;
        if (downgraded.length > 0) {
          log.warn(
            { feedId, filters: downgraded },
            'mqtt broker granted QoS 0: those messages cannot be acknowledged after commit',
          );
        }
        setState('connected', isSessionLost ? 'the broker had lost the session' : undefined);
        if (refused.length > 0) {
          log.warn({ feedId, filters: refused, codes }, 'mqtt broker refused subscriptions');
          setState('error', `the broker refused the subscription to ${refused.join(', ')}`);
        }
        settle();
      },
    );
  };

  const scheduleReconnect = (owner: MqttClient) => {
    if (reconnectTimer || isStopping) return;
    const delayMs = reconnectDelayMs(
      Math.max(connectFailures, storeFailures),
      backoff,
      Math.random(),
    );
    log.debug({ feedId, delayMs }, 'mqtt reconnecting');
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      if (owner !== client || isStopping) return;
      setState('connecting');
      owner.reconnect();
    }, delayMs);
  };

  const createClient = (): MqttClient => {
    const build = streamBuilder ?? defaultStreamBuilder(config.url);
    const owner = new MqttClient(build, {
      protocolVersion: config.protocolVersion,
      clientId: config.clientId,
      clean: false,
      // MQTT 3.1.1 keeps a persistent session until the client asks otherwise.
      ...(isV5
        ? {
            properties: {
              sessionExpiryInterval: SESSION_EXPIRY_SECONDS,
              maximumPacketSize: MAX_PACKET_BYTES,
            },
          }
        : {}),
      ...(config.username !== undefined ? { username: config.username } : {}),
      ...(config.password !== undefined ? { password: config.password } : {}),
      customHandleAcks: handleAcks,
      // Our own reconnect loop with backoff; mqtt.js would retry at a fixed period.
      reconnectPeriod: 0,
      // We subscribe ourselves, on the CONNACKs that need it.
      resubscribe: false,
      connectTimeout: connectTimeoutMs,
      keepalive: 30,
      // Listeners are attached before the first connection attempt.
      manualConnect: true,
      // mqtt.js's debug log would print the CONNECT packet, password included.
      log: () => {},
    });
    // mqtt.js keeps `customHandleAcks` only for MQTT 5 and otherwise acknowledges a PUBLISH at
    // once; its handler reads the option at each PUBLISH, so setting it after construction
    // gives MQTT 3.1.1 the same "PUBACK after commit" (a 3.1.1 PUBACK carries no reason code,
    // so a refused message is simply acknowledged). Covered by the MQTT 3.1.1 tests.
    owner.options.customHandleAcks = handleAcks;
    owner.on('connect', (connack) => {
      if (owner !== client) return;
      // Without it, Nagle's algorithm holds a PUBACK back while the previous one is unacknowledged.
      (owner.stream as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
      isConnected = true;
      connectFailures = 0;
      counters.connects += 1;
      const isSessionLost = hasSubscribed && !connack.sessionPresent;
      if (isSessionLost) {
        counters.sessionsLost += 1;
        log.warn(
          { feedId },
          'mqtt broker lost our session: subscribing again; messages published meanwhile were not kept for us',
        );
      }
      log.info({ feedId, sessionPresent: connack.sessionPresent }, 'mqtt connected');
      if (!hasSubscribed || !connack.sessionPresent) {
        subscribe(owner, isSessionLost);
      } else {
        setState('connected');
        settle();
      }
    });
    owner.on('message', (topic, payload, packet) => {
      // QoS 1 messages also emit 'message' once acknowledged; they went through handleAcks.
      if (owner !== client || packet.qos !== 0) return;
      void handleQos0(topic, payload);
    });
    owner.on('disconnect', (packet) => {
      // 0x8E "Session taken over": another connection uses this client id.
      log.warn({ feedId, reasonCode: packet.reasonCode }, 'mqtt broker disconnected us');
    });
    owner.on('error', (error) => {
      if (owner !== client || isStopping) return;
      log.warn({ feedId, err: error.message }, 'mqtt client error');
      setState('error', error.message);
    });
    owner.on('close', () => {
      if (owner !== client || isStopping) return;
      if (!isConnected) connectFailures += 1;
      isConnected = false;
      setState('offline');
      settle();
      scheduleReconnect(owner);
    });
    return owner;
  };

  const endClient = (owner: MqttClient) =>
    new Promise<void>((resolve) => {
      // A DISCONNECT keeps the session (its expiry was set at CONNECT); if the broker does not
      // answer in time, the socket is destroyed, which keeps the session as well.
      const timer = setTimeout(() => {
        owner.stream?.destroy();
        resolve();
      }, 2_000);
      owner.end(false, {}, () => {
        clearTimeout(timer);
        resolve();
      });
    });

  return {
    /**
     * Connects and subscribes. Resolves once the first attempt has settled (subscribed, or
     * failed and retrying in the background); never rejects for network reasons.
     */
    async start() {
      if (client) return;
      isStopping = false;
      hasSubscribed = false;
      isConnected = false;
      connectFailures = 0;
      storeFailures = 0;
      const settled = new Promise<void>((resolve) => {
        settleStart = resolve;
      });
      client = createClient();
      setState('connecting');
      client.connect();
      await settled;
    },

    /**
     * Stops reconnecting, lets a message being stored finish (bounded), and disconnects. The
     * broker keeps the session: messages published meanwhile wait for the next start().
     */
    async stop() {
      const owner = client;
      if (!owner) return;
      isStopping = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      settle();
      if (inFlight) {
        let graceTimer: NodeJS.Timeout | undefined;
        await Promise.race([
          inFlight,
          new Promise<void>((resolve) => {
            graceTimer = setTimeout(resolve, stopGraceMs);
          }),
        ]);
        clearTimeout(graceTimer);
      }
      client = null;
      // Our listeners stay attached (the error listener included) and ignore a stopped client.
      await endClient(owner);
    },

    stats: () => ({ ...counters }),
  };
};
