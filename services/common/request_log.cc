#include "services/common/request_log.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace reportflow {

absl::Status ValidateRequestId(absl::string_view request_id) {
  const bool valid =
      request_id.size() <= 64 && std::all_of(request_id.begin(), request_id.end(), [](char c) {
        return absl::ascii_isalnum(c) || c == '-' || c == '_';
      });
  if (!valid) {
    return absl::InvalidArgumentError(
        "request_id: 至多 64 个字母、数字、'-' 或 '_'，建议使用 UUID (at most 64 of "
        "[A-Za-z0-9_-])");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> FindRequestResult(Transaction& tx,
                                                             absl::string_view caller,
                                                             absl::string_view request_id,
                                                             absl::string_view method) {
  RETURN_IF_ERROR(ValidateRequestId(request_id));
  if (request_id.empty()) {
    return std::nullopt;
  }
  ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query("SELECT method, response FROM request_results "
                                                   "WHERE caller = ? AND request_id = ?",
                                                   {caller, request_id}));
  if (rows.empty()) {
    return std::nullopt;
  }
  if (rows[0].GetString(0) != method) {
    return absl::InvalidArgumentError(
        absl::StrCat("request_id: 已用于另一个请求（", rows[0].GetString(0),
                     "），请为新请求生成新的 request_id (request_id reused for another method)"));
  }
  return rows[0].GetString(1);
}

absl::StatusOr<bool> ClaimRequestId(Transaction& tx, absl::string_view caller,
                                    absl::string_view request_id, absl::string_view method) {
  RETURN_IF_ERROR(ValidateRequestId(request_id));
  if (request_id.empty()) {
    return true;
  }
  absl::StatusOr<int64_t> inserted = tx.Execute(
      "INSERT INTO request_results (caller, request_id, method, response) VALUES (?, ?, ?, '')",
      {caller, request_id, method});
  if (inserted.status().code() == absl::StatusCode::kAlreadyExists) {
    return false;
  }
  RETURN_IF_ERROR(inserted.status());
  return true;
}

absl::Status SaveRequestResult(Transaction& tx, absl::string_view caller,
                               absl::string_view request_id, absl::string_view method,
                               absl::string_view response) {
  if (request_id.empty()) {
    return absl::OkStatus();
  }
  // One statement whether the id was claimed (ClaimRequestId) or not.
  return tx
      .Execute(
          "INSERT INTO request_results (caller, request_id, method, response) "
          "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE response = VALUES(response)",
          {caller, request_id, method, response})
      .status();
}

}  // namespace reportflow
