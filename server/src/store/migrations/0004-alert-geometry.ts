import type { Migration } from '../migrate';

/** Alerts with an area (CAP warnings) and where each alert came from; CAP message references. */
export const migration0004: Migration = {
  id: 4,
  name: 'alert-geometry-and-cap-messages',
  sql: /* sql */ `
ALTER TABLE alerts ADD COLUMN geometry jsonb;
ALTER TABLE alerts ADD COLUMN source text NOT NULL DEFAULT 'rule' CHECK (source IN ('rule', 'cap'));

-- Every CAP message a feed accepted (sender|identifier|sent) and the IOC alert it belongs to,
-- so that an Update or Cancel referencing earlier messages finds its alert.
CREATE TABLE cap_messages (
  feed_id       text NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  identity_key  text NOT NULL,
  alert_id      text REFERENCES alerts(id),
  msg_type      text NOT NULL,
  status        text NOT NULL,
  received_at   timestamptz NOT NULL,
  PRIMARY KEY (feed_id, identity_key)
);
`,
};
