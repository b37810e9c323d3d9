import type { Migration } from '../migrate';

/**
 * Rule kinds beyond the threshold (no data, anomaly, area), their scope, standard operating
 * procedure, escalation and reminders; keep-firing-for in the rule state; an alert's
 * escalation level and reminders; incidents that correlate alerts of one ward and time.
 */
export const migration0010: Migration = {
  id: 10,
  name: 'rule-kinds',
  sql: /* sql */ `
ALTER TABLE rules ADD COLUMN scope jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE rules ADD COLUMN sop jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE rules ADD COLUMN escalation jsonb;
ALTER TABLE rules ADD COLUMN remind_every_minutes integer;
ALTER TABLE rules ADD COLUMN updated_at timestamptz;

ALTER TABLE rule_states ADD COLUMN clear_since timestamptz;

ALTER TABLE alerts ADD COLUMN escalation_level integer NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN escalated_at timestamptz;
ALTER TABLE alerts ADD COLUMN reminded_at timestamptz;
ALTER TABLE alerts ADD COLUMN reminder_count integer NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN incident_id text;

ALTER TABLE alert_events DROP CONSTRAINT alert_events_type_check;
ALTER TABLE alert_events ADD CONSTRAINT alert_events_type_check CHECK (type IN
  ('raised', 'updated', 'acknowledged', 'progressed', 'assigned', 'commented', 'resolved', 'closed',
   'escalated', 'reminded'));

-- Alerts of one ward close in time, seen as one incident.
CREATE TABLE incidents (
  id           text PRIMARY KEY,
  area_id      text NOT NULL,
  opened_at    timestamptz NOT NULL,
  last_at      timestamptz NOT NULL,
  closed_at    timestamptz
);
CREATE INDEX incidents_open_idx ON incidents (area_id) WHERE closed_at IS NULL;
CREATE INDEX alerts_incident_idx ON alerts (incident_id) WHERE incident_id IS NOT NULL;
`,
};
