#include "services/publication/portal/static_sink.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace reportflow::publication {
namespace {

namespace fs = std::filesystem;

absl::Status Unavailable(absl::string_view what, const fs::path& path, absl::string_view why) {
  return absl::UnavailableError(
      absl::StrCat("static portal: ", what, " ", path.string(), ": ", why));
}

std::string RandomSuffix() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  return absl::StrCat(getpid(), "-", random());
}

absl::Status WriteFile(const fs::path& path, absl::string_view content) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  if (error) return Unavailable("cannot create", path.parent_path(), error.message());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.flush();
  if (!out) return Unavailable("cannot write", path, "write failed");
  return absl::OkStatus();
}

}  // namespace

StaticSink::StaticSink(std::string root, std::string public_url)
    : root_(std::move(root)), public_url_(std::string(absl::StripSuffix(public_url, "/"))) {}

std::string StaticSink::PageLocation(absl::string_view directory) const {
  if (!public_url_.empty()) {
    return absl::StrCat(public_url_, "/", directory, "/index.html");
  }
  return (fs::absolute(fs::path(root_)) / std::string(directory) / "index.html").string();
}

absl::StatusOr<std::string> StaticSink::Fetch(absl::string_view directory,
                                              absl::string_view path) const {
  const fs::path file = fs::path(root_) / std::string(directory) / std::string(path);
  std::error_code error;
  if (!fs::is_regular_file(file, error)) {
    if (error && error != std::errc::no_such_file_or_directory) {
      return Unavailable("cannot read", file, error.message());
    }
    return absl::NotFoundError(absl::StrCat("static portal: no file ", file.string()));
  }
  std::ifstream in(file, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Unavailable("cannot read", file, "read failed");
  return content;
}

absl::Status StaticSink::Push(const PortalBundle& bundle) {
  const fs::path root(root_);
  const fs::path target = root / bundle.directory;
  std::error_code error;
  if (!bundle.replace_directory) {
    for (const RenderedFile& file : bundle.files) {
      const fs::path final_path = target / file.path;
      const fs::path temporary = final_path.string() + ".tmp-" + RandomSuffix();
      if (absl::Status written = WriteFile(temporary, file.content); !written.ok()) return written;
      fs::rename(temporary, final_path, error);
      if (error) return Unavailable("cannot rename into", final_path, error.message());
    }
    return absl::OkStatus();
  }
  const fs::path staging = root / ".staging" / RandomSuffix();
  for (const RenderedFile& file : bundle.files) {
    if (absl::Status written = WriteFile(staging / file.path, file.content); !written.ok()) {
      fs::remove_all(staging, error);
      return written;
    }
  }
  fs::create_directories(target.parent_path(), error);
  if (error) return Unavailable("cannot create", target.parent_path(), error.message());
  if (::rename(staging.c_str(), target.c_str()) != 0) {
    // The directory exists (a notice replacing a page, or a repeated push):
    // swap the two in one step, then remove the old one.
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
      const std::string why = std::strerror(errno);
      fs::remove_all(staging, error);
      return Unavailable("cannot exchange", target, why);
    }
    fs::remove_all(staging, error);
  }
  return absl::OkStatus();
}

}  // namespace reportflow::publication
