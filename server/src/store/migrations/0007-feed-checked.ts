import type { Migration } from '../migrate';

/**
 * When a feed's source last answered without new data (HTTP 304, an unchanged body, an MQTT
 * broker connection): it clears an error without counting as data.
 */
export const migration0007: Migration = {
  id: 7,
  name: 'feed-checked',
  sql: /* sql */ `
ALTER TABLE feed_status ADD COLUMN last_checked_at timestamptz;
`,
};
