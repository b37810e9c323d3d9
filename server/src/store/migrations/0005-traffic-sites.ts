import type { Migration } from '../migrate';

/** Traffic counters (Department of Transport) join the kinds of site. */
export const migration0005: Migration = {
  id: 5,
  name: 'traffic-sites',
  sql: /* sql */ `
ALTER TABLE sites DROP CONSTRAINT sites_kind_check;
ALTER TABLE sites ADD CONSTRAINT sites_kind_check
  CHECK (kind IN ('training_centre', 'service_centre', 'air_sensor', 'water_sensor', 'traffic_sensor'));
`,
};
