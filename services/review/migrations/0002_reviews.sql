-- Reviews: one per submitted report version (三审三校 of that version), with
-- the state the workflow engine needs, the version's manifest as reviewed,
-- and the denormalized active stage that serves the inbox.
CREATE TABLE IF NOT EXISTS reviews (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  report_id VARCHAR(64) NOT NULL,
  version_number INT NOT NULL,
  unit VARCHAR(128) NOT NULL,
  title VARCHAR(512) NOT NULL,
  digest CHAR(64) NOT NULL,
  definition_id VARCHAR(64) NOT NULL,
  -- reportflow.review.v1.ReviewState
  state TINYINT NOT NULL,
  -- Index of the active stage, -1 once the review ended.
  active_stage INT NOT NULL,
  -- Role of the active human stage and since when it is open; NULL when the
  -- active stage is automatic or the review ended.
  active_role VARCHAR(64) NULL,
  active_since TIMESTAMP(6) NULL,
  submitter_id VARCHAR(128) NOT NULL,
  submitter_name VARCHAR(255) NOT NULL,
  -- JSON array of {"id","name"}: authors of the version's revisions.
  authors_json TEXT NOT NULL,
  end_reason TEXT NULL,
  previous_review_id BIGINT NULL,
  etag INT NOT NULL DEFAULT 1,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_reviews_version (report_id, version_number),
  KEY idx_reviews_inbox (state, unit, active_role, active_since, id),
  KEY idx_reviews_unit (unit, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS review_stages (
  review_id BIGINT NOT NULL,
  stage_index INT NOT NULL,
  stage_key VARCHAR(64) NOT NULL,
  -- reportflow.review.v1.StageState
  state TINYINT NOT NULL,
  actor_id VARCHAR(128) NOT NULL DEFAULT '',
  actor_name VARCHAR(255) NOT NULL DEFAULT '',
  decision_time TIMESTAMP(6) NULL,
  opinion TEXT NOT NULL,
  approved_digest VARCHAR(64) NOT NULL DEFAULT '',
  PRIMARY KEY (review_id, stage_index)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every human decision of a review, also those a later return cleared: the
-- engine's "nobody acts on two stages" rule reads them.
CREATE TABLE IF NOT EXISTS review_decisions (
  review_id BIGINT NOT NULL,
  seq INT NOT NULL,
  person_id VARCHAR(128) NOT NULL,
  stage_key VARCHAR(64) NOT NULL,
  approved BOOLEAN NOT NULL,
  PRIMARY KEY (review_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The version's manifest as the review fetched and verified it.
CREATE TABLE IF NOT EXISTS review_sections (
  review_id BIGINT NOT NULL,
  position INT NOT NULL,
  section VARCHAR(255) NOT NULL,
  revision VARCHAR(255) NOT NULL,
  content_sha256 VARCHAR(64) NOT NULL,
  title VARCHAR(512) NOT NULL,
  -- Length of the content in code points, for comment anchors.
  content_chars INT NOT NULL,
  PRIMARY KEY (review_id, position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS findings (
  review_id BIGINT NOT NULL,
  finding_id INT NOT NULL,
  rule VARCHAR(64) NOT NULL,
  -- reportflow.review.v1.Severity
  severity TINYINT NOT NULL,
  section VARCHAR(255) NOT NULL,
  line INT NOT NULL,
  col INT NOT NULL,
  excerpt TEXT NOT NULL,
  message TEXT NOT NULL,
  suggestion TEXT NOT NULL,
  overridden BOOLEAN NOT NULL DEFAULT FALSE,
  override_reason TEXT NULL,
  overrider_id VARCHAR(128) NOT NULL DEFAULT '',
  overrider_name VARCHAR(255) NOT NULL DEFAULT '',
  carried_from VARCHAR(64) NOT NULL DEFAULT '',
  PRIMARY KEY (review_id, finding_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS comments (
  review_id BIGINT NOT NULL,
  comment_id INT NOT NULL,
  section VARCHAR(255) NOT NULL,
  revision VARCHAR(255) NOT NULL,
  span_start INT NOT NULL,
  span_end INT NOT NULL,
  text TEXT NOT NULL,
  blocking BOOLEAN NOT NULL,
  resolved BOOLEAN NOT NULL DEFAULT FALSE,
  author_id VARCHAR(128) NOT NULL,
  author_name VARCHAR(255) NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  resolver_id VARCHAR(128) NOT NULL DEFAULT '',
  resolver_name VARCHAR(255) NOT NULL DEFAULT '',
  resolve_time TIMESTAMP(6) NULL,
  carried_from VARCHAR(64) NOT NULL DEFAULT '',
  PRIMARY KEY (review_id, comment_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
