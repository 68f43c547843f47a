-- Signed approval certificates, the public keys they are signed with, the
-- per-report hash-chained audit log, and the transactional outbox.
CREATE TABLE IF NOT EXISTS certificates (
  review_id BIGINT NOT NULL PRIMARY KEY,
  -- The serialized reportflow.review.v1.ApprovalCertificate, exactly as signed.
  certificate LONGBLOB NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS signing_keys (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  public_key VARBINARY(32) NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY idx_signing_keys_created (create_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The tail of each report's chain: appending locks this row, so entries are
-- numbered without gaps and each links to the one before, at constant cost.
CREATE TABLE IF NOT EXISTS audit_heads (
  report_id VARCHAR(64) NOT NULL PRIMARY KEY,
  unit VARCHAR(128) NOT NULL,
  last_sequence BIGINT NOT NULL,
  last_hash CHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS audit_events (
  report_id VARCHAR(64) NOT NULL,
  sequence BIGINT NOT NULL,
  action VARCHAR(64) NOT NULL,
  actor_id VARCHAR(128) NOT NULL,
  actor_name VARCHAR(255) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  details_json TEXT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  previous_hash CHAR(64) NOT NULL,
  hash CHAR(64) NOT NULL,
  PRIMARY KEY (report_id, sequence)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS outbox (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  unit VARCHAR(128) NOT NULL,
  method VARCHAR(160) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  payload LONGBLOB NOT NULL,
  state TINYINT NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  last_error TEXT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  next_attempt_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  deliver_time TIMESTAMP(6) NULL,
  UNIQUE KEY uq_outbox_request (method, request_id),
  KEY idx_outbox_due (state, next_attempt_time),
  KEY idx_outbox_unit (unit, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
