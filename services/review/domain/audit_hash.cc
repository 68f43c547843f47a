#include "services/review/domain/audit_hash.h"

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "services/common/sha256.h"

namespace reportflow::review {

std::string CanonicalAuditContent(const AuditEntry& entry) {
  const nlohmann::json content = {
      {"report", entry.report_id},
      {"sequence", entry.sequence},
      {"action", entry.action},
      {"actor_id", entry.actor_id},
      {"actor_name", entry.actor_name},
      {"subject", entry.subject},
      {"details_json", entry.details_json},
      {"create_time",
       absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", entry.create_time, absl::UTCTimeZone())},
      {"previous_hash", entry.previous_hash}};
  return content.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string AuditEntryHash(const AuditEntry& entry) {
  return Sha256Hex(CanonicalAuditContent(entry));
}

std::optional<ChainBreak> VerifyChainSegment(const std::vector<AuditEntry>& entries,
                                             int64_t previous_sequence,
                                             const std::string& previous_hash) {
  int64_t sequence = previous_sequence;
  std::string hash = previous_hash;
  for (const AuditEntry& entry : entries) {
    if (entry.sequence != sequence + 1) {
      return ChainBreak{sequence + 1, absl::StrCat("缺少第 ", sequence + 1, " 条记录（下一条是第 ",
                                                   entry.sequence, " 条）")};
    }
    if (entry.previous_hash != hash) {
      return ChainBreak{entry.sequence, "记录的前序哈希与上一条记录的哈希不一致"};
    }
    if (AuditEntryHash(entry) != entry.hash) {
      return ChainBreak{entry.sequence, "记录内容与其哈希不一致，内容已被改动"};
    }
    sequence = entry.sequence;
    hash = entry.hash;
  }
  return std::nullopt;
}

}  // namespace reportflow::review
