import type { Migration } from '../migrate';

/** The first schema: city reference data, feeds, observations, rules, alerts, event log. */
export const migration0001: Migration = {
  id: 1,
  name: 'initial-schema',
  sql: /* sql */ `
CREATE TABLE departments (
  id         text PRIMARY KEY,
  code       text NOT NULL UNIQUE,
  name_vi    text NOT NULL,
  name_en    text
);

-- Ward-level units (phường / xã / đặc khu). geometry is GeoJSON (Polygon or MultiPolygon).
CREATE TABLE areas (
  id              text PRIMARY KEY,
  code            text NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('ward', 'commune', 'special_zone')),
  name            text NOT NULL,
  name_en         text,
  centroid_lng    double precision NOT NULL,
  centroid_lat    double precision NOT NULL,
  is_approximate  boolean NOT NULL DEFAULT false,
  geometry        jsonb NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sites (
  id             text PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('training_centre', 'service_centre', 'air_sensor', 'water_sensor')),
  name           text NOT NULL,
  department_id  text NOT NULL REFERENCES departments(id),
  area_id        text REFERENCES areas(id) ON DELETE SET NULL,
  lng            double precision NOT NULL,
  lat            double precision NOT NULL,
  capacity       integer CHECK (capacity IS NULL OR capacity >= 0)
);
CREATE INDEX sites_area_idx ON sites (area_id);

CREATE TABLE indicators (
  id                text PRIMARY KEY,
  department_id     text NOT NULL REFERENCES departments(id),
  name_vi           text NOT NULL,
  name_en           text,
  unit              text NOT NULL,
  target            double precision,
  target_direction  text NOT NULL CHECK (target_direction IN ('higher_is_better', 'lower_is_better', 'none')),
  cadence_seconds   integer NOT NULL CHECK (cadence_seconds > 0)
);

CREATE TABLE feeds (
  id             text PRIMARY KEY,
  name           text NOT NULL,
  adapter        text NOT NULL,
  department_id  text NOT NULL REFERENCES departments(id),
  enabled        boolean NOT NULL DEFAULT true,
  config         jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE feed_status (
  feed_id               text PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
  state                 text NOT NULL DEFAULT 'Pending',
  last_success_at       timestamptz,
  last_error_at         timestamptz,
  last_error            text,
  consecutive_failures  integer NOT NULL DEFAULT 0,
  observations_total    bigint NOT NULL DEFAULT 0,
  errors_total          bigint NOT NULL DEFAULT 0
);

-- Time series. (indicator, subject, time) is the identity: a repeated value is stored once.
CREATE TABLE observations (
  indicator_id  text NOT NULL REFERENCES indicators(id),
  subject_id    text NOT NULL,
  observed_at   timestamptz NOT NULL,
  value         double precision NOT NULL,
  feed_id       text,
  received_at   timestamptz NOT NULL,
  PRIMARY KEY (indicator_id, subject_id, observed_at)
);
CREATE INDEX observations_time_idx ON observations (observed_at);

-- The newest value per indicator and subject, kept in step with each batch.
CREATE TABLE latest_observations (
  indicator_id  text NOT NULL,
  subject_id    text NOT NULL,
  observed_at   timestamptz NOT NULL,
  value         double precision NOT NULL,
  feed_id       text,
  received_at   timestamptz NOT NULL,
  PRIMARY KEY (indicator_id, subject_id)
);

CREATE TABLE rules (
  id             text PRIMARY KEY,
  name_vi        text NOT NULL,
  name_en        text,
  kind           text NOT NULL,
  department_id  text NOT NULL REFERENCES departments(id),
  indicator_id   text NOT NULL REFERENCES indicators(id),
  severity       text NOT NULL CHECK (severity IN ('Minor', 'Moderate', 'Severe', 'Extreme')),
  params         jsonb NOT NULL,
  enabled        boolean NOT NULL DEFAULT true
);

-- Evaluation state per rule and subject, so a restart neither forgets nor re-notifies.
CREATE TABLE rule_states (
  rule_id      text NOT NULL REFERENCES rules(id) ON DELETE CASCADE,
  subject_id   text NOT NULL,
  state        text NOT NULL CHECK (state IN ('normal', 'pending', 'firing')),
  since        timestamptz NOT NULL,
  last_value   double precision,
  last_at      timestamptz NOT NULL,
  PRIMARY KEY (rule_id, subject_id)
);

CREATE TABLE alerts (
  id             text PRIMARY KEY,
  key            text NOT NULL,
  rule_id        text REFERENCES rules(id) ON DELETE SET NULL,
  department_id  text NOT NULL REFERENCES departments(id),
  indicator_id   text,
  subject_id     text NOT NULL,
  area_id        text,
  lng            double precision,
  lat            double precision,
  severity       text NOT NULL CHECK (severity IN ('Minor', 'Moderate', 'Severe', 'Extreme')),
  status         text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  title_vi       text NOT NULL,
  title_en       text,
  value          double precision,
  threshold      double precision,
  occurrences    integer NOT NULL DEFAULT 1,
  first_at       timestamptz NOT NULL,
  last_at        timestamptz NOT NULL,
  resolved_at    timestamptz,
  updated_at     timestamptz NOT NULL,
  version        integer NOT NULL DEFAULT 1
);
-- At most one active alert per key: concurrent raises converge on one row.
CREATE UNIQUE INDEX alerts_active_key_idx ON alerts (key) WHERE status <> 'resolved';
CREATE INDEX alerts_status_idx ON alerts (status, last_at DESC);

-- Append-only. seq is assigned under a transaction-scoped advisory lock, so it is gap-free
-- and follows commit order (see ADR 0003 and alerts/README.md).
CREATE TABLE alert_events (
  seq        bigint PRIMARY KEY,
  alert_id   text NOT NULL REFERENCES alerts(id),
  type       text NOT NULL CHECK (type IN ('raised', 'updated', 'acknowledged', 'resolved')),
  at         timestamptz NOT NULL,
  snapshot   jsonb NOT NULL
);

CREATE RULE alert_events_no_update AS ON UPDATE TO alert_events DO INSTEAD NOTHING;
CREATE RULE alert_events_no_delete AS ON DELETE TO alert_events DO INSTEAD NOTHING;
`,
};
