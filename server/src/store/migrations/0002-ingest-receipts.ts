import type { Migration } from '../migrate';

/**
 * Idempotent ingest: one row per message a feed has accepted (webhook id, CAP
 * sender+identifier+sent, NGSI notification key), written in the same transaction as the
 * message's observations, so a message delivered twice stores nothing the second time.
 */
export const migration0002: Migration = {
  id: 2,
  name: 'ingest-receipts-and-feed-cadence',
  sql: /* sql */ `
CREATE TABLE ingest_receipts (
  feed_id      text NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  key          text NOT NULL,
  received_at  timestamptz NOT NULL,
  PRIMARY KEY (feed_id, key)
);
CREATE INDEX ingest_receipts_time_idx ON ingest_receipts (received_at);

-- When a feed's data is due (FeedCadence); NULL means its poll interval, or none for push feeds.
ALTER TABLE feeds ADD COLUMN cadence jsonb;
`,
};
