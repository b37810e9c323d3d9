import type { Indicator, LatestValue } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { formatAge, formatNumber, useI18n } from '../../../lib/i18n';
import { useNow } from '../../../lib/use-now';
import { indicatorSeriesQueryOptions } from '../api/indicator-series';
import {
  type KpiCard,
  kpiCards,
  PROGRAMME_KPIS,
  PROGRAMME_TASKS,
  sparklinePath,
} from '../model/kpi';

const SPARK = { width: 160, height: 36 };

/**
 * The digital-transformation programme's KPIs: each with its value, target (or floor), progress,
 * a 30-day sparkline and a freshness badge against its feed's cadence; and the task scorecard.
 * Every number says how old it is.
 */
export const KpiBoard = ({
  indicators,
  latest,
}: {
  indicators: readonly Indicator[];
  latest: readonly LatestValue[];
}) => {
  const { t } = useI18n();
  const now = useNow(30_000);
  const cards = useMemo(
    () => kpiCards(PROGRAMME_KPIS, indicators, latest, now),
    [indicators, latest, now],
  );
  const tasks = useMemo(
    () =>
      kpiCards(
        Object.values(PROGRAMME_TASKS).map((indicatorId) => ({ indicatorId })),
        indicators,
        latest,
        now,
      ),
    [indicators, latest, now],
  );
  return (
    <section className="kpi-board" data-testid="kpi-board" aria-labelledby="kpi-board-title">
      <h2 id="kpi-board-title">{t('kpi.title')}</h2>
      <div className="kpi-board__grid">
        {cards.map((card) => (
          <KpiCardView key={card.indicatorId} card={card} now={now} />
        ))}
        <TaskScorecard tasks={tasks} now={now} />
      </div>
    </section>
  );
};

const FreshnessBadge = ({
  card,
  now,
}: {
  card: Pick<KpiCard, 'freshness' | 'observedAt'>;
  now: number;
}) => {
  const { t, language } = useI18n();
  return (
    <span
      className="kpi-fresh"
      data-freshness={card.freshness}
      title={t(`kpi.freshness.${card.freshness}`)}
    >
      {card.observedAt
        ? t('kpi.updated', { age: formatAge(card.observedAt, now, language) })
        : t('kpi.noValue')}
    </span>
  );
};

const KpiCardView = ({ card, now }: { card: KpiCard; now: number }) => {
  const { t, language } = useI18n();
  const series = useQuery(indicatorSeriesQueryOptions(card.indicatorId, card.subjectId));
  const path = sparklinePath(series.data?.points ?? [], SPARK.width, SPARK.height);
  const name = language === 'en' && card.name.en ? card.name.en : card.name.vi;
  const target =
    card.target === null
      ? null
      : t(card.indicatorId === 'dx.budget_share_pct' ? 'kpi.floor' : 'kpi.target', {
          target: `${formatNumber(card.target, language)} ${card.unit}`.trim(),
        });
  return (
    <article
      className="kpi-card"
      data-testid="kpi-card"
      data-indicator={card.indicatorId}
      data-status={card.status}
    >
      <h3>{name}</h3>
      <p className="kpi-card__value">
        {card.value === null ? '—' : formatNumber(card.value, language)}
        <span className="kpi-card__unit">{card.unit}</span>
      </p>
      {target ? (
        <p className="kpi-card__target">
          {target} · {card.status === 'met' ? t('kpi.met') : t('kpi.behind')}
        </p>
      ) : null}
      {card.progress !== null ? (
        <div className="kpi-card__bar" role="img" aria-label={target ?? ''}>
          <span style={{ width: `${Math.round(card.progress * 100)}%` }} />
        </div>
      ) : null}
      <svg
        className="kpi-card__spark"
        viewBox={`0 0 ${SPARK.width} ${SPARK.height}`}
        role="img"
        aria-label={t('kpi.trend')}
      >
        <title>{t('kpi.trend')}</title>
        {path ? <path d={path} fill="none" stroke="currentColor" strokeWidth={1.5} /> : null}
      </svg>
      <FreshnessBadge card={card} now={now} />
    </article>
  );
};

const TaskScorecard = ({ tasks, now }: { tasks: KpiCard[]; now: number }) => {
  const { t, language } = useI18n();
  const [onSchedule, inProgress, notUpdated] = tasks;
  if (!onSchedule || !inProgress || !notUpdated) return null;
  const counts = [onSchedule.value ?? 0, inProgress.value ?? 0, notUpdated.value ?? 0];
  const total = counts.reduce((a, b) => a + b, 0);
  const share = (n: number) => (total > 0 ? `${(n / total) * 100}%` : '0%');
  return (
    <article className="kpi-card kpi-card--tasks" data-testid="kpi-tasks" data-total={total}>
      <h3>{t('kpi.tasks')}</h3>
      <div className="kpi-tasks__bar" role="img" aria-label={t('kpi.tasksTotal', { total })}>
        <span className="kpi-tasks__on" style={{ width: share(counts[0] ?? 0) }} />
        <span className="kpi-tasks__progress" style={{ width: share(counts[1] ?? 0) }} />
        <span className="kpi-tasks__silent" style={{ width: share(counts[2] ?? 0) }} />
      </div>
      <ul className="kpi-tasks__legend">
        <li data-kind="on">
          {t('kpi.tasksOnSchedule', { count: formatNumber(counts[0] ?? 0, language) })}
        </li>
        <li data-kind="progress">
          {t('kpi.tasksInProgress', { count: formatNumber(counts[1] ?? 0, language) })}
        </li>
        <li data-kind="silent">
          {t('kpi.tasksNotUpdated', { count: formatNumber(counts[2] ?? 0, language) })}
        </li>
      </ul>
      <p className="kpi-card__target">{t('kpi.tasksTotal', { total })}</p>
      <FreshnessBadge card={onSchedule} now={now} />
    </article>
  );
};
