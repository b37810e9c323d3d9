import type { Migration } from '../migrate';

/**
 * The alert lifecycle: work in progress, assignee, closing after review, comments, and who did
 * each change (the timeline). Active alerts stay those not resolved, so the unique active key
 * and every "active" query keep their meaning.
 */
export const migration0009: Migration = {
  id: 9,
  name: 'alert-lifecycle',
  sql: /* sql */ `
ALTER TABLE alerts DROP CONSTRAINT alerts_status_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_status_check
  CHECK (status IN ('open', 'acknowledged', 'in_progress', 'resolved'));
ALTER TABLE alerts ADD COLUMN assignee_id text;
ALTER TABLE alerts ADD COLUMN assignee_name text;
ALTER TABLE alerts ADD COLUMN closed_at timestamptz;
ALTER TABLE alerts ADD COLUMN comment_count integer NOT NULL DEFAULT 0;

ALTER TABLE alert_events DROP CONSTRAINT alert_events_type_check;
ALTER TABLE alert_events ADD CONSTRAINT alert_events_type_check CHECK (type IN
  ('raised', 'updated', 'acknowledged', 'progressed', 'assigned', 'commented', 'resolved', 'closed'));
ALTER TABLE alert_events ADD COLUMN actor text;
CREATE INDEX alert_events_alert_idx ON alert_events (alert_id, seq);

CREATE TABLE alert_comments (
  id           bigserial PRIMARY KEY,
  alert_id     text NOT NULL REFERENCES alerts (id),
  author       text NOT NULL,
  author_name  text NOT NULL,
  body         text NOT NULL,
  at           timestamptz NOT NULL
);
CREATE INDEX alert_comments_alert_idx ON alert_comments (alert_id, id);
`,
};
