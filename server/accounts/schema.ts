/**
 * The accounts part of the SQLite schema: users, sessions, access tokens, report members and
 * the audit log. It is one migration in the storage migration list (`server/storage/migrations.ts`),
 * so it shares the report database file and its version number.
 *
 * Times are integers (milliseconds since the epoch): sessions compare them on every request.
 * `parts` is a JSON array of part keys, or NULL for "all parts".
 */
import type { Migration } from '../storage/migrations.ts';

export const accountsMigration: Migration = {
  name: 'accounts, sessions, access tokens, report members, audit log',
  sql: `
  CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'staff')),
    created_at    INTEGER NOT NULL
  ) STRICT;

  -- Secrets are stored as SHA-256 digests (server/accounts/secrets.ts).
  CREATE TABLE sessions (
    id_digest     TEXT    PRIMARY KEY NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_by_user ON sessions (user_id);

  CREATE TABLE access_tokens (
    id_digest     TEXT    PRIMARY KEY NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX access_tokens_by_user ON access_tokens (user_id);

  CREATE TABLE report_members (
    report_id     TEXT    NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT    NOT NULL CHECK (role IN ('owner', 'editor', 'reviewer', 'viewer')),
    parts         TEXT,
    PRIMARY KEY (report_id, user_id)
  ) STRICT;
  CREATE INDEX report_members_by_user ON report_members (user_id);

  CREATE TABLE report_audit (
    id            INTEGER PRIMARY KEY,
    report_id     TEXT    NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    user_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    at            INTEGER NOT NULL,
    part          TEXT    NOT NULL,
    cells         TEXT,
    bytes         INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX report_audit_by_report ON report_audit (report_id, at);
  `,
};

/**
 * Who may take each sign-off step of a report (issue 16), named by its owner: members only (the
 * key refers to the membership, so removing a member removes their designations), several per
 * step, one member for several steps. Step names: schema/signoffs/steps.ts.
 */
export const signersMigration: Migration = {
  name: 'sign-off designations',
  sql: `
  CREATE TABLE report_signers (
    report_id  TEXT    NOT NULL,
    step       TEXT    NOT NULL CHECK (step IN ('drafter', 'head', 'leader')),
    user_id    INTEGER NOT NULL,
    PRIMARY KEY (report_id, step, user_id),
    FOREIGN KEY (report_id, user_id) REFERENCES report_members (report_id, user_id) ON DELETE CASCADE
  ) STRICT;
  `,
};
