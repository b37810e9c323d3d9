import type { Migration } from '../migrate';

/** What each wall screen last said it shows (its heartbeat), for the administrators' list. */
export const migration0013: Migration = {
  id: 13,
  name: 'display-heartbeat',
  sql: /* sql */ `
ALTER TABLE display_tokens ADD COLUMN showing text;
ALTER TABLE display_tokens ADD COLUMN showing_at timestamptz;
`,
};
