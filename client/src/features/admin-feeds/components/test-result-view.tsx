import { type FeedTestResult, SeveritySchema } from '@city-ioc/shared';
import { formatNumber, formatShortDateTime, useI18n } from '../../../lib/i18n';

/** Observations listed on screen; the total says how many the run found. */
const SHOWN_OBSERVATIONS = 20;

interface TestResultViewProps {
  result: FeedTestResult;
  indicatorLabel: (indicatorId: string) => string;
  timeZone: string;
}

/** What a dry run found: every text here comes from upstream data and is shown as text only. */
export const TestResultView = ({ result, indicatorLabel, timeZone }: TestResultViewProps) => {
  const { language, t } = useI18n();
  const shown = result.observations.slice(0, SHOWN_OBSERVATIONS);
  // CAP severities are a closed list we have words for; anything else is shown as sent.
  const severityLabel = (severity: string) => {
    const known = SeveritySchema.safeParse(severity);
    return known.success ? t(`severity.${known.data}`) : severity;
  };
  return (
    <section
      className="test-result"
      data-testid="test-result"
      data-ok={result.ok ? 'true' : 'false'}
      data-total={result.total}
      aria-live="polite"
    >
      <h3 className="test-result__title">
        {t('test.title')}{' '}
        <span className="test-result__badge" data-ok={result.ok ? 'true' : 'false'}>
          {result.ok ? t('test.ok') : t('test.failed')}
        </span>
      </h3>
      <p className="test-result__summary">
        {t('test.total', { count: formatNumber(result.total, language) })} ·{' '}
        {t('test.nothingSaved')}
      </p>
      {result.error ? <p className="test-result__error">{result.error}</p> : null}
      {shown.length > 0 ? (
        <>
          <table className="data-table data-table--compact" data-testid="test-observations">
            <thead>
              <tr>
                <th scope="col">{t('test.col.indicator')}</th>
                <th scope="col">{t('test.col.subject')}</th>
                <th scope="col">{t('test.col.time')}</th>
                <th scope="col" className="data-table__number">
                  {t('test.col.value')}
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((observation) => (
                <tr
                  key={`${observation.indicatorId}\u0000${observation.subjectId}\u0000${observation.observedAt}`}
                >
                  <td title={observation.indicatorId}>{indicatorLabel(observation.indicatorId)}</td>
                  <td className="data-table__nowrap">
                    {observation.subjectId || t('test.cityWide')}
                  </td>
                  <td className="data-table__time" title={observation.observedAt}>
                    {formatShortDateTime(observation.observedAt, language, timeZone)}
                  </td>
                  <td className="data-table__number">
                    {formatNumber(observation.value, language)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.total > shown.length ? (
            <p className="test-result__note">
              {t('test.shown', { shown: shown.length, total: result.total })}
            </p>
          ) : null}
        </>
      ) : null}
      <TextList title={t('test.problems')} items={result.problems} testId="test-problems" />
      <TextList
        title={t('test.unknownIndicators')}
        items={result.unknownIndicators}
        testId="test-unknown-indicators"
      />
      <TextList
        title={t('test.unknownSubjects')}
        items={result.unknownSubjects}
        testId="test-unknown-subjects"
      />
      {result.capMessages.length > 0 ? (
        <div className="test-result__group" data-testid="test-cap-messages">
          <h4>{t('test.capMessages')}</h4>
          <ul className="test-result__list">
            {result.capMessages.map((message) => (
              <li key={message.identity} data-live={message.isLive ? 'true' : 'false'}>
                <span className="test-result__badge" data-ok={message.isLive ? 'true' : 'false'}>
                  {message.isLive ? t('test.cap.live') : t('test.cap.notLive')}
                </span>{' '}
                <strong>{message.headline}</strong>
                <span className="test-result__meta">
                  {[
                    severityLabel(message.severity),
                    `${message.msgType} / ${message.status}`,
                    t('test.cap.areas', { count: message.areaCount }),
                  ].join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
};

const TextList = ({
  title,
  items,
  testId,
}: {
  title: string;
  items: readonly string[];
  testId: string;
}) =>
  items.length === 0 ? null : (
    <div className="test-result__group" data-testid={testId}>
      <h4>{title}</h4>
      <ul className="test-result__list">
        {items.map((item, index) => (
          // Problems may repeat word for word; their position is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: a static list, never reordered
          <li key={index}>{item}</li>
        ))}
      </ul>
    </div>
  );
