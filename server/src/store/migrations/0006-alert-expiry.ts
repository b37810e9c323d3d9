import type { Migration } from '../migrate';

/** When an alert ends by itself (a CAP warning's `expires`). */
export const migration0006: Migration = {
  id: 6,
  name: 'alert-expiry',
  sql: /* sql */ `
ALTER TABLE alerts ADD COLUMN expires_at timestamptz;
CREATE INDEX alerts_expiry_idx ON alerts (expires_at) WHERE status <> 'resolved' AND expires_at IS NOT NULL;
`,
};
