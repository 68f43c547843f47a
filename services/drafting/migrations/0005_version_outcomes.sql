-- What became of a submitted version: the review's outcome (returned with its
-- reason and comments, withdrawn, approved with its certificate) and the
-- publication's (published at a URL, withdrawn, corrected).
ALTER TABLE versions ADD COLUMN review_outcome TINYINT NOT NULL DEFAULT 0;
ALTER TABLE versions ADD COLUMN review_record LONGBLOB NULL;
ALTER TABLE versions ADD COLUMN publication_outcome TINYINT NOT NULL DEFAULT 0;
ALTER TABLE versions ADD COLUMN publication_url VARCHAR(1000) NOT NULL DEFAULT '';
