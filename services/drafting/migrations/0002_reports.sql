-- Reports and their sections (one row per template section, made with the
-- report). Public ids (r-…) appear in resource names; the numeric id is for
-- joins. Every query the service runs is served by a key below.
CREATE TABLE IF NOT EXISTS reports (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  public_id VARCHAR(40) NOT NULL,
  unit VARCHAR(128) NOT NULL,
  unit_display_name VARCHAR(255) NOT NULL,
  fiscal_year INT NOT NULL,
  kind TINYINT NOT NULL,
  template VARCHAR(160) NOT NULL,
  title VARCHAR(255) NOT NULL,
  state TINYINT NOT NULL,
  finance_approval_date DATE NULL,
  latest_version INT NOT NULL DEFAULT 0,
  creator_id VARCHAR(128) NOT NULL,
  creator_name VARCHAR(255) NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  etag_version BIGINT NOT NULL DEFAULT 1,
  UNIQUE KEY uq_reports_public_id (public_id),
  UNIQUE KEY uq_reports_unit_year_kind (unit, fiscal_year, kind),
  KEY idx_reports_unit_id (unit, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS sections (
  report_id BIGINT NOT NULL,
  section_key VARCHAR(64) NOT NULL,
  position INT NOT NULL,
  part_key VARCHAR(64) NOT NULL,
  title VARCHAR(255) NOT NULL,
  kind TINYINT NOT NULL,
  required BOOLEAN NOT NULL,
  assignee_id VARCHAR(128) NULL,
  assignee_name VARCHAR(255) NULL,
  latest_revision INT NOT NULL DEFAULT 0,
  etag_version BIGINT NOT NULL DEFAULT 1,
  PRIMARY KEY (report_id, section_key),
  UNIQUE KEY uq_sections_report_position (report_id, position),
  CONSTRAINT fk_sections_report FOREIGN KEY (report_id) REFERENCES reports (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
