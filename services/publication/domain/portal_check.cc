#include "services/publication/domain/portal_check.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/sha256.h"

namespace reportflow::publication {

PortalExpectation PageExpectation(std::vector<ExpectedFile> files) {
  return {std::move(files), {}};
}

PortalExpectation NoticeExpectation(const std::string& notice_html,
                                    const std::vector<ExpectedFile>& page_files) {
  PortalExpectation expectation;
  expectation.present.push_back(
      {"index.html", Sha256Hex(notice_html), static_cast<int64_t>(notice_html.size())});
  for (const ExpectedFile& file : page_files) {
    if (file.path != "index.html") expectation.absent.push_back(file.path);
  }
  return expectation;
}

const char* DriftKindText(DriftKind kind) {
  switch (kind) {
    case DriftKind::kMissing:
      return "缺失";
    case DriftKind::kModified:
      return "被修改";
    case DriftKind::kTruncated:
      return "被截断";
    case DriftKind::kReappeared:
      return "撤回后重新出现";
  }
  return "";
}

CheckResult ComparePortal(const PortalExpectation& expected,
                          const std::vector<ServedFile>& served) {
  absl::flat_hash_map<std::string, const ServedFile*> by_path;
  for (const ServedFile& file : served) by_path[file.path] = &file;
  CheckResult result;
  auto unreachable = [&](const std::string& path, const absl::Status& status) {
    result.state = PortalState::kUnreachable;
    if (result.unreachable.empty()) {
      result.unreachable = absl::StrCat(path, "：", status.message());
    }
  };
  for (const ExpectedFile& file : expected.present) {
    auto found = by_path.find(file.path);
    if (found == by_path.end()) {
      unreachable(file.path, absl::UnavailableError("未取回"));
      continue;
    }
    const absl::StatusOr<std::string>& content = found->second->content;
    if (!content.ok()) {
      if (content.status().code() == absl::StatusCode::kNotFound) {
        result.drifts.push_back({file.path, DriftKind::kMissing, "门户上没有此文件"});
      } else {
        unreachable(file.path, content.status());
      }
      continue;
    }
    if (Sha256Hex(*content) == file.sha256) continue;
    const int64_t size = static_cast<int64_t>(content->size());
    const std::string sizes = absl::StrCat("应为 ", file.size, " 字节，实为 ", size, " 字节");
    result.drifts.push_back(
        {file.path, size < file.size ? DriftKind::kTruncated : DriftKind::kModified,
         size < file.size ? sizes
                          : absl::StrCat(sizes, "，内容摘要不符（应为 ", file.sha256.substr(0, 12),
                                         "…，实为 ", Sha256Hex(*content).substr(0, 12), "…）")});
  }
  for (const std::string& path : expected.absent) {
    auto found = by_path.find(path);
    if (found == by_path.end()) {
      unreachable(path, absl::UnavailableError("未取回"));
      continue;
    }
    const absl::StatusOr<std::string>& content = found->second->content;
    if (content.ok()) {
      result.drifts.push_back({path, DriftKind::kReappeared, "撤回或更正后此文件不应再公开"});
    } else if (content.status().code() != absl::StatusCode::kNotFound) {
      unreachable(path, content.status());
    }
  }
  if (result.state == PortalState::kUnreachable) {
    result.drifts.clear();
  } else if (!result.drifts.empty()) {
    result.state = PortalState::kDrifted;
  }
  return result;
}

std::string DriftSummary(const std::vector<Drift>& drifts) {
  return absl::StrJoin(drifts, "；", [](std::string* out, const Drift& drift) {
    absl::StrAppend(out, drift.path, " ", DriftKindText(drift.kind));
  });
}

}  // namespace reportflow::publication
