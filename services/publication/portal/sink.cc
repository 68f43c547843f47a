#include "services/publication/portal/sink.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"

namespace reportflow::publication {
namespace {

bool IsSafeRelativePath(absl::string_view path) {
  if (path.empty() || absl::StartsWith(path, "/")) return false;
  for (absl::string_view part : absl::StrSplit(path, '/')) {
    if (part.empty() || part == "." || part == "..") return false;
  }
  return true;
}

}  // namespace

bool IsBinaryContentType(absl::string_view content_type) {
  return !absl::StartsWith(content_type, "text/") &&
         !absl::StartsWith(content_type, "application/json");
}

std::string SerializeBundle(const PortalBundle& bundle) {
  nlohmann::json files = nlohmann::json::array();
  for (const RenderedFile& file : bundle.files) {
    if (IsBinaryContentType(file.content_type)) {
      files.push_back({{"path", file.path},
                       {"content_type", file.content_type},
                       {"encoding", "base64"},
                       {"content", absl::Base64Escape(file.content)}});
    } else {
      files.push_back(
          {{"path", file.path}, {"content_type", file.content_type}, {"content", file.content}});
    }
  }
  return nlohmann::json{{"kind", bundle.kind},
                        {"publication", bundle.publication},
                        {"directory", bundle.directory},
                        {"replace_directory", bundle.replace_directory},
                        {"idempotency_key", bundle.idempotency_key},
                        {"files", files}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

absl::StatusOr<PortalBundle> ParseBundle(absl::string_view payload) {
  PortalBundle bundle;
  try {
    const nlohmann::json json = nlohmann::json::parse(payload.begin(), payload.end());
    bundle.kind = json.at("kind").get<std::string>();
    bundle.publication = json.at("publication").get<std::string>();
    bundle.directory = json.at("directory").get<std::string>();
    bundle.replace_directory = json.at("replace_directory").get<bool>();
    bundle.idempotency_key = json.at("idempotency_key").get<std::string>();
    for (const nlohmann::json& file : json.at("files")) {
      RenderedFile parsed{file.at("path").get<std::string>(),
                          file.at("content_type").get<std::string>(),
                          file.at("content").get<std::string>()};
      if (file.value("encoding", "") == "base64") {
        std::string decoded;
        if (!absl::Base64Unescape(parsed.content, &decoded)) {
          return absl::DataLossError(
              absl::StrCat("portal bundle: file \"", parsed.path, "\" is not valid base64"));
        }
        parsed.content = std::move(decoded);
      }
      bundle.files.push_back(std::move(parsed));
    }
  } catch (const nlohmann::json::exception& error) {
    return absl::DataLossError(absl::StrCat("portal bundle does not parse: ", error.what()));
  }
  if (!IsSafeRelativePath(bundle.directory)) {
    return absl::InvalidArgumentError(
        absl::StrCat("portal bundle: directory \"", bundle.directory, "\" is not a relative path"));
  }
  for (const RenderedFile& file : bundle.files) {
    if (!IsSafeRelativePath(file.path)) {
      return absl::InvalidArgumentError(
          absl::StrCat("portal bundle: file \"", file.path, "\" is not a relative path"));
    }
  }
  return bundle;
}

}  // namespace reportflow::publication
