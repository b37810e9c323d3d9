import type { AlertEvent } from '@city-ioc/shared';
import { planIncident } from '../alerts/incidents';
import { createAlertRepository } from './alert-repository';
import type { Queryable } from './db';
import { toIso } from './rows';

/**
 * Puts a newly raised alert into an incident with the active alerts of its ward close in
 * time (see `planIncident`). Each alert whose incident changes gets an `updated` event, so
 * every viewer sees the link live. Runs in the raising transaction.
 */
export const correlateIncident = async (
  tx: Queryable,
  raised: AlertEvent,
  newId: () => string,
): Promise<AlertEvent[]> => {
  const alert = raised.alert;
  if (!alert.areaId) return [];
  const rows = await tx.query<{ id: string; incident_id: string | null; last_at: unknown }>(
    `SELECT id, incident_id, last_at FROM alerts
      WHERE area_id = $1 AND status <> 'resolved' AND id <> $2`,
    [alert.areaId, alert.id],
  );
  const plan = planIncident(
    { id: alert.id, at: raised.at },
    rows.map((r) => ({ id: r.id, incidentId: r.incident_id, lastAt: toIso(r.last_at) })),
  );
  if (plan.kind === 'none') return [];
  let incidentId: string;
  if (plan.kind === 'open') {
    incidentId = `incident:${newId()}`;
    await tx.query(
      `INSERT INTO incidents (id, area_id, opened_at, last_at) VALUES ($1, $2, $3, $3)`,
      [incidentId, alert.areaId, raised.at],
    );
  } else {
    incidentId = plan.incidentId;
    await tx.query('UPDATE incidents SET last_at = GREATEST(last_at, $2) WHERE id = $1', [
      incidentId,
      raised.at,
    ]);
  }
  const alerts = createAlertRepository(tx);
  const events: AlertEvent[] = [];
  for (const id of plan.attach) {
    const updated = await tx.query<{ id: string }>(
      `UPDATE alerts SET incident_id = $2, version = version + 1
        WHERE id = $1 AND incident_id IS DISTINCT FROM $2 RETURNING id`,
      [id, incidentId],
    );
    if (updated.length === 0) continue;
    const current = await alerts.findById(id);
    if (current) events.push(await alerts.appendEvent(current, 'updated', raised.at));
  }
  return events;
};

/** Incidents whose alerts are all resolved are closed. */
export const closeFinishedIncidents = async (tx: Queryable, at: string) => {
  await tx.query(
    `UPDATE incidents i SET closed_at = $1
      WHERE closed_at IS NULL AND NOT EXISTS (
        SELECT 1 FROM alerts a WHERE a.incident_id = i.id AND a.status <> 'resolved')`,
    [at],
  );
};
