// MySQL access for every service: a connection pool over MySQL Connector/C++
// 1.1 and transactions as functions.
//
//   ASSIGN_OR_RETURN(auto db, Database::Open(config));
//   absl::Status status = db->Transact([&](Transaction& tx) -> absl::Status {
//     ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT state FROM reports WHERE id = ? FOR UPDATE",
//                                          {report_id}));
//     ...
//     return tx.Execute("UPDATE reports SET state = ? WHERE id = ?", {state, report_id}).status();
//   });
//
// Error model. Connector/C++ throws sql::SQLException; it is caught only here
// and translated once (TranslateSqlError):
//   1062 duplicate key                         -> ALREADY_EXISTS
//   1213 deadlock, 1205 lock wait timeout      -> ABORTED, retried (see below)
//   2002/2003/2006/2013/1927/4031, SQLSTATE 08 -> UNAVAILABLE, connection dropped
//   1216/1217/1451/1452 foreign key            -> FAILED_PRECONDITION
//   anything else                              -> INTERNAL (server message kept for
//                                                 the log; ToGrpcStatus hides it)
// Every translated status carries the MySQL error number as the payload
// kSqlErrorPayload, for logs and tests.
//
// Retries. Transact runs the body in one transaction and commits it. When the
// body or the commit fails with a deadlock or lock-wait timeout, the whole
// transaction is rolled back and run again, up to `max_attempts` times with a
// short jittered backoff; the body must therefore have no effects outside the
// transaction. When the connection is lost before COMMIT was sent, the server
// has rolled back, so the body is run again on a fresh connection (this is the
// reconnect after "server has gone away"). When it is lost during COMMIT the
// outcome is unknown: Transact returns UNAVAILABLE and does not retry; callers
// rely on request ids (AIP-155) to make the client's retry safe.
//
// Every connection uses utf8mb4 and the UTC time zone, and stays out of
// autocommit: a transaction is its statements and one COMMIT, no mode switches.
//
// Thread safety: Database is thread-safe; a Transaction belongs to the thread
// running the body.
#ifndef REPORTFLOW_SERVICES_COMMON_DATABASE_H_
#define REPORTFLOW_SERVICES_COMMON_DATABASE_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"

namespace reportflow {

// Payload type URL under which translated SQL errors carry the MySQL error
// number (decimal text).
inline constexpr absl::string_view kSqlErrorPayload = "type.reportflow/sql.errno";

// Returns the MySQL error number a status carries, or 0.
int SqlErrorNumber(const absl::Status& status);

// Translates a MySQL error (number, SQLSTATE, message) into our error model,
// per the table at the top of this file. `context` names the operation for
// the log, e.g. "insert revision".
absl::Status TranslateSqlError(int error_number, absl::string_view sql_state,
                               absl::string_view message, absl::string_view context);

// Where and how to connect.
struct DatabaseConfig {
  // Unix socket path; when set, host and port are ignored.
  std::string socket;
  // TCP host and port, used when `socket` is empty.
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;
  // Schema (database) to use; empty for none.
  std::string schema;
  // Most connections the pool opens.
  int max_connections = 16;
  // How long Transact waits for a free connection before UNAVAILABLE.
  absl::Duration acquire_timeout = absl::Seconds(10);
  // Attempts for a transaction that deadlocks or loses its connection.
  int max_attempts = 5;
  // Socket connect/read/write timeouts in seconds.
  int connect_timeout_seconds = 5;
  int read_timeout_seconds = 30;
};

// `time` as "YYYY-MM-DD HH:MM:SS.ffffff" in UTC, the text a TIMESTAMP(6)
// parameter takes (connections use the UTC time zone).
std::string SqlTime(absl::Time time);

// An ABORTED status that Database::Transact treats like a deadlock: the
// transaction is rolled back and run again. For a body that finds it lost a
// race it can only see the end of from a new snapshot (e.g. a concurrent
// duplicate of the same request id, AIP-155).
absl::Status RetryTransaction(absl::string_view why);

// A value bound to a `?` placeholder. Converts implicitly from the usual types.
class SqlValue {
 public:
  enum class Kind { kNull, kInt, kDouble, kString, kBool };
  SqlValue(std::nullptr_t) : kind_(Kind::kNull) {}
  SqlValue(int value) : kind_(Kind::kInt), int_(value) {}
  SqlValue(int64_t value) : kind_(Kind::kInt), int_(value) {}
  SqlValue(double value) : kind_(Kind::kDouble), double_(value) {}
  SqlValue(bool value) : kind_(Kind::kBool), int_(value ? 1 : 0) {}
  SqlValue(const char* value) : kind_(Kind::kString), string_(value) {}
  SqlValue(std::string value) : kind_(Kind::kString), string_(std::move(value)) {}
  SqlValue(absl::string_view value) : kind_(Kind::kString), string_(value) {}

  Kind kind() const { return kind_; }
  int64_t int_value() const { return int_; }
  double double_value() const { return double_; }
  const std::string& string_value() const { return string_; }

