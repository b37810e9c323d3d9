import type { Migration } from '../migrate';

/**
 * SOP checklists on alerts (copied from the rule when an alert is raised, each step with who
 * ticked it and when), and silences / maintenance windows that hold back an alert's
 * notifications (`silenced_until`) without hiding it.
 */
export const migration0012: Migration = {
  id: 12,
  name: 'alert-sop-silences',
  sql: /* sql */ `
ALTER TABLE alerts ADD COLUMN sop_done integer NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN sop_total integer NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN silenced_until timestamptz;
ALTER TABLE alerts ADD COLUMN silence_id text;

CREATE TABLE alert_sop_steps (
  alert_id      text NOT NULL REFERENCES alerts (id),
  idx           integer NOT NULL,
  text_vi       text NOT NULL,
  text_en       text,
  done_by       text,
  done_by_name  text,
  done_at       timestamptz,
  PRIMARY KEY (alert_id, idx)
);

CREATE TABLE silences (
  id               text PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('silence', 'maintenance')),
  matchers         jsonb NOT NULL,
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz NOT NULL CHECK (ends_at > starts_at),
  reason           text NOT NULL,
  created_by       text NOT NULL,
  created_by_name  text NOT NULL,
  created_at       timestamptz NOT NULL,
  cancelled_at     timestamptz,
  cancelled_by     text,
  -- When it was applied to the alerts already active at its start (null: not yet).
  applied_at       timestamptz
);
CREATE INDEX silences_in_force_idx ON silences (ends_at) WHERE cancelled_at IS NULL;
CREATE INDEX alerts_silence_idx ON alerts (silence_id) WHERE silence_id IS NOT NULL;

ALTER TABLE alert_events DROP CONSTRAINT alert_events_type_check;
ALTER TABLE alert_events ADD CONSTRAINT alert_events_type_check CHECK (type IN
  ('raised', 'updated', 'acknowledged', 'progressed', 'assigned', 'commented', 'resolved', 'closed',
   'escalated', 'reminded', 'checklist', 'silenced'));
`,
};
