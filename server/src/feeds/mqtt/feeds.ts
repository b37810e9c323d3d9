import type { Feed, FeedStatus, MqttFeed } from '@city-ioc/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../store/db';
import { createFeedRepository } from '../../store/feed-repository';
import type { IngestService } from '../ingest';
import type { OutboundPolicy } from '../outbound/url-guard';
import { guardedBrokerStream } from './guarded-stream';
import { mqttMessageToObservations } from './handle-message';
import { createMqttSubscriber, type MqttSubscriber } from './subscriber';

export interface MqttFeedsDeps {
  db: Db;
  ingest: IngestService;
  policy: OutboundPolicy;
  clock: () => Date;
  log: FastifyBaseLogger;
  onStatus: (status: FeedStatus) => void;
  /** How often a feed's counters and last-data time are written; 1 s by default. */
  statusFlushMs?: number;
}

interface Running {
  configKey: string;
  subscriber: MqttSubscriber;
  /** Messages stored since the last status write, and how many observations they held. */
  pending: { messages: number; observations: number; lastAt: string | null };
  flushTimer: NodeJS.Timeout | null;
}

/**
 * Keeps one MQTT subscriber per enabled MQTT feed, in step with the configuration: `sync()`
 * starts new feeds, restarts edited ones and stops disabled or deleted ones. Each message is
 * mapped, ingested (committed) and only then acknowledged. Feed health follows the broker
 * connection (lost → Error with the reason; connected → the error clears) and the data (each
 * stored message is data; a message that can never be stored is an error with its reason).
 * Status writes are coalesced to one per second per feed, so a busy topic does not add a
 * write per message.
 */
export const createMqttFeeds = ({
  db,
  ingest,
  policy,
  clock,
  log,
  onStatus,
  statusFlushMs = 1_000,
}: MqttFeedsDeps) => {
  const feeds = createFeedRepository(db);
  const running = new Map<string, Running>();

  const report = async (feedId: string) => {
    const status = await feeds.getStatus(feedId, clock());
    if (status) onStatus(status);
  };
  const safely = (what: string, feedId: string, work: () => Promise<void>) =>
    void work().catch((error) => log.warn({ err: error, feedId }, `mqtt feed ${what} failed`));

  const flush = async (feedId: string, entry: Running) => {
    entry.flushTimer = null;
    const { messages, observations, lastAt } = entry.pending;
    if (messages === 0 || lastAt === null) return;
    entry.pending = { messages: 0, observations: 0, lastAt: null };
    await feeds.recordSuccess(feedId, lastAt, observations);
    await report(feedId);
  };

  const start = (feed: MqttFeed, configKey: string) => {
    const entry: Running = {
      configKey,
      subscriber: createMqttSubscriber({
        feedId: feed.id,
        config: feed.config,
        log,
        streamBuilder: guardedBrokerStream(feed.config.url, policy),
        onMessage: async (topic, payload) => {
          const mapped = mqttMessageToObservations(
            topic,
            payload,
            feed.config,
            clock().toISOString(),
          );
          if (!mapped.ok) {
            safely('status', feed.id, async () => {
              await feeds.recordFailure(
                feed.id,
                clock().toISOString(),
                `message on ${topic} refused: ${mapped.reason}`,
              );
              await report(feed.id);
            });
            return 'refuse';
          }
          // Throws when the store fails: the message stays unacknowledged and comes again.
          const outcome = await ingest.ingest(feed.id, mapped.observations);
          entry.pending.messages += 1;
          entry.pending.observations += outcome.stored.length;
          entry.pending.lastAt = clock().toISOString();
          entry.flushTimer ??= setTimeout(
            () => safely('status', feed.id, () => flush(feed.id, entry)),
            statusFlushMs,
          );
          return 'ack';
        },
        onState: (state, reason) => {
          if (state === 'connected') {
            safely('status', feed.id, async () => {
              await feeds.recordChecked(feed.id, clock().toISOString());
              await report(feed.id);
            });
          } else if (state === 'error' || state === 'offline') {
            const why =
              reason ?? (state === 'offline' ? 'not connected to the broker; retrying' : 'error');
            safely('status', feed.id, async () => {
              await feeds.recordFailure(feed.id, clock().toISOString(), `MQTT: ${why}`);
              await report(feed.id);
            });
          }
        },
      }),
      pending: { messages: 0, observations: 0, lastAt: null },
      flushTimer: null,
    };
    running.set(feed.id, entry);
    // start() settles after the first attempt; it never rejects for network reasons.
    void entry.subscriber.start();
  };

  const stopOne = async (feedId: string) => {
    const entry = running.get(feedId);
    if (!entry) return;
    running.delete(feedId);
    await entry.subscriber.stop();
    if (entry.flushTimer) clearTimeout(entry.flushTimer);
    await flush(feedId, entry).catch((error) =>
      log.warn({ err: error, feedId }, 'mqtt feed status failed'),
    );
  };

  return {
    /** Brings the running subscribers in line with `all` (the whole feed list). */
    async sync(all: readonly Feed[]) {
      const wanted = new Map<string, { feed: MqttFeed; key: string }>();
      for (const feed of all) {
        if (feed.adapter === 'mqtt' && feed.enabled) {
          wanted.set(feed.id, { feed, key: JSON.stringify(feed.config) });
        }
      }
      const stale = [...running.entries()].filter(
        ([id, entry]) => wanted.get(id)?.key !== entry.configKey,
      );
      // One client id, one connection: the old session is closed before an edited feed reconnects.
      await Promise.all(stale.map(([id]) => stopOne(id)));
      for (const [id, { feed, key }] of wanted) if (!running.has(id)) start(feed, key);
    },
    async stop() {
      await Promise.all([...running.keys()].map(stopOne));
    },
    stats: () =>
      Object.fromEntries([...running.entries()].map(([id, e]) => [id, e.subscriber.stats()])),
  };
};
export type MqttFeeds = ReturnType<typeof createMqttFeeds>;
