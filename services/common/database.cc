#include "services/common/database.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <cstdlib>
#include <random>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"

namespace reportflow {

std::string SqlTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", time, absl::UTCTimeZone());
}

namespace {

// Payload marking a status Transact may retry, and why.
constexpr absl::string_view kRetryPayload = "type.reportflow/sql.retry";
constexpr absl::string_view kRetryDeadlock = "deadlock";
constexpr absl::string_view kRetryConnectionLost = "connection_lost";

bool IsConnectionLoss(int error_number, absl::string_view sql_state) {
  switch (error_number) {
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 1053:  // ER_SERVER_SHUTDOWN
    case 1927:  // ER_CONNECTION_KILLED (MariaDB)
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
      return true;
    default:
      return sql_state.substr(0, 2) == "08";
  }
}

std::optional<absl::string_view> RetryReason(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryPayload);
  if (!payload.has_value()) {
    return std::nullopt;
  }
  if (*payload == kRetryDeadlock) {
    return kRetryDeadlock;
  }
  return kRetryConnectionLost;
}

void Bind(sql::PreparedStatement& statement, const std::vector<SqlValue>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    const unsigned index = static_cast<unsigned>(i + 1);
    const SqlValue& value = params[i];
    switch (value.kind()) {
      case SqlValue::Kind::kNull:
        statement.setNull(index, 0);
        break;
      case SqlValue::Kind::kInt:
        statement.setInt64(index, value.int_value());
        break;
      case SqlValue::Kind::kBool:
        statement.setBoolean(index, value.int_value() != 0);
        break;
      case SqlValue::Kind::kDouble:
        statement.setDouble(index, value.double_value());
        break;
      case SqlValue::Kind::kString:
        statement.setString(index, sql::SQLString(value.string_value()));
        break;
    }
  }
}

// Short, jittered pause before retrying a transaction: 5ms, 10ms, 20ms ... plus
// up to the same again at random, so racing transactions fall out of step.
void Backoff(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  const int base_ms = 5 << std::min(attempt, 6);
  std::uniform_int_distribution<int> jitter(0, base_ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(base_ms + jitter(random)));
}

}  // namespace

int SqlErrorNumber(const absl::Status& status) {
  auto payload = status.GetPayload(kSqlErrorPayload);
  int number = 0;
  if (payload.has_value() && absl::SimpleAtoi(std::string(*payload), &number)) {
    return number;
  }
  return 0;
}

absl::Status TranslateSqlError(int error_number, absl::string_view sql_state,
                               absl::string_view message, absl::string_view context) {
  absl::Status status;
  const std::string detail =
      absl::StrCat(context, ": MySQL error ", error_number, " (", sql_state, "): ", message);
  if (error_number == 1062) {
    status = absl::AlreadyExistsError(absl::StrCat(context, ": duplicate key: ", message));
  } else if (error_number == 1213 || error_number == 1205) {
    status =
        absl::AbortedError(absl::StrCat(context, ": transaction conflicted with a concurrent one (",
                                        message, "); retry the request"));
    status.SetPayload(kRetryPayload, absl::Cord(kRetryDeadlock));
  } else if (IsConnectionLoss(error_number, sql_state)) {
    status = absl::UnavailableError(
        absl::StrCat(context, ": database connection lost (", message, "); retry the request"));
    status.SetPayload(kRetryPayload, absl::Cord(kRetryConnectionLost));
  } else if (error_number == 1216 || error_number == 1217 || error_number == 1451 ||
             error_number == 1452) {
    status = absl::FailedPreconditionError(
        absl::StrCat(context, ": a referenced record is missing or still referenced: ", message));
  } else {
    status = absl::InternalError(detail);
  }
  status.SetPayload(kSqlErrorPayload, absl::Cord(absl::StrCat(error_number)));
  return status;
}

const std::string& Row::GetString(size_t i) const {
  static const std::string* const kEmpty = new std::string();
  const auto& column = columns_.at(i);
  return column.has_value() ? *column : *kEmpty;
}

int64_t Row::GetInt64(size_t i) const {
  int64_t value = 0;
  if (!IsNull(i) && absl::SimpleAtoi(*columns_[i], &value)) {
    return value;
  }
  return 0;
}

absl::Time Row::GetTime(size_t i) const {
  absl::Time time;
  std::string error;
  if (IsNull(i) ||
      !absl::ParseTime("%Y-%m-%d %H:%M:%E*S", GetString(i), absl::UTCTimeZone(), &time, &error)) {
    return absl::InfinitePast();
  }
  return time;
}

absl::Status Transaction::Translate(const sql::SQLException& e, absl::string_view context) {
  absl::Status status = TranslateSqlError(e.getErrorCode(), e.getSQLStateCStr(), e.what(), context);
  if (status.code() == absl::StatusCode::kUnavailable) {
    connection_lost_ = true;
  }
  return status;
}

