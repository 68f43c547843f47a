-- Publish-then-verify: what the portal should serve for each publication
-- and what it served when last checked. One row per publication that has
-- reached the portal; `next_check_time` indexed so that the periodic check
-- finds the due ones at constant cost.
CREATE TABLE IF NOT EXISTS portal_checks (
  publication_id BIGINT NOT NULL PRIMARY KEY,
  -- reportflow.publication.v1.PortalCheckState and PortalCheckTrigger
  state TINYINT NOT NULL DEFAULT 0,
  check_trigger TINYINT NOT NULL DEFAULT 0,
  check_time TIMESTAMP(6) NULL,
  -- JSON list of {path, kind, detail} when drifted.
  drifts TEXT NULL,
  drift_since TIMESTAMP(6) NULL,
  next_check_time TIMESTAMP(6) NOT NULL,
  -- The notice (index.html) that replaced a withdrawn or corrected page.
  notice_html LONGTEXT NULL,
  KEY idx_portal_checks_due (next_check_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