 private:
  Kind kind_;
  int64_t int_ = 0;
  double double_ = 0;
  std::string string_;
};

// One row of a result: columns by 0-based index, NULL as std::nullopt.
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> columns) : columns_(std::move(columns)) {}
  size_t size() const { return columns_.size(); }
  bool IsNull(size_t i) const { return !columns_.at(i).has_value(); }
  // The column as text (bytes for BLOBs); "" for NULL.
  const std::string& GetString(size_t i) const;
  // The column as an integer; 0 for NULL or non-numeric text.
  int64_t GetInt64(size_t i) const;
  // The column, formatted "YYYY-MM-DD HH:MM:SS[.ffffff]" (DATE_FORMAT) in UTC,
  // as a time; absl::InfinitePast() for NULL or anything else.
  absl::Time GetTime(size_t i) const;

 private:
  std::vector<std::optional<std::string>> columns_;
};

// The statements of one transaction. Obtained only inside Database::Transact.
// Methods never throw: they return translated statuses.
class Transaction {
 public:
  // Runs a statement with `?` placeholders bound to `params`; returns the
  // number of affected rows.
  absl::StatusOr<int64_t> Execute(absl::string_view statement,
                                  std::initializer_list<SqlValue> params = {});
  // Same, with a runtime-sized parameter list.
  absl::StatusOr<int64_t> Execute(absl::string_view statement, const std::vector<SqlValue>& params);

  // Inserts `rows` (each the values of one row, all of one width) in one
  // statement: `head` ("INSERT INTO t (a, b)"), the VALUES, then `tail`
  // (e.g. "ON DUPLICATE KEY UPDATE …"). Nothing for no rows. Returns the
  // affected row count.
  absl::StatusOr<int64_t> InsertRows(absl::string_view head,
                                     const std::vector<std::vector<SqlValue>>& rows,
                                     absl::string_view tail = "");

  // Runs a query with `?` placeholders; returns all rows.
  absl::StatusOr<std::vector<Row>> Query(absl::string_view statement,
                                         std::initializer_list<SqlValue> params = {});
  absl::StatusOr<std::vector<Row>> Query(absl::string_view statement,
                                         const std::vector<SqlValue>& params);

  // Runs a statement through the text protocol, without parameters: for DDL
  // and the few statements the prepared protocol does not accept. Any rows it
  // answers with are read and dropped.
  absl::Status ExecuteDirect(absl::string_view statement);

  // Runs `hook` once this transaction has committed (never on rollback or
  // a retry's failed attempt), e.g. to wake a dispatcher for what it wrote.
  void AfterCommit(std::function<void()> hook) { after_commit_.push_back(std::move(hook)); }

  // The underlying connection, for what the helpers above do not cover.
  // Exceptions thrown by direct use are caught and translated by Transact.
  sql::Connection& connection() { return *connection_; }

 private:
  friend class Database;
  explicit Transaction(sql::Connection* connection) : connection_(connection) {}
  absl::Status Translate(const sql::SQLException& e, absl::string_view context);

  sql::Connection* connection_;
  std::vector<std::function<void()>> after_commit_;
  // Set when a statement lost the connection; the pool then discards it.
  bool connection_lost_ = false;
};

// A pool of connections to one schema, and the transaction runner.
class Database {
 public:
  // Connects once to check the configuration, then keeps the connection in
  // the pool. UNAVAILABLE when the server cannot be reached.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseConfig& config);
  ~Database();

  // Runs `body` in one transaction and commits it when it returns OK; rolls
  // back otherwise. Retries as described at the top of this file.
  absl::Status Transact(absl::FunctionRef<absl::Status(Transaction&)> body);

  // Same, for a body that produces a value.
  template <typename T>
  absl::StatusOr<T> Transact(absl::FunctionRef<absl::StatusOr<T>(Transaction&)> body) {
    std::optional<T> result;
    absl::Status status = Transact([&](Transaction& tx) -> absl::Status {
      absl::StatusOr<T> value = body(tx);
      if (!value.ok()) {
        return value.status();
      }
      result = *std::move(value);
      return absl::OkStatus();
    });
    if (!status.ok()) {
      return status;
    }
    return *std::move(result);
  }

  // Runs `body` on one pooled connection in autocommit mode, outside any
  // transaction: for DDL and session-level locks (GET_LOCK), as the migration
  // runner needs. No retries.
  absl::Status WithConnection(absl::FunctionRef<absl::Status(Transaction&)> body);

  // Connections currently open (idle or in use).
  int open_connections() const;

  const DatabaseConfig& config() const { return config_; }

 private:
  explicit Database(DatabaseConfig config) : config_(std::move(config)) {}
  absl::StatusOr<std::unique_ptr<sql::Connection>> Connect();
  absl::StatusOr<std::unique_ptr<sql::Connection>> Acquire();
  void Release(std::unique_ptr<sql::Connection> connection, bool discard);

  const DatabaseConfig config_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<sql::Connection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_DATABASE_H_