absl::StatusOr<int64_t> Transaction::InsertRows(absl::string_view head,
                                                const std::vector<std::vector<SqlValue>>& rows,
                                                absl::string_view tail) {
  if (rows.empty()) return 0;
  std::vector<std::string> marks(rows.front().size(), "?");
  const std::string row = absl::StrCat("(", absl::StrJoin(marks, ", "), ")");
  std::vector<std::string> all_rows(rows.size(), row);
  std::vector<SqlValue> values;
  values.reserve(rows.size() * rows.front().size());
  for (const std::vector<SqlValue>& one : rows) {
    values.insert(values.end(), one.begin(), one.end());
  }
  return Execute(
      absl::StrCat(head, " VALUES ", absl::StrJoin(all_rows, ", "), tail.empty() ? "" : " ", tail),
      values);
}

absl::StatusOr<int64_t> Transaction::Execute(absl::string_view statement,
                                             std::initializer_list<SqlValue> params) {
  return Execute(statement, std::vector<SqlValue>(params));
}

absl::StatusOr<int64_t> Transaction::Execute(absl::string_view statement,
                                             const std::vector<SqlValue>& params) {
  try {
    std::unique_ptr<sql::PreparedStatement> prepared(
        connection_->prepareStatement(sql::SQLString(statement.data(), statement.size())));
    Bind(*prepared, params);
    return static_cast<int64_t>(prepared->executeUpdate());
  } catch (const sql::SQLException& e) {
    return Translate(e, statement.substr(0, 80));
  }
}

absl::StatusOr<std::vector<Row>> Transaction::Query(absl::string_view statement,
                                                    std::initializer_list<SqlValue> params) {
  return Query(statement, std::vector<SqlValue>(params));
}

absl::StatusOr<std::vector<Row>> Transaction::Query(absl::string_view statement,
                                                    const std::vector<SqlValue>& params) {
  try {
    std::unique_ptr<sql::PreparedStatement> prepared(
        connection_->prepareStatement(sql::SQLString(statement.data(), statement.size())));
    Bind(*prepared, params);
    std::unique_ptr<sql::ResultSet> results(prepared->executeQuery());
    const unsigned columns = results->getMetaData()->getColumnCount();
    std::vector<Row> rows;
    while (results->next()) {
      std::vector<std::optional<std::string>> values;
      values.reserve(columns);
      for (unsigned c = 1; c <= columns; ++c) {
        sql::SQLString text = results->getString(c);
        if (results->wasNull()) {
          values.emplace_back(std::nullopt);
        } else {
          values.emplace_back(std::string(text.c_str(), text.length()));
        }
      }
      rows.emplace_back(std::move(values));
    }
    return rows;
  } catch (const sql::SQLException& e) {
    return Translate(e, statement.substr(0, 80));
  }
}

absl::Status Transaction::ExecuteDirect(absl::string_view statement) {
  try {
    std::unique_ptr<sql::Statement> direct(connection_->createStatement());
    // A statement that answers with rows (ANALYZE, DO …) must have them read,
    // or the connection is out of sync for the next one.
    if (direct->execute(sql::SQLString(statement.data(), statement.size()))) {
      std::unique_ptr<sql::ResultSet> rows(direct->getResultSet());
      while (rows != nullptr && rows->next()) {
      }
    }
    return absl::OkStatus();
  } catch (const sql::SQLException& e) {
    return Translate(e, statement.substr(0, 80));
  }
}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseConfig& config) {
  if (config.max_connections < 1 || config.max_attempts < 1) {
    return absl::InvalidArgumentError("database: max_connections and max_attempts must be >= 1");
  }
  std::unique_ptr<Database> db(new Database(config));
  ASSIGN_OR_RETURN(std::unique_ptr<sql::Connection> first, db->Connect());
  {
    absl::MutexLock lock(&db->mu_);
    ++db->open_;
  }
  db->Release(std::move(first), /*discard=*/false);
  return db;
}

Database::~Database() {
  absl::MutexLock lock(&mu_);
  idle_.clear();
}

