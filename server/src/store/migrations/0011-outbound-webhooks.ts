import type { Migration } from '../migrate';

/**
 * Outbound webhooks: administrators' subscriptions to alert events, a transactional outbox of
 * deliveries (one row per subscription and event, retried with backoff), and the outbox
 * cursor: the last event sequence already handed to the outbox. The cursor starts at the
 * current head, so subscriptions never receive the events that happened before this feature.
 * The secret is stored as is (it signs every delivery); the API never returns it.
 */
export const migration0011: Migration = {
  id: 11,
  name: 'outbound-webhooks',
  sql: /* sql */ `
CREATE TABLE webhook_subscriptions (
  id              text PRIMARY KEY,
  name            text NOT NULL,
  url             text NOT NULL,
  secret          text NOT NULL,
  department_ids  text[] NOT NULL DEFAULT '{}',
  min_severity    text NOT NULL DEFAULT 'Minor'
                  CHECK (min_severity IN ('Minor', 'Moderate', 'Severe', 'Extreme')),
  event_types     text[] NOT NULL DEFAULT '{}',
  enabled         boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
  id               bigserial PRIMARY KEY,
  subscription_id  text NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  event_seq        bigint NOT NULL REFERENCES alert_events (seq),
  alert_id         text NOT NULL,
  event_type       text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  last_attempt_at  timestamptz,
  last_status      integer,
  last_error       text,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL,
  UNIQUE (subscription_id, event_seq)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, id);

CREATE TABLE webhook_outbox_cursor (
  id        integer PRIMARY KEY CHECK (id = 1),
  last_seq  bigint NOT NULL
);
INSERT INTO webhook_outbox_cursor (id, last_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM alert_events;
`,
};
