import type { FeedStatus, HttpPollFeed } from '@city-ioc/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../store/db';
import { createFeedRepository } from '../../store/feed-repository';
import type { IngestService } from '../ingest';
import type { OutboundPolicy } from '../outbound/url-guard';
import { FeedFetchError, fetchJson } from './client';
import { mapJsonDocument } from './parse';

export interface HttpPollDeps {
  db: Db;
  policy: OutboundPolicy;
  ingest: IngestService;
  clock: () => Date;
  log: FastifyBaseLogger;
  onStatus: (status: FeedStatus) => void;
  maxBytes?: number;
}

/**
 * One poll of an HTTP JSON feed: fetch → map → ingest (committed) → health. A broken upstream
 * answer is logged, counted and shown as the feed's error; it never throws out.
 */
export const createHttpPollRunner = ({
  db,
  policy,
  ingest,
  clock,
  log,
  onStatus,
  maxBytes = 10_000_000,
}: HttpPollDeps) => {
  const feeds = createFeedRepository(db);
  const report = async (feedId: string) => {
    const status = await feeds.getStatus(feedId, clock());
    if (status) onStatus(status);
  };

  return async (feed: HttpPollFeed, signal: AbortSignal): Promise<boolean> => {
    const startedAt = clock().toISOString();
    try {
      const document = await fetchJson(feed.config.url, {
        policy,
        timeoutMs: feed.config.timeoutMs,
        maxBytes,
        signal,
      });
      const parsed = mapJsonDocument(document, feed.config.mapping, startedAt);
      if (!parsed.ok) throw new FeedFetchError(parsed.reason);
      const { observations, problems, rejected } = parsed.result;
      if (rejected > 0) {
        log.warn(
          { feedId: feed.id, rejected, sample: problems.slice(0, 3) },
          'feed values refused',
        );
      }
      const outcome = await ingest.ingest(feed.id, observations);
      if (outcome.unknownIndicators.length > 0) {
        log.warn(
          { feedId: feed.id, indicators: outcome.unknownIndicators },
          'unknown indicators in feed mapping',
        );
      }
      await feeds.recordSuccess(feed.id, clock().toISOString(), outcome.stored.length);
      await report(feed.id);
      return true;
    } catch (error) {
      if (signal.aborted) return false;
      const reason =
        error instanceof FeedFetchError ? error.message : 'internal error while storing';
      log.warn(
        { feedId: feed.id, err: error instanceof FeedFetchError ? undefined : error, reason },
        'feed poll failed',
      );
      await feeds.recordFailure(feed.id, clock().toISOString(), reason).catch(() => {});
      await report(feed.id).catch(() => {});
      return false;
    }
  };
};