absl::StatusOr<std::unique_ptr<sql::Connection>> Database::Connect() {
  try {
    sql::ConnectOptionsMap options;
    if (!config_.socket.empty()) {
      options["hostName"] = sql::SQLString("unix://" + config_.socket);
    } else {
      options["hostName"] = sql::SQLString(absl::StrCat("tcp://", config_.host, ":", config_.port));
    }
    options["userName"] = sql::SQLString(config_.user);
    options["password"] = sql::SQLString(config_.password);
    if (!config_.schema.empty()) {
      options["schema"] = sql::SQLString(config_.schema);
    }
    options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    options["OPT_CONNECT_TIMEOUT"] = config_.connect_timeout_seconds;
    options["OPT_READ_TIMEOUT"] = config_.read_timeout_seconds;
    options["OPT_WRITE_TIMEOUT"] = config_.read_timeout_seconds;
    // Reconnection is ours (Transact), never the driver's silent one, which
    // would lose session state in the middle of a transaction.
    options["OPT_RECONNECT"] = false;
    sql::mysql::MySQL_Driver* driver = sql::mysql::get_mysql_driver_instance();
    std::unique_ptr<sql::Connection> connection(driver->connect(options));
    // Timestamps are stored and read in UTC, whatever the server's zone.
    std::unique_ptr<sql::Statement>(connection->createStatement())
        ->execute("SET time_zone = '+00:00'");
    // Pooled connections stay out of autocommit: every statement runs in the
    // transaction Transact ends with COMMIT or ROLLBACK, so a transaction
    // costs no round trips to switch modes.
    connection->setAutoCommit(false);
    return connection;
  } catch (const sql::SQLException& e) {
    absl::Status status =
        TranslateSqlError(e.getErrorCode(), e.getSQLStateCStr(), e.what(), "connect to database");
    if (status.code() == absl::StatusCode::kInternal) {
      // Access denied, unknown schema...: a configuration error, not a bug;
      // name it so the operator can fix it.
      return absl::UnavailableError(
          absl::StrCat("cannot connect to database as '", config_.user, "': ", e.what()));
    }
    return status;
  }
}

absl::StatusOr<std::unique_ptr<sql::Connection>> Database::Acquire() {
  {
    absl::MutexLock lock(&mu_);
    auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < config_.max_connections;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&available), config_.acquire_timeout)) {
      return absl::UnavailableError(absl::StrCat("database: all ", config_.max_connections,
                                                 " connections busy; retry the request"));
    }
    if (!idle_.empty()) {
      std::unique_ptr<sql::Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    ++open_;  // reserve a slot, connect outside the lock
  }
  absl::StatusOr<std::unique_ptr<sql::Connection>> connection = Connect();
  if (!connection.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
  }
  return connection;
}

void Database::Release(std::unique_ptr<sql::Connection> connection, bool discard) {
  if (discard) {
    try {
      connection.reset();
    } catch (const sql::SQLException&) {
      // Closing a dead connection may throw; it is gone either way.
    }
  }
  absl::MutexLock lock(&mu_);
  if (discard) {
    --open_;
  } else {
    idle_.push_back(std::move(connection));
  }
}

int Database::open_connections() const {
  absl::MutexLock lock(&mu_);
  return open_;
}

absl::Status Database::WithConnection(absl::FunctionRef<absl::Status(Transaction&)> body) {
  ASSIGN_OR_RETURN(std::unique_ptr<sql::Connection> connection, Acquire());
  Transaction tx(connection.get());
  absl::Status status;
  try {
    connection->setAutoCommit(true);
    status = body(tx);
    connection->setAutoCommit(false);
  } catch (const sql::SQLException& e) {
    status = tx.Translate(e, "statement");
    tx.connection_lost_ = true;  // its mode is unknown now: not pooled again
  }
  Release(std::move(connection), tx.connection_lost_);
  return status;
}

absl::Status RetryTransaction(absl::string_view why) {
  absl::Status status = absl::AbortedError(why);
  status.SetPayload(kRetryPayload, absl::Cord(kRetryDeadlock));
  return status;
}

absl::Status Database::Transact(absl::FunctionRef<absl::Status(Transaction&)> body) {
  absl::Status status;
  for (int attempt = 1; attempt <= config_.max_attempts; ++attempt) {
    ASSIGN_OR_RETURN(std::unique_ptr<sql::Connection> connection, Acquire());
    Transaction tx(connection.get());
    bool committing = false;
    try {
      status = body(tx);
      if (status.ok()) {
        committing = true;
        connection->commit();
      }
    } catch (const sql::SQLException& e) {
      status = tx.Translate(e, committing ? "commit" : "transaction");
    }
    if (!status.ok() && !tx.connection_lost_) {
      try {
        connection->rollback();
      } catch (const sql::SQLException& e) {
        tx.connection_lost_ = true;
      }
    }
    Release(std::move(connection), tx.connection_lost_);
    if (status.ok()) {
      for (const std::function<void()>& hook : tx.after_commit_) hook();
      return status;
    }
    std::optional<absl::string_view> retry = RetryReason(status);
    if (retry == kRetryConnectionLost && committing) {
      return absl::UnavailableError(
          "database connection lost while committing; the change may or may not have been "
          "saved: retry with the same request id");
    }
    if (!retry.has_value() || attempt == config_.max_attempts) {
      return status;
    }
    LogWarning("transaction_retry", {{"attempt", attempt},
                                     {"reason", std::string(*retry)},
                                     {"error", std::string(status.message())}});
    Backoff(attempt);
  }
  return status;
}

}  // namespace reportflow
