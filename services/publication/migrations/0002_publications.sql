-- Publications, their rendered files (kept for history), the audit log and
-- the outbox (portal pushes and messages to drafting).
CREATE TABLE IF NOT EXISTS publications (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  -- The drafting report `reports/{report}` and version number.
  report VARCHAR(128) NOT NULL,
  version_number INT NOT NULL,
  report_version VARCHAR(160) NOT NULL,
  digest CHAR(64) NOT NULL,
  -- The certificate exactly as received and verified.
  certificate VARCHAR(160) NOT NULL,
  signed_payload LONGBLOB NOT NULL,
  signature VARBINARY(64) NOT NULL,
  public_key VARCHAR(80) NOT NULL,
  unit VARCHAR(128) NOT NULL,
  unit_display_name VARCHAR(255) NOT NULL,
  fiscal_year INT NOT NULL,
  title VARCHAR(512) NOT NULL,
  -- reportflow.publication.v1.PublicationState
  state TINYINT NOT NULL,
  index_number VARCHAR(64) NOT NULL,
  -- The publication's directory on the portal, relative to its root.
  directory VARCHAR(255) NOT NULL,
  finance_approval_date DATE NULL,
  deadline_date DATE NULL,
  -- 公开日期 as the page shows it (China Standard Time).
  page_date DATE NOT NULL,
  -- When the page push succeeded, and that day in China Standard Time.
  publish_time TIMESTAMP(6) NULL,
  published_on DATE NULL,
  create_time TIMESTAMP(6) NOT NULL,
  supersedes BIGINT NULL,
  superseded_by BIGINT NULL,
  withdraw_reason TEXT NULL,
  withdraw_actor_id VARCHAR(128) NULL,
  withdraw_actor_name VARCHAR(255) NULL,
  withdraw_time TIMESTAMP(6) NULL,
  -- Bumped on every change; the etag.
  revision INT NOT NULL DEFAULT 1,
  UNIQUE KEY uq_publications_version (report, version_number),
  KEY idx_publications_unit (unit, id),
  KEY idx_publications_unit_year (unit, fiscal_year, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS publication_files (
  publication_id BIGINT NOT NULL,
  path VARCHAR(255) NOT NULL,
  content_type VARCHAR(64) NOT NULL,
  content LONGBLOB NOT NULL,
  sha256 CHAR(64) NOT NULL,
  PRIMARY KEY (publication_id, path)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every accepted, refused, pushed, withdrawn and corrected publication.
CREATE TABLE IF NOT EXISTS audit_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  report VARCHAR(128) NOT NULL,
  publication_id BIGINT NULL,
  action VARCHAR(64) NOT NULL,
  actor_id VARCHAR(128) NOT NULL,
  actor_name VARCHAR(255) NOT NULL,
  details TEXT NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  KEY idx_audit_events_report (report, id),
  KEY idx_audit_events_publication (publication_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The outbox (services/common/outbox.h); `subject` indexed so that a
-- publication's portal pushes list at constant cost.
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
  KEY idx_outbox_unit (unit, id),
  KEY idx_outbox_subject (subject, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
