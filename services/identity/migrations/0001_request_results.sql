-- Answers to mutations by request id (AIP-155): a retry that carries the same
-- request_id gets the stored answer instead of acting twice. Written in the
-- same transaction as the mutation it answers.
CREATE TABLE IF NOT EXISTS request_results (
  caller VARCHAR(128) NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  method VARCHAR(160) NOT NULL,
  response LONGBLOB NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (caller, request_id),
  KEY idx_request_results_created_at (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
