-- Action links (一键签署): whether a unit allows them, and each link made —
-- only the SHA-256 of its token is kept (the token itself is in the one
-- e-mail), bound to one person, one task activation and its digest, with
-- its expiry and whether it was used or died with its task.
ALTER TABLE unit_settings ADD COLUMN action_links BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE IF NOT EXISTS action_links (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,
  person_id VARCHAR(64) NOT NULL,
  unit VARCHAR(48) NOT NULL,
  task VARCHAR(255) NOT NULL,
  digest CHAR(64) NOT NULL,
  activate_time TIMESTAMP(6) NOT NULL,
  title VARCHAR(800) NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  expire_time TIMESTAMP(6) NOT NULL,
  use_time TIMESTAMP(6) NULL,
  state TINYINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
