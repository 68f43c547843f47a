-- One notification per (event, person): the console's notification centre.
-- The unique key makes Notify idempotent; (recipient, id) pages a person's
-- list newest first and (recipient, read_time) counts the unread.
CREATE TABLE IF NOT EXISTS notifications (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  recipient_id VARCHAR(64) NOT NULL,
  event_key VARCHAR(255) NOT NULL,
  kind TINYINT NOT NULL,
  unit VARCHAR(48) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  title VARCHAR(800) NOT NULL,
  body TEXT NOT NULL,
  link VARCHAR(255) NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  read_time TIMESTAMP(6) NULL,
  UNIQUE KEY uq_notifications_event (event_key, recipient_id),
  KEY idx_notifications_recipient (recipient_id, id),
  KEY idx_notifications_unread (recipient_id, read_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
