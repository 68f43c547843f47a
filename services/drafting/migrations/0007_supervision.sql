-- What the finance bureau's view and the deadline warnings read: the day a
-- report was first published and where (kept on the report, so a row of the
-- view is one lookup by (unit, fiscal_year, kind)); and the open reports by
-- state, so the notification ticker's page of running deadlines never reads
-- published history.
ALTER TABLE reports ADD COLUMN first_publish_time TIMESTAMP(6) NULL;
ALTER TABLE reports ADD COLUMN publication_url VARCHAR(1000) NOT NULL DEFAULT '';
ALTER TABLE reports ADD KEY idx_reports_open (state, id);
