-- Frozen report versions (manifest of section revisions and one digest) and
-- the transactional outbox: messages to other services written in the same
-- transaction as the change that causes them, delivered later.
CREATE TABLE IF NOT EXISTS versions (
  report_id BIGINT NOT NULL,
  number INT NOT NULL,
  digest CHAR(64) NOT NULL,
  submitter_id VARCHAR(128) NOT NULL,
  submitter_name VARCHAR(255) NOT NULL,
  note VARCHAR(1000) NOT NULL DEFAULT '',
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (report_id, number),
  CONSTRAINT fk_versions_report FOREIGN KEY (report_id) REFERENCES reports (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS version_entries (
  report_id BIGINT NOT NULL,
  version INT NOT NULL,
  position INT NOT NULL,
  section_key VARCHAR(64) NOT NULL,
  revision INT NOT NULL,
  content_sha256 CHAR(64) NOT NULL,
  PRIMARY KEY (report_id, version, position),
  CONSTRAINT fk_entries_version FOREIGN KEY (report_id, version) REFERENCES versions (report_id, number)
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
