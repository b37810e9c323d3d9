/** An active alert of the same ward, as correlation sees it. */
export interface Neighbour {
  id: string;
  incidentId: string | null;
  lastAt: string;
}

/** Alerts of one ward within this much of each other make one incident. */
export const INCIDENT_WINDOW_MS = 30 * 60_000;

export type IncidentPlan =
  | { kind: 'none' }
  | { kind: 'join'; incidentId: string; attach: string[] }
  | { kind: 'open'; attach: string[] };

/**
 * Correlation of a new alert with the active alerts of its ward: when one of them changed
 * within the window, they are one incident. The new alert joins the incident the neighbours
 * already share (the newest one, if several), or a new incident opens with all of them.
 * `attach` lists the alerts whose incident changes. Pure.
 */
export const planIncident = (
  alert: { id: string; at: string },
  neighbours: readonly Neighbour[],
  windowMs = INCIDENT_WINDOW_MS,
): IncidentPlan => {
  const t = Date.parse(alert.at);
  const near = neighbours.filter(
    (n) => n.id !== alert.id && Math.abs(t - Date.parse(n.lastAt)) <= windowMs,
  );
  if (near.length === 0) return { kind: 'none' };
  const existing = near
    .filter((n) => n.incidentId !== null)
    .sort((a, b) => Date.parse(b.lastAt) - Date.parse(a.lastAt))[0]?.incidentId;
  const attach = [alert.id, ...near.filter((n) => n.incidentId === null).map((n) => n.id)];
  return existing ? { kind: 'join', incidentId: existing, attach } : { kind: 'open', attach };
};
