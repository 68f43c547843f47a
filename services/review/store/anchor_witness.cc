#include "services/review/store/anchor_witness.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace reportflow::review {

absl::StatusOr<std::string> AnchorWitness::PathOf(absl::string_view report_id) const {
  const bool valid = !report_id.empty() && report_id.size() <= 64 &&
                     std::all_of(report_id.begin(), report_id.end(), [](char c) {
                       return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-';
                     });
  if (!valid) {
    return absl::InvalidArgumentError(
        absl::StrCat("audit witness: report id is not [A-Za-z0-9-]{1,64}"));
  }
  return absl::StrCat(dir_, "/", report_id, ".anchors");
}

absl::Status AnchorWitness::Append(const AuditAnchor& anchor) const {
  if (!enabled()) {
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> path = PathOf(anchor.report_id);
  if (!path.ok()) {
    return path.status();
  }
  const std::string line = AnchorLine(anchor) + "\n";
  const int fd = ::open(path->c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("audit witness: cannot open ", *path, ": ", std::strerror(errno)));
  }
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced) {
    return absl::UnavailableError(absl::StrCat("audit witness: cannot write ", *path));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<AuditAnchor>> AnchorWitness::Latest(
    absl::string_view report_id) const {
  if (!enabled()) {
    return std::nullopt;
  }
  absl::StatusOr<std::string> path = PathOf(report_id);
  if (!path.ok()) {
    return path.status();
  }
  std::ifstream in(*path);
  std::optional<AuditAnchor> latest;
  std::string line;
  while (std::getline(in, line)) {
    if (std::optional<AuditAnchor> anchor = AnchorFromLine(line);
        anchor.has_value() && anchor->report_id == report_id &&
        (!latest.has_value() || anchor->sequence >= latest->sequence)) {
      latest = std::move(anchor);
    }
  }
  return latest;
}

}  // namespace reportflow::review
