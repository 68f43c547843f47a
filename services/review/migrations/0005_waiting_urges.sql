-- The reminder ticker pages through every waiting stage, longest waiting
-- first (ListWaitingTasks): (state, active_since, id) serves it without
-- reading finished reviews. 催办 by hand is once per stage in 4 hours:
-- the last one's time is kept with the review (a stage's activation after it
-- allows the next at once).
ALTER TABLE reviews ADD KEY idx_reviews_waiting (state, active_since, id);
ALTER TABLE reviews ADD COLUMN last_urge_time TIMESTAMP(6) NULL;
