import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { formatAge, useI18n } from '../../../lib/i18n';
import { useNow } from '../../../lib/use-now';
import { feedStatusesQueryOptions } from '../api/feed-queries';
import { sortFeedsForDisplay, summarizeFeedHealth } from '../model/feed-health';

/**
 * "5/6 feeds OK · updated 12 s ago" in the header; opens to every feed with its own age, so
 * each number says how old it is.
 */
export const FeedHealthSummary = () => {
  const { language, t } = useI18n();
  const now = useNow();
  const { data: feeds, isPending, isError } = useQuery(feedStatusesQueryOptions());
  const summary = useMemo(() => summarizeFeedHealth(feeds ?? []), [feeds]);
  const sorted = useMemo(() => sortFeedsForDisplay(feeds ?? []), [feeds]);

  if (isPending) return <span className="feed-health">{t('feeds.loading')}</span>;
  if (isError && !feeds) return <span className="feed-health">{t('feeds.loadFailed')}</span>;

  const age = summary.lastSuccessAt
    ? t('feeds.updated', { age: formatAge(summary.lastSuccessAt, now, language) })
    : t('feeds.neverUpdated');

  return (
    <details
      className="feed-health"
      data-testid="feed-health"
      data-ok={summary.ok}
      data-total={summary.total}
      data-worst={summary.worstState ?? 'none'}
    >
      <summary>
        <span className="feed-health__dot" data-state={summary.worstState ?? 'none'} />
        {summary.total === 0 ? (
          t('feeds.none')
        ) : (
          <>
            <span className="feed-health__count">
              {t('feeds.summary', { ok: summary.ok, total: summary.total })}
            </span>
            <span className="feed-health__age">{age}</span>
          </>
        )}
      </summary>
      <ul className="feed-health__list" aria-label={t('feeds.title')}>
        {sorted.map((feed) => (
          <li key={feed.feedId} className="feed-health__item" data-state={feed.state}>
            <span className="feed-health__name">{feed.name}</span>
            <span className="feed-health__state">{t(`feedState.${feed.state}`)}</span>
            <span className="feed-health__age">
              {feed.lastSuccessAt
                ? t('feeds.updated', { age: formatAge(feed.lastSuccessAt, now, language) })
                : t('feeds.neverUpdated')}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
};
