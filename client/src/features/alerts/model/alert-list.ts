import {
  type Alert,
  type AlertGroup,
  type AlertLogState,
  compareSeverityDesc,
  type Severity,
} from '@city-ioc/shared';
import type { Language } from '../../../lib/i18n';
import { isActiveAlert } from './alert-lifecycle';

/** List order: most severe first, then the most recently raised, then by id (stable). */
export const compareAlertsForList = (a: Alert, b: Alert): number =>
  compareSeverityDesc(a.severity, b.severity) ||
  Date.parse(b.firstAt) - Date.parse(a.firstAt) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface AlertListView {
  /** The alerts to draw, in list order, at most `limit`. */
  items: Alert[];
  /** Every active alert, drawn or not. */
  total: number;
}

/** The bounded, ordered list of active alerts the panel draws. */
export const selectAlertList = (log: AlertLogState | undefined, limit: number): AlertListView => {
  if (!log) return { items: [], total: 0 };
  const active = [...log.alerts.values()].filter(isActiveAlert);
  active.sort(compareAlertsForList);
  return { items: active.slice(0, limit), total: active.length };
};

/** Active alerts as an array (any order), e.g. for the map. */
export const selectActiveAlerts = (log: AlertLogState | undefined): Alert[] =>
  log ? [...log.alerts.values()].filter(isActiveAlert) : [];

/** How many active alerts there are of each severity. */
export const countBySeverity = (alerts: readonly Alert[]): Record<Severity, number> => {
  const counts: Record<Severity, number> = { Minor: 0, Moderate: 0, Severe: 0, Extreme: 0 };
  for (const alert of alerts) counts[alert.severity] += 1;
  return counts;
};

/** An alert nobody has acknowledged yet: it gets the attention ring and the button. */
export const isUnacknowledged = (alert: Alert): boolean => alert.status === 'open';

/**
 * What a group of alerts is about, for its summary row: the rule's name (the part of the
 * alerts' title before " · ", which names the subject), or else the indicator's name.
 */
export const groupTypeLabel = (
  group: Pick<AlertGroup, 'alerts' | 'indicatorId' | 'ruleId'>,
  language: Language,
  indicatorName: (indicatorId: string | null) => string | null,
): string => {
  const first = group.alerts[0];
  if (group.ruleId && first) {
    const title = (language === 'en' && first.title.en) || first.title.vi;
    const name = title.split(' · ')[0]?.trim();
    if (name) return name;
  }
  return indicatorName(group.indicatorId) ?? group.indicatorId ?? group.ruleId ?? '';
};
