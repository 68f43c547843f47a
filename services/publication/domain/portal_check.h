// Publish-then-verify, the pure half: what a publication's directory on the
// portal must serve, and how what it does serve differs. A published page
// serves every rendered file byte for byte; a withdrawn or corrected one
// serves its notice as index.html and none of the page's other files. Files
// are compared by SHA-256 against what was rendered (publication_files), so
// a page edited on the portal, deleted, cut short, or a withdrawn page put
// back, is found — a tampered government page is a real incident.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_DOMAIN_PORTAL_CHECK_H_
#define REPORTFLOW_SERVICES_PUBLICATION_DOMAIN_PORTAL_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace reportflow::publication {

// The periodic re-check's default spacing (--portal-check-interval-seconds).
inline constexpr absl::Duration kDefaultPortalCheckInterval = absl::Hours(1);

// A file the portal must serve exactly.
struct ExpectedFile {
  std::string path;    // relative to the publication's directory
  std::string sha256;  // hex
  int64_t size = 0;
};

// What the directory must look like.
struct PortalExpectation {
  std::vector<ExpectedFile> present;
  // Paths that must not be served (the files of a withdrawn page).
  std::vector<std::string> absent;
};

// For a page on the portal: every rendered file.
PortalExpectation PageExpectation(std::vector<ExpectedFile> files);
// For a withdrawn or corrected page: its notice as index.html, and none of
// the page's other files.
PortalExpectation NoticeExpectation(const std::string& notice_html,
                                    const std::vector<ExpectedFile>& page_files);

// What the portal answered for one path: the content, NOT_FOUND when it
// serves nothing there, another error (UNAVAILABLE) when it could not be
// asked.
struct ServedFile {
  std::string path;
  absl::StatusOr<std::string> content;
};

enum class DriftKind { kMissing, kModified, kTruncated, kReappeared };

struct Drift {
  std::string path;
  DriftKind kind = DriftKind::kModified;
  std::string detail;  // Chinese, e.g. "应为 2,048 字节，实为 1,024 字节"
};

enum class PortalState { kMatches, kDrifted, kUnreachable };

struct CheckResult {
  PortalState state = PortalState::kMatches;
  std::vector<Drift> drifts;  // when kDrifted
  std::string unreachable;    // the error when kUnreachable
};

// Compares `served` (one entry per path of `expected`, present then absent,
// in any order) with `expected`. Any path that could not be asked makes the
// result kUnreachable (the portal is down: not evidence of tampering);
// otherwise any difference makes it kDrifted.
CheckResult ComparePortal(const PortalExpectation& expected, const std::vector<ServedFile>& served);

// "index.html 被修改；report.pdf 缺失" — the drifts in one line for people.
std::string DriftSummary(const std::vector<Drift>& drifts);

// The word for a drift: 缺失, 被修改, 被截断, 撤回后重新出现.
const char* DriftKindText(DriftKind kind);

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_DOMAIN_PORTAL_CHECK_H_
