import { createHash } from 'node:crypto';
import type { FeedStatus, HttpPollFeed } from '@city-ioc/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../store/db';
import { createFeedRepository } from '../../store/feed-repository';
import type { IngestService } from '../ingest';
import type { OutboundPolicy } from '../outbound/url-guard';
import { FeedFetchError, fetchPoll, type PollValidators } from './client';
import { mapPollBody } from './decode';

export interface HttpPollDeps {
  db: Db;
  policy: OutboundPolicy;
  ingest: IngestService;
  clock: () => Date;
  log: FastifyBaseLogger;
  onStatus: (status: FeedStatus) => void;
  maxBytes?: number;
}

/** What the last stored answer of a feed was, to skip an unchanged one. */
interface LastAnswer {
  /** The configuration it was fetched and mapped with: an edit polls afresh. */
  configKey: string;
  validators: PollValidators;
  bodyHash: string;
}

/**
 * One poll of an HTTP feed (JSON, CSV or GeoJSON): conditional fetch → decode → map → ingest
 * (committed) → health. An unchanged answer (HTTP 304, or the same bytes as the last stored
 * one) stores nothing and counts as a check, not as data. A broken upstream answer is logged,
 * counted and shown as the feed's error; it never throws out.
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
  const lastAnswers = new Map<string, LastAnswer>();
  const report = async (feedId: string) => {
    const status = await feeds.getStatus(feedId, clock());
    if (status) onStatus(status);
  };

  return async (feed: HttpPollFeed, signal: AbortSignal): Promise<boolean> => {
    const startedAt = clock().toISOString();
    const configKey = JSON.stringify(feed.config);
    const last = lastAnswers.get(feed.id);
    const previous = last?.configKey === configKey ? last : undefined;
    try {
      const answer = await fetchPoll(
        feed.config.url,
        {
          format: feed.config.format,
          auth: feed.config.auth,
          ...(previous ? { validators: previous.validators } : {}),
        },
        { policy, timeoutMs: feed.config.timeoutMs, maxBytes, signal },
      );
      const bodyHash =
        answer.kind === 'body' ? createHash('sha256').update(answer.body).digest('base64') : '';
      if (answer.kind === 'unchanged' || bodyHash === previous?.bodyHash) {
        await feeds.recordChecked(feed.id, clock().toISOString());
        await report(feed.id);
        return true;
      }
      const parsed = mapPollBody(answer.body, feed.config.format, feed.config.mapping, startedAt);
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
      // Remembered only once stored: a failed store must not make the retry look unchanged.
      lastAnswers.set(feed.id, { configKey, validators: answer.validators, bodyHash });
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
