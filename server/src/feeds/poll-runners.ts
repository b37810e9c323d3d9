import type { CapFeed, Feed, FeedStatus, NgsiFeed } from '@city-ioc/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../store/db';
import { createFeedRepository } from '../store/feed-repository';
import type { CapIngest } from './cap/ingest';
import type { CapAlert } from './cap/parse';
import { parseCapAlert } from './cap/parse';
import { parseCapFeed } from './cap/parse-feed';
import { FeedFetchError, type FetchOptions, fetchJson, fetchXml } from './http-poll/client';
import type { IngestService } from './ingest';
import { ngsiEntitiesToObservations } from './ngsi/map';
import { parseNgsiNotification } from './ngsi/parse';
import type { OutboundPolicy } from './outbound/url-guard';

/** At most this many linked CAP messages are fetched per poll of an index feed. */
const MAX_LINKED_PER_POLL = 20;
const MAX_BYTES = 10_000_000;

export interface PollRunnerDeps {
  db: Db;
  policy: OutboundPolicy;
  ingest: IngestService;
  capIngest: CapIngest;
  clock: () => Date;
  log: FastifyBaseLogger;
  onStatus: (status: FeedStatus) => void;
}

/**
 * One poll of a CAP feed (Atom/RSS index or fat feed, or a single alert) or of an NGSI broker's
 * entity query. Failures are logged, counted and shown as the feed's error; never thrown.
 */
export const createPollRunners = ({
  db,
  policy,
  ingest,
  capIngest,
  clock,
  log,
  onStatus,
}: PollRunnerDeps) => {
  const feeds = createFeedRepository(db);
  const options = (timeoutMs: number, signal: AbortSignal): FetchOptions => ({
    policy,
    timeoutMs,
    maxBytes: MAX_BYTES,
    signal,
  });

  const runCap = async (feed: CapFeed, signal: AbortSignal) => {
    if (feed.config.mode !== 'poll') return 0;
    const { url, timeoutMs } = feed.config.poll;
    const xml = await fetchXml(url, options(timeoutMs, signal));
    const messages: CapAlert[] = [];
    const problems: string[] = [];
    if (/<(\w+:)?(feed|rss|alerts)[\s>]/.test(xml.slice(0, 2_000))) {
      const parsed = parseCapFeed(xml);
      if (!parsed.ok)
        throw new FeedFetchError(`invalid CAP feed: ${parsed.errors[0] ?? 'refused'}`);
      let linked = 0;
      for (const entry of parsed.entries) {
        if (entry.alert) messages.push(entry.alert);
        else if (entry.link && linked < MAX_LINKED_PER_POLL) {
          linked += 1;
          const one = parseCapAlert(await fetchXml(entry.link, options(timeoutMs, signal)));
          if (one.ok) messages.push(one.alert);
          else problems.push(`${entry.id}: ${one.errors[0] ?? 'refused'}`);
        }
      }
    } else {
      const one = parseCapAlert(xml);
      if (!one.ok) throw new FeedFetchError(`invalid CAP: ${one.errors[0] ?? 'refused'}`);
      messages.push(one.alert);
    }
    if (problems.length > 0)
      log.warn({ feedId: feed.id, problems: problems.slice(0, 5) }, 'CAP messages refused');
    // Oldest first, so an Update finds the alert its earlier message raised.
    messages.sort((a, b) => Date.parse(a.sent) - Date.parse(b.sent));
    let accepted = 0;
    for (const message of messages) {
      const outcome = await capIngest.ingest(feed, message);
      if (!outcome.duplicate) accepted += 1;
    }
    return accepted;
  };

  const runNgsi = async (feed: NgsiFeed, signal: AbortSignal) => {
    const reconcile = feed.config.reconcile;
    if (!reconcile) return 0;
    const body = await fetchJson(reconcile.url, options(reconcile.timeoutMs, signal));
    // A broker's entity query answers a bare array: wrap it as the notification it would have sent.
    const parsed = parseNgsiNotification(
      Array.isArray(body) ? { subscriptionId: `reconcile:${feed.id}`, data: body } : body,
    );
    if (!parsed.ok) throw new FeedFetchError(`broker answer refused: ${parsed.reason}`);
    const { observations } = ngsiEntitiesToObservations(
      parsed.entities,
      feed.config.mapping,
      clock().toISOString(),
    );
    const outcome = await ingest.ingest(feed.id, observations);
    return outcome.stored.length;
  };

  return async (feed: Feed, signal: AbortSignal): Promise<boolean> => {
    try {
      const stored =
        feed.adapter === 'cap'
          ? await runCap(feed, signal)
          : feed.adapter === 'ngsi'
            ? await runNgsi(feed, signal)
            : 0;
      await feeds.recordSuccess(feed.id, clock().toISOString(), stored);
      const status = await feeds.getStatus(feed.id, clock());
      if (status) onStatus(status);
      return true;
    } catch (error) {
      if (signal.aborted) return false;
      const reason =
        error instanceof FeedFetchError ? error.message : 'internal error while storing';
      log.warn(
        { feedId: feed.id, reason, err: error instanceof FeedFetchError ? undefined : error },
        'feed poll failed',
      );
      await feeds.recordFailure(feed.id, clock().toISOString(), reason).catch(() => {});
      const status = await feeds.getStatus(feed.id, clock()).catch(() => null);
      if (status) onStatus(status);
      return false;
    }
  };
};
