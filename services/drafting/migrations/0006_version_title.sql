-- A frozen version keeps the title it was submitted under: what was signed
-- must not change when the report is renamed later (UpdateReport). NULL for
-- versions frozen before this column existed; they show the report's title.
ALTER TABLE versions ADD COLUMN title VARCHAR(255) NULL;
