import { useId, useMemo } from 'react';
import { formatDateTime, type I18n } from '../../../lib/i18n';
import { orderedTimeline, type TimelineEntry, timelineLabelKey } from '../model/alert-lifecycle';

interface AlertTimelineProps {
  timeline: readonly TimelineEntry[];
  timeZone: string;
  i18n: I18n;
}

/** What happened to the alert, oldest first: what, when (city time), and who. */
export const AlertTimeline = ({ timeline, timeZone, i18n }: AlertTimelineProps) => {
  const { language, t } = i18n;
  const headingId = useId();
  const entries = useMemo(() => orderedTimeline(timeline), [timeline]);
  return (
    <section className="alert-detail__section" aria-labelledby={headingId}>
      <h3 id={headingId} className="alert-detail__heading">
        {t('alertDetail.timeline')}
      </h3>
      {entries.length === 0 ? (
        <p className="alert-detail__muted">{t('alertDetail.noTimeline')}</p>
      ) : (
        <ol className="alert-timeline">
          {entries.map((entry) => (
            <li
              key={entry.seq}
              className="alert-timeline__entry"
              data-testid="alert-timeline-entry"
              data-type={entry.type}
            >
              <span className="alert-timeline__label">{t(timelineLabelKey(entry.type))}</span>
              <time className="alert-timeline__time" dateTime={entry.at}>
                {formatDateTime(entry.at, language, timeZone)}
              </time>
              <span className="alert-timeline__actor">
                {entry.actor ?? t('alertDetail.system')}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
};
