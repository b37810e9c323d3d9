import type { Migration } from '../migrate';

/**
 * People, their sessions, and wall screens' display tokens. Secrets are stored hashed: an
 * argon2id hash for passwords, SHA-256 for session ids and display tokens (random 256-bit
 * values, so a fast hash is enough). `access_version` changes whenever a user's role,
 * departments or status change, so open sockets can tell that they must re-authorise.
 */
export const migration0008: Migration = {
  id: 8,
  name: 'identity',
  sql: /* sql */ `
CREATE TABLE users (
  id               text PRIMARY KEY,
  username         text NOT NULL UNIQUE,
  display_name     text NOT NULL,
  password_hash    text NOT NULL,
  role             text NOT NULL CHECK (role IN ('admin', 'operator', 'department_head', 'viewer')),
  department_ids   jsonb NOT NULL DEFAULT '[]'::jsonb,
  is_disabled      boolean NOT NULL DEFAULT false,
  access_version   integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL,
  last_sign_in_at  timestamptz
);

CREATE TABLE display_tokens (
  id              text PRIMARY KEY,
  name            text NOT NULL,
  token_hash      text NOT NULL UNIQUE,
  department_ids  jsonb NOT NULL DEFAULT '[]'::jsonb,
  scenes          jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at      timestamptz NOT NULL,
  created_by      text NOT NULL,
  revoked_at      timestamptz,
  last_seen_at    timestamptz
);

CREATE TABLE sessions (
  id_hash           text PRIMARY KEY,
  user_id           text REFERENCES users (id) ON DELETE CASCADE,
  display_token_id  text REFERENCES display_tokens (id) ON DELETE CASCADE,
  access_version    integer NOT NULL,
  csrf_token        text NOT NULL,
  created_at        timestamptz NOT NULL,
  last_seen_at      timestamptz NOT NULL,
  expires_at        timestamptz NOT NULL,
  revoked_at        timestamptz,
  CHECK ((user_id IS NULL) <> (display_token_id IS NULL))
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX sessions_token_idx ON sessions (display_token_id) WHERE display_token_id IS NOT NULL;
`,
};
