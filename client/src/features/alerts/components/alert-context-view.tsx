import type { Alert } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import { formatNumber, formatShortDateTime, type I18n } from '../../../lib/i18n';
import { severityCss } from '../../../lib/severity-palette';
import { alertReadingsQueryOptions } from '../api/alert-readings';
import { useLiveAlerts } from '../api/use-live-alerts';
import { chartGeometry, miniMapGeometry } from '../model/alert-chart';
import type { AlertContextLookup } from '../model/alert-context';
import { localized } from '../model/alert-format';

const CHART = { width: 320, height: 120, pad: 8 };
const MAP = { width: 120, height: 120, pad: 10 };
const SERIES_COLOURS = ['#38bdf8', '#a78bfa', '#34d399', '#fbbf24', '#f472b6', '#94a3b8'];

interface AlertContextViewProps {
  alert: Alert;
  lookup: AlertContextLookup;
  timeZone: string;
  i18n: I18n;
}

/**
 * Where the alert stands in its surroundings: escalation and reminders, the incident it
 * belongs to, the indicator's readings around it (threshold and firing span drawn) and its
 * ward on a small map. Drawn as plain SVG from data; names are React text, never HTML.
 */
export const AlertContextView = ({ alert, lookup, timeZone, i18n }: AlertContextViewProps) => {
  const { t, language } = i18n;
  const live = useLiveAlerts().data?.alerts;
  const peers = useMemo(
    () =>
      alert.incidentId && live
        ? [...live.values()].filter((a) => a.incidentId === alert.incidentId && a.id !== alert.id)
        : [],
    [alert.incidentId, alert.id, live],
  );
  return (
    <div className="alert-context" data-testid="alert-context">
      {alert.escalationLevel > 0 || alert.reminderCount > 0 ? (
        <p className="alert-context__flags">
          {alert.escalationLevel > 0 ? (
            <span className="alert-context__flag" data-testid="alert-escalated">
              {t('alertContext.escalated')}
            </span>
          ) : null}
          {alert.reminderCount > 0 ? (
            <span className="alert-context__flag">
              {t('alertContext.reminders', { count: alert.reminderCount })}
            </span>
          ) : null}
        </p>
      ) : null}
      {alert.incidentId ? (
        <div className="alert-context__incident" data-testid="alert-incident">
          <p>{t('alertContext.incident', { count: peers.length + 1 })}</p>
          {peers.length > 0 ? (
            <ul aria-label={t('alertContext.incidentTitle')}>
              {peers.slice(0, 8).map((peer) => (
                <li key={peer.id} style={{ borderLeftColor: severityCss(peer.severity) }}>
                  {localized(peer.title, language)}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div className="alert-context__visuals">
        {alert.indicatorId ? (
          <AlertReadingsChart alert={alert} timeZone={timeZone} i18n={i18n} />
        ) : (
          <span />
        )}
        <AlertAreaMap alert={alert} lookup={lookup} i18n={i18n} />
      </div>
    </div>
  );
};

const AlertReadingsChart = ({
  alert,
  timeZone,
  i18n: { t, language },
}: {
  alert: Alert;
  timeZone: string;
  i18n: I18n;
}) => {
  const titleId = useId();
  const readings = useQuery(alertReadingsQueryOptions(alert.id, alert.version));
  const data = readings.data;
  const geometry = useMemo(() => (data ? chartGeometry(data, alert, CHART) : null), [data, alert]);
  if (readings.isPending)
    return <p className="alert-detail__muted">{t('alertContext.chartLoading')}</p>;
  if (!data || !geometry)
    return (
      <p className="alert-detail__muted" role="alert">
        {t('alertContext.chartFailed', { message: readings.error?.message ?? '' })}
      </p>
    );
  const summary =
    geometry.count === 0
      ? t('alertContext.chartEmpty')
      : t('alertContext.chartSummary', {
          count: geometry.count,
          from: formatShortDateTime(data.from, language, timeZone),
          to: formatShortDateTime(data.to, language, timeZone),
          min: formatNumber(geometry.min, language),
          max: formatNumber(geometry.max, language),
          unit: data.unit,
        });
  return (
    <figure className="alert-chart" data-testid="alert-chart" data-points={geometry.count}>
      <figcaption id={titleId}>{t('alertContext.chart')}</figcaption>
      <svg
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={`${titleId}-summary`}
      >
        <title>{t('alertContext.chart')}</title>
        {geometry.firing ? (
          <rect
            className="alert-chart__firing"
            x={geometry.firing.x1}
            y={0}
            width={Math.max(1, geometry.firing.x2 - geometry.firing.x1)}
            height={CHART.height}
            fill={severityCss(alert.severity)}
            fillOpacity={0.15}
          >
            <title>{t('alertContext.firing')}</title>
          </rect>
        ) : null}
        {geometry.thresholdY !== null && data.threshold !== null ? (
          <line
            x1={CHART.pad}
            x2={CHART.width - CHART.pad}
            y1={geometry.thresholdY}
            y2={geometry.thresholdY}
            stroke={severityCss(alert.severity)}
            strokeDasharray="4 3"
          >
            <title>
              {t('alertContext.threshold', { value: formatNumber(data.threshold, language) })}
            </title>
          </line>
        ) : null}
        {geometry.paths.map((path, i) => (
          <path
            key={path.subjectId}
            d={path.d}
            fill="none"
            stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]}
            strokeWidth={1.5}
          >
            <title>{path.name}</title>
          </path>
        ))}
      </svg>
      <p id={`${titleId}-summary`} className="alert-chart__summary">
        {summary}
      </p>
    </figure>
  );
};

const AlertAreaMap = ({
  alert,
  lookup,
  i18n: { t },
}: {
  alert: Alert;
  lookup: AlertContextLookup;
  i18n: I18n;
}) => {
  const titleId = useId();
  const outline = alert.geometry ?? lookup.areaGeometry(alert.areaId);
  const geometry = useMemo(
    () => miniMapGeometry(outline, alert.position, MAP),
    [outline, alert.position],
  );
  if (!geometry) return <p className="alert-detail__muted">{t('alertContext.mapNoPlace')}</p>;
  const colour = severityCss(alert.severity);
  return (
    <figure className="alert-minimap" data-testid="alert-minimap">
      <figcaption id={titleId}>{t('alertContext.map')}</figcaption>
      <svg viewBox={`0 0 ${MAP.width} ${MAP.height}`} role="img" aria-labelledby={titleId}>
        <title>{lookup.placeName(alert) ?? t('alertContext.map')}</title>
        {geometry.rings.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rings have no identity but their order
          <path key={i} d={d} fill={colour} fillOpacity={0.18} stroke={colour} strokeWidth={1} />
        ))}
        {geometry.point ? (
          <circle cx={geometry.point.x} cy={geometry.point.y} r={4} fill={colour} stroke="#fff" />
        ) : null}
      </svg>
    </figure>
  );
};
