// Schema migrations: numbered SQL files per service, compiled into its binary
// (rf_embed_files) and applied at start.
//
// File rules:
//   - name `NNNN_what_it_does.sql`: NNNN is the version, from 0001, no gaps;
//   - statements end with `;` at the end of a line; lines starting with `--`
//     are comments; SQL must also run on MySQL 8 and TiDB (no MariaDB-only
//     syntax);
//   - a file, once applied anywhere, never changes: its SHA-256 is recorded
//     and a changed file stops the server (FAILED_PRECONDITION). Write a new
//     migration instead.
//
// Applying: the runner takes the named lock `rf_migrate_<schema>` (GET_LOCK),
// so when two replicas start at once one applies and the other waits and then
// finds nothing left to do. Applied versions are recorded in the table
// `schema_migrations`. MySQL commits DDL implicitly, so a migration that fails
// halfway is not rolled back: write each statement so that a rerun after a fix
// succeeds (CREATE TABLE IF NOT EXISTS ...), and the runner records a version
// only after all its statements succeeded.
#ifndef REPORTFLOW_SERVICES_COMMON_MIGRATIONS_H_
#define REPORTFLOW_SERVICES_COMMON_MIGRATIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "embedded/embedded_file.h"
#include "services/common/database.h"

namespace reportflow {

// One migration, parsed and checked.
struct Migration {
  int version = 0;
  // File name, e.g. "0001_create_reports.sql".
  std::string name;
  // Statements in order, without their trailing `;`.
  std::vector<std::string> statements;
  // Lowercase hex SHA-256 of the file's bytes.
  std::string sha256;
};

// Parses and orders migration files. INVALID_ARGUMENT naming the file and the
// rule for a bad name, a duplicate or missing version, or an empty file.
absl::StatusOr<std::vector<Migration>> ParseMigrations(const std::vector<EmbeddedFile>& files);

// Splits a SQL script into statements (see the file rules above).
std::vector<std::string> SplitSqlStatements(absl::string_view script);

// What ApplyMigrations did.
struct MigrationReport {
  // Versions this call applied, in order.
  std::vector<int> applied;
  // The schema's version afterwards.
  int current_version = 0;
};

// Applies the migrations not yet recorded, under the schema's migration lock.
// FAILED_PRECONDITION when an applied file changed or the schema is newer than
// this binary knows; DEADLINE_EXCEEDED when the lock is not free within
// `lock_timeout`.
absl::StatusOr<MigrationReport> ApplyMigrations(Database& db,
                                                const std::vector<Migration>& migrations,
                                                absl::Duration lock_timeout = absl::Seconds(60));

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_MIGRATIONS_H_
