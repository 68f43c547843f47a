-- Signed heads of each report's audit chain (domain/audit_anchor.h): the
-- review service's Ed25519 signature over (report, sequence, hash, time),
-- written after every action. A writer of this database can recompute the
-- chain's hashes but cannot sign, so VerifyAuditChain detects a rewrite.
CREATE TABLE IF NOT EXISTS audit_anchors (
  report_id VARCHAR(64) NOT NULL,
  sequence BIGINT NOT NULL,
  hash CHAR(64) NOT NULL,
  signed_time TIMESTAMP(6) NOT NULL,
  key_id VARCHAR(64) NOT NULL,
  signature VARBINARY(64) NOT NULL,
  PRIMARY KEY (report_id, sequence)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
