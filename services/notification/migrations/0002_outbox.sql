-- The channels' deliveries (e-mail now): one message per (notification,
-- channel), written in Notify's transaction and sent by the dispatcher with
-- retries and backoff; the shape every service's outbox has
-- (services/common/outbox.h).
CREATE TABLE IF NOT EXISTS outbox (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  unit VARCHAR(128) NOT NULL,
  method VARCHAR(160) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  payload LONGBLOB NOT NULL,
  state TINYINT NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  last_error TEXT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  next_attempt_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  deliver_time TIMESTAMP(6) NULL,
  UNIQUE KEY uq_outbox_request (method, request_id),
  KEY idx_outbox_due (state, next_attempt_time),
  KEY idx_outbox_unit (unit, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
