#include "services/review/domain/audit_anchor.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace reportflow::review {
namespace {

std::string Rfc3339Micros(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", time, absl::UTCTimeZone());
}

std::string HexOf(absl::string_view bytes) { return absl::BytesToHexString(bytes); }

std::string Describe(const AuditAnchor& anchor) {
  return absl::StrCat("第 ", anchor.sequence, " 条（", Rfc3339Micros(anchor.signed_time),
                      " 签署的链头）");
}

}  // namespace

std::string AnchorPayload(const AuditAnchor& anchor) {
  const nlohmann::json payload = {{"report", anchor.report_id},
                                  {"sequence", anchor.sequence},
                                  {"hash", anchor.hash},
                                  {"signed_time", Rfc3339Micros(anchor.signed_time)}};
  return payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

AuditAnchor SignAnchor(const SigningKey& key, absl::string_view report_id, int64_t sequence,
                       absl::string_view hash, absl::Time now) {
  AuditAnchor anchor;
  anchor.report_id = std::string(report_id);
  anchor.sequence = sequence;
  anchor.hash = std::string(hash);
  anchor.signed_time = absl::FromUnixMicros(absl::ToUnixMicros(now));
  anchor.key_id = key.id;
  anchor.signature = Sign(key, AnchorPayload(anchor));
  return anchor;
}

bool AnchorVerifies(const AuditAnchor& anchor, absl::string_view public_key) {
  return anchor.key_id == SigningKeyId(public_key) &&
         VerifySignature(public_key, AnchorPayload(anchor), anchor.signature);
}

std::string AnchorLine(const AuditAnchor& anchor) {
  nlohmann::json line = nlohmann::json::parse(AnchorPayload(anchor));
  line["key_id"] = anchor.key_id;
  line["signature"] = HexOf(anchor.signature);
  return line.dump();
}

std::optional<AuditAnchor> AnchorFromLine(absl::string_view line) {
  const nlohmann::json json =
      nlohmann::json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("report") || !json["report"].is_string() ||
      !json.contains("sequence") || !json["sequence"].is_number_integer() ||
      !json.contains("hash") || !json["hash"].is_string() || !json.contains("signed_time") ||
      !json["signed_time"].is_string() || !json.contains("key_id") || !json["key_id"].is_string() ||
      !json.contains("signature") || !json["signature"].is_string()) {
    return std::nullopt;
  }
  AuditAnchor anchor;
  anchor.report_id = json["report"].get<std::string>();
  anchor.sequence = json["sequence"].get<int64_t>();
  anchor.hash = json["hash"].get<std::string>();
  std::string error;
  if (!absl::ParseTime("%Y-%m-%dT%H:%M:%E6SZ", json["signed_time"].get<std::string>(),
                       &anchor.signed_time, &error)) {
    return std::nullopt;
  }
  anchor.key_id = json["key_id"].get<std::string>();
  anchor.signature = absl::HexStringToBytes(json["signature"].get<std::string>());
  return anchor;
}

AnchorCheck::AnchorCheck(std::vector<AuditAnchor> anchors, std::optional<AuditAnchor> witness,
                         std::string public_key)
    : anchors_(std::move(anchors)),
      witness_(std::move(witness)),
      public_key_(std::move(public_key)) {
  std::sort(anchors_.begin(), anchors_.end(),
            [](const AuditAnchor& a, const AuditAnchor& b) { return a.sequence < b.sequence; });
}

std::optional<ChainBreak> AnchorCheck::Start() const {
  for (const AuditAnchor& anchor : anchors_) {
    if (!AnchorVerifies(anchor, public_key_)) {
      return ChainBreak{anchor.sequence,
                        absl::StrCat("第 ", anchor.sequence,
                                     " 条的签署链头签名无效：链头被伪造或改动（数据库被改写）")};
    }
  }
  if (witness_.has_value() && !AnchorVerifies(*witness_, public_key_)) {
    return ChainBreak{witness_->sequence, "库外留存的链头签名无效：留存文件被改动"};
  }
  return std::nullopt;
}

std::optional<ChainBreak> AnchorCheck::Entry(const AuditEntry& entry) const {
  auto check = [&](const AuditAnchor& anchor,
                   absl::string_view where) -> std::optional<ChainBreak> {
    if (anchor.sequence == entry.sequence && anchor.hash != entry.hash) {
      return ChainBreak{entry.sequence,
                        absl::StrCat("第 ", entry.sequence, " 条与", where, Describe(anchor),
                                     "不符：此前的审计记录已被改写")};
    }
    return std::nullopt;
  };
  auto found = std::lower_bound(
      anchors_.begin(), anchors_.end(), entry.sequence,
      [](const AuditAnchor& anchor, int64_t sequence) { return anchor.sequence < sequence; });
  if (found != anchors_.end()) {
    if (auto broken = check(*found, ""); broken.has_value()) return broken;
  }
  if (witness_.has_value()) {
    if (auto broken = check(*witness_, "库外留存的"); broken.has_value()) return broken;
  }
  return std::nullopt;
}

std::optional<ChainBreak> AnchorCheck::Finish(int64_t last_sequence) const {
  if (!anchors_.empty() && anchors_.back().sequence > last_sequence) {
    return ChainBreak{last_sequence + 1,
                      absl::StrCat("审计链只到第 ", last_sequence, " 条，但",
                                   Describe(anchors_.back()), "更长：链尾已被截断")};
  }
  if (witness_.has_value() && witness_->sequence > last_sequence) {
    return ChainBreak{last_sequence + 1,
                      absl::StrCat("审计链只到第 ", last_sequence, " 条，但库外留存的",
                                   Describe(*witness_), "更长：链尾连同数据库中的链头已被截断")};
  }
  return std::nullopt;
}

int64_t AnchorCheck::anchored_sequence() const {
  int64_t sequence = anchors_.empty() ? 0 : anchors_.back().sequence;
  if (witness_.has_value()) sequence = std::max(sequence, witness_->sequence);
  return sequence;
}

}  // namespace reportflow::review
