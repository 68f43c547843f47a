-- A renamed unit keeps its former names (reports filed under them stay
-- readable); a unit retired by a merger names the unit it went into.
CREATE TABLE IF NOT EXISTS unit_names (
  unit_id VARCHAR(48) NOT NULL,
  display_name VARCHAR(255) NOT NULL,
  until_time TIMESTAMP(6) NOT NULL,
  PRIMARY KEY (unit_id, until_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
ALTER TABLE units ADD COLUMN merged_into VARCHAR(48) NULL;
