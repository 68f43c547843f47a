-- The directory: units (a tree; `path` is "/root/…/unit/", so a subtree is a
-- path prefix), people, role assignments over one unit or a subtree, and
-- delegations. Nothing is deleted: retired units, disabled people, revoked
-- assignments and delegations stay for history.
CREATE TABLE IF NOT EXISTS units (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  display_name VARCHAR(255) NOT NULL,
  parent_id VARCHAR(48) NULL,
  kind TINYINT NOT NULL,
  credit_code VARCHAR(18) NOT NULL DEFAULT '',
  state TINYINT NOT NULL,
  path VARCHAR(1024) NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY idx_units_parent (parent_id, id),
  KEY idx_units_path (path(255))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS people (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  display_name VARCHAR(255) NOT NULL,
  unit_id VARCHAR(48) NOT NULL,
  phone VARCHAR(32) NOT NULL DEFAULT '',
  email VARCHAR(254) NOT NULL DEFAULT '',
  state TINYINT NOT NULL,
  password_hash VARCHAR(255) NULL,
  oidc_subject VARCHAR(255) NULL,
  failed_attempts INT NOT NULL DEFAULT 0,
  last_failure_time TIMESTAMP(6) NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_people_oidc (oidc_subject),
  KEY idx_people_unit (unit_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS role_assignments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  person_id VARCHAR(64) NOT NULL,
  role VARCHAR(64) NOT NULL,
  scope_unit VARCHAR(48) NOT NULL,
  subtree BOOLEAN NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  revoke_time TIMESTAMP(6) NULL,
  KEY idx_role_assignments_person (person_id, revoke_time),
  KEY idx_role_assignments_scope (scope_unit, revoke_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS delegations (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  delegator_id VARCHAR(64) NOT NULL,
  delegate_id VARCHAR(64) NOT NULL,
  roles VARCHAR(1024) NOT NULL,
  scope_unit VARCHAR(48) NOT NULL,
  subtree BOOLEAN NOT NULL,
  start_time TIMESTAMP(6) NOT NULL,
  end_time TIMESTAMP(6) NOT NULL,
  reason VARCHAR(1000) NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  revoke_time TIMESTAMP(6) NULL,
  KEY idx_delegations_delegate (delegate_id, end_time),
  KEY idx_delegations_delegator (delegator_id, end_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Sign-in sessions: the current refresh token's SHA-256 and generation. A
-- refresh token of an older generation presented again revokes the session.
CREATE TABLE IF NOT EXISTS sessions (
  id CHAR(32) NOT NULL PRIMARY KEY,
  person_id VARCHAR(64) NOT NULL,
  generation INT NOT NULL,
  refresh_sha256 CHAR(64) NOT NULL,
  state TINYINT NOT NULL,
  revoke_reason VARCHAR(64) NOT NULL DEFAULT '',
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  expire_time TIMESTAMP(6) NOT NULL,
  KEY idx_sessions_person (person_id, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
