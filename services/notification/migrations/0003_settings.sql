-- A unit's notification settings and its group robots (webhook and secret
-- kept here, never returned by the API); a person's channel preferences;
-- and the reminder ticker's record of the reminders already sent (its
-- exactly-once key, e.g. reviews/3/tasks/review-1@{µs}#remind).
CREATE TABLE IF NOT EXISTS unit_settings (
  unit VARCHAR(48) NOT NULL PRIMARY KEY,
  remind_after_days INT NOT NULL,
  escalate_after_days INT NOT NULL,
  quiet_start INT NOT NULL DEFAULT 0,
  quiet_end INT NOT NULL DEFAULT 0,
  etag_version BIGINT NOT NULL DEFAULT 1,
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS unit_robots (
  unit VARCHAR(48) NOT NULL,
  robot_id VARCHAR(32) NOT NULL,
  position INT NOT NULL,
  kind TINYINT NOT NULL,
  webhook VARCHAR(1000) NOT NULL,
  secret VARCHAR(255) NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (unit, robot_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS preferences (
  person_id VARCHAR(64) NOT NULL PRIMARY KEY,
  email_enabled BOOLEAN NOT NULL,
  quiet_start INT NOT NULL DEFAULT 0,
  quiet_end INT NOT NULL DEFAULT 0,
  etag_version BIGINT NOT NULL DEFAULT 1
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS sent_reminders (
  reminder_key VARCHAR(255) NOT NULL PRIMARY KEY,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
