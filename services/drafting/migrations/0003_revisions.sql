-- Immutable section revisions, numbered per section from 1. The latest
-- revision of a section is read by its primary key (ORDER BY number DESC).
CREATE TABLE IF NOT EXISTS revisions (
  report_id BIGINT NOT NULL,
  section_key VARCHAR(64) NOT NULL,
  number INT NOT NULL,
  content LONGTEXT NOT NULL,
  content_sha256 CHAR(64) NOT NULL,
  base_revision INT NOT NULL,
  author_id VARCHAR(128) NOT NULL,
  author_name VARCHAR(255) NOT NULL,
  note VARCHAR(1000) NOT NULL DEFAULT '',
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (report_id, section_key, number),
  CONSTRAINT fk_revisions_section FOREIGN KEY (report_id, section_key)
    REFERENCES sections (report_id, section_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
