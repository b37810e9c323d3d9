import type { Alert } from '../schemas/alert';
import type { Severity } from '../schemas/severity';
import { compareSeverityDesc, maxSeverity } from './severity';

/** Several alerts of one department, type and area, shown as one summary row. */
export interface AlertGroup {
  kind: 'group';
  /** Stable: department, type (rule or indicator) and area. */
  key: string;
  departmentId: string;
  ruleId: string | null;
  indicatorId: string | null;
  areaId: string | null;
  /** Newest first. */
  alerts: Alert[];
  worstSeverity: Severity;
  count: number;
}

export type AlertListEntry = { kind: 'alert'; alert: Alert } | AlertGroup;

/** Severities that always get their own row, however many fire at once. */
const NEVER_GROUPED: ReadonlySet<Severity> = new Set(['Extreme', 'Severe']);

/** The group an alert may join, or null when it always stands alone. */
const groupKeyOf = (alert: Alert): string | null => {
  if (alert.status === 'resolved' || NEVER_GROUPED.has(alert.severity)) return null;
  const type = alert.ruleId
    ? `rule:${alert.ruleId}`
    : alert.indicatorId
      ? `indicator:${alert.indicatorId}`
      : null;
  // A CAP warning has neither: nothing says two of them are the same kind of thing.
  if (type === null) return null;
  return `${alert.departmentId}|${type}|${alert.areaId ?? ''}`;
};

const newestFirst = (a: Alert, b: Alert): number =>
  Date.parse(b.firstAt) - Date.parse(a.firstAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const severityOf = (e: AlertListEntry): Severity =>
  e.kind === 'alert' ? e.alert.severity : e.worstSeverity;
const newestOf = (e: AlertListEntry): number =>
  e.kind === 'alert'
    ? Date.parse(e.alert.firstAt)
    : Math.max(...e.alerts.map((a) => Date.parse(a.firstAt)));
const idOf = (e: AlertListEntry): string => (e.kind === 'alert' ? e.alert.id : e.key);

/**
 * The alert list when many fire at once, pure: active alerts of the same department, type
 * (rule, or indicator when there is no rule) and area become one group once there are at
 * least `minGroupSize` of them. An Extreme or Severe alert is never grouped: it always has its
 * own row. Entries come most severe first (a group by its worst alert), then newest first; the
 * result does not depend on the input's order.
 */
export const groupAlerts = (
  alerts: readonly Alert[],
  { minGroupSize = 3 }: { minGroupSize?: number } = {},
): AlertListEntry[] => {
  const buckets = new Map<string, Alert[]>();
  const entries: AlertListEntry[] = [];
  for (const alert of alerts) {
    const key = groupKeyOf(alert);
    if (key === null) {
      entries.push({ kind: 'alert', alert });
      continue;
    }
    const bucket = buckets.get(key);
    if (bucket) bucket.push(alert);
    else buckets.set(key, [alert]);
  }
  for (const [key, members] of buckets) {
    if (members.length < Math.max(2, minGroupSize)) {
      for (const alert of members) entries.push({ kind: 'alert', alert });
      continue;
    }
    const sorted = [...members].sort(newestFirst);
    const first = sorted[0] as Alert;
    entries.push({
      kind: 'group',
      key,
      departmentId: first.departmentId,
      ruleId: first.ruleId,
      indicatorId: first.indicatorId,
      areaId: first.areaId,
      alerts: sorted,
      worstSeverity: sorted.map((a) => a.severity).reduce(maxSeverity),
      count: sorted.length,
    });
  }
  return entries.sort(
    (a, b) =>
      compareSeverityDesc(severityOf(a), severityOf(b)) ||
      newestOf(b) - newestOf(a) ||
      (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0),
  );
};
