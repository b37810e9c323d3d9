import type { RuleBacktestResult } from '@city-ioc/shared';
import { formatNumber, formatShortDateTime, useI18n } from '../../../lib/i18n';
import { chartBars } from '../model/backtest-chart';

const CHART_WIDTH = 480;
const CHART_HEIGHT = 80;

interface BacktestResultViewProps {
  result: RuleBacktestResult;
  timeZone: string;
  /** The form changed after this run: the result may no longer describe it. */
  isStale: boolean;
}

/**
 * What the rule would have done over the last 24 hours: how many alerts, when (a plain SVG bar
 * chart per hour) and a table of fires and resolves. Names are text, never markup.
 */
export const BacktestResultView = ({ result, timeZone, isStale }: BacktestResultViewProps) => {
  const { language, t } = useI18n();
  const when = (iso: string) => formatShortDateTime(iso, language, timeZone);
  const bars = chartBars(result.perHour, CHART_WIDTH, CHART_HEIGHT);
  return (
    <section
      className="test-result backtest"
      data-testid="backtest-result"
      data-fires={result.fires}
      aria-label={t('backtest.title')}
    >
      <h3 className="test-result__title">{t('backtest.title')}</h3>
      {isStale ? (
        <p className="backtest__stale" role="status">
          {t('backtest.stale')}
        </p>
      ) : null}
      <p className="backtest__headline">
        <strong data-testid="backtest-fires">
          {t('backtest.fires', { count: formatNumber(result.fires, language, 0) })}
        </strong>
        {' · '}
        {t('backtest.resolves', { count: formatNumber(result.resolves, language, 0) })}
      </p>
      <p className="test-result__summary">
        {t('backtest.considered', {
          readings: formatNumber(result.evaluated, language, 0),
          subjects: formatNumber(result.subjects, language, 0),
          from: when(result.from),
          to: when(result.to),
        })}
      </p>
      <figure className="backtest__chart">
        <svg
          viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT + 14}`}
          role="img"
          aria-label={t('backtest.chart')}
          data-testid="backtest-chart"
        >
          <line
            x1={0}
            y1={CHART_HEIGHT}
            x2={CHART_WIDTH}
            y2={CHART_HEIGHT}
            className="backtest__axis"
          />
          {bars.map((bar) => (
            <rect
              key={bar.hour}
              x={bar.x}
              y={bar.y}
              width={bar.width}
              height={bar.height}
              className="backtest__bar"
            >
              <title>{t('backtest.bar', { hour: when(bar.hour), count: bar.fires })}</title>
            </rect>
          ))}
          {bars.length > 0 ? (
            <>
              <text x={0} y={CHART_HEIGHT + 12} className="backtest__tick">
                {when(result.from)}
              </text>
              <text
                x={CHART_WIDTH}
                y={CHART_HEIGHT + 12}
                textAnchor="end"
                className="backtest__tick"
              >
                {when(result.to)}
              </text>
            </>
          ) : null}
        </svg>
        <figcaption className="field__hint">{t('backtest.chart')}</figcaption>
      </figure>
      {result.firingAtEnd.length > 0 ? (
        <p className="test-result__summary">
          {t('backtest.firingAtEnd', {
            names: result.firingAtEnd.map((s) => s.subjectName).join(', '),
          })}
        </p>
      ) : null}
      {result.decisions.length === 0 ? (
        <p className="admin-panel__note">{t('backtest.none')}</p>
      ) : (
        <div className="table-scroll backtest__table">
          <table className="data-table" data-testid="backtest-table">
            <thead>
              <tr>
                <th scope="col">{t('backtest.col.time')}</th>
                <th scope="col">{t('backtest.col.subject')}</th>
                <th scope="col">{t('backtest.col.transition')}</th>
                <th scope="col" className="data-table__number">
                  {t('backtest.col.value')}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.decisions.map((d) => (
                <tr key={`${d.at}-${d.subjectId}-${d.transition}`} data-transition={d.transition}>
                  <td className="data-table__nowrap">{when(d.at)}</td>
                  <td title={d.subjectId}>{d.subjectName}</td>
                  <td>{d.transition === 'fire' ? t('backtest.fire') : t('backtest.resolve')}</td>
                  <td className="data-table__number">{formatNumber(d.value, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result.truncated ? (
        <p className="field__hint">{t('backtest.truncated', { shown: result.decisions.length })}</p>
      ) : null}
      <p className="field__hint">{t('backtest.notSaved')}</p>
    </section>
  );
};
