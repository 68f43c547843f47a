#include "services/common/migrations.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/log.h"
#include "services/common/sha256.h"
#include "services/common/status_macros.h"

namespace reportflow {

std::vector<std::string> SplitSqlStatements(absl::string_view script) {
  std::vector<std::string> statements;
  std::string current;
  for (absl::string_view line : absl::StrSplit(script, '\n')) {
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || absl::StartsWith(trimmed, "--")) {
      continue;
    }
    if (!current.empty()) {
      current.push_back('\n');
    }
    if (absl::EndsWith(trimmed, ";")) {
      absl::string_view without = absl::StripTrailingAsciiWhitespace(line);
      without.remove_suffix(1);
      current.append(without.data(), without.size());
      statements.push_back(std::move(current));
      current.clear();
    } else {
      current.append(line.data(), line.size());
    }
  }
  if (!absl::StripAsciiWhitespace(current).empty()) {
    statements.push_back(std::move(current));
  }
  return statements;
}

absl::StatusOr<std::vector<Migration>> ParseMigrations(const std::vector<EmbeddedFile>& files) {
  std::map<int, Migration> by_version;
  for (const EmbeddedFile& file : files) {
    absl::string_view name = file.name;
    int version = 0;
    if (name.size() < 10 || name[4] != '_' || !absl::EndsWith(name, ".sql") ||
        !absl::SimpleAtoi(name.substr(0, 4), &version) || version < 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "migration ", name, ": file name must be NNNN_description.sql with NNNN >= 0001"));
    }
    Migration migration;
    migration.version = version;
    migration.name = std::string(name);
    migration.statements = SplitSqlStatements(file.content);
    migration.sha256 = Sha256Hex(file.content);
    if (migration.statements.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration ", name, ": contains no SQL statement"));
    }
    if (!by_version.emplace(version, std::move(migration)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration ", name, ": version ", version, " is used by two files"));
    }
  }
  std::vector<Migration> ordered;
  for (auto& [version, migration] : by_version) {
    if (version != static_cast<int>(ordered.size()) + 1) {
      return absl::InvalidArgumentError(absl::StrCat("migration ", migration.name,
                                                     ": versions must be consecutive from 0001; ",
                                                     ordered.size() + 1, " is missing"));
    }
    ordered.push_back(std::move(migration));
  }
  return ordered;
}

absl::StatusOr<MigrationReport> ApplyMigrations(Database& db,
                                                const std::vector<Migration>& migrations,
                                                absl::Duration lock_timeout) {
  MigrationReport report;
  absl::Status status = db.WithConnection([&](Transaction& tx) -> absl::Status {
    const std::string lock_name = absl::StrCat("rf_migrate_", db.config().schema).substr(0, 64);
    ASSIGN_OR_RETURN(
        std::vector<Row> locked,
        tx.Query("SELECT GET_LOCK(?, ?)", {lock_name, absl::ToInt64Seconds(lock_timeout)}));
    if (locked.empty() || locked[0].GetInt64(0) != 1) {
      return absl::DeadlineExceededError(absl::StrCat("migrations: another process held the lock '",
                                                      lock_name, "' for longer than ",
                                                      absl::FormatDuration(lock_timeout)));
    }
    absl::Status applied = [&]() -> absl::Status {
      RETURN_IF_ERROR(
          tx.ExecuteDirect("CREATE TABLE IF NOT EXISTS schema_migrations ("
                           " version INT NOT NULL PRIMARY KEY,"
                           " name VARCHAR(255) NOT NULL,"
                           " sha256 CHAR(64) NOT NULL,"
                           " applied_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
                           ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"));
      ASSIGN_OR_RETURN(std::vector<Row> rows,
                       tx.Query("SELECT version, name, sha256 FROM schema_migrations "
                                "ORDER BY version"));
      for (const Row& row : rows) {
        const int version = static_cast<int>(row.GetInt64(0));
        if (version > static_cast<int>(migrations.size())) {
          return absl::FailedPreconditionError(absl::StrCat(
              "migrations: the schema is at version ", version, " but this binary knows only ",
              migrations.size(), "; run the newer binary"));
        }
        const Migration& known = migrations[version - 1];
        if (known.sha256 != row.GetString(2)) {
          return absl::FailedPreconditionError(absl::StrCat(
              "migrations: ", known.name, " changed after it was applied (recorded sha256 ",
              row.GetString(2), ", now ", known.sha256, "); add a new migration instead"));
        }
        report.current_version = std::max(report.current_version, version);
      }
      for (const Migration& migration : migrations) {
        if (migration.version <= report.current_version) {
          continue;
        }
        for (const std::string& statement : migration.statements) {
          absl::Status run = tx.ExecuteDirect(statement);
          if (!run.ok()) {
            return absl::Status(run.code(),
                                absl::StrCat("migration ", migration.name, ": ", run.message()));
          }
        }
        RETURN_IF_ERROR(tx.Execute("INSERT INTO schema_migrations (version, name, sha256) "
                                   "VALUES (?, ?, ?)",
                                   {migration.version, migration.name, migration.sha256})
                            .status());
        LogInfo("migration_applied", {{"schema", db.config().schema},
                                      {"version", migration.version},
                                      {"name", migration.name}});
        report.applied.push_back(migration.version);
        report.current_version = migration.version;
      }
      return absl::OkStatus();
    }();
    absl::Status released = tx.Query("SELECT RELEASE_LOCK(?)", {lock_name}).status();
    return applied.ok() ? released : applied;
  });
  if (!status.ok()) {
    return status;
  }
  return report;
}

}  // namespace reportflow
