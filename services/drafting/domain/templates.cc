#include "services/drafting/domain/templates.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "embedded/drafting_templates.h"
#include "proofread/document.h"
#include "re2/re2.h"

namespace reportflow::drafting {
namespace {

class FirstError final : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (error_.empty()) {
      error_ = absl::StrCat(line + 1, ":", column + 1, ": ", message);
    }
  }
  const std::string& error() const { return error_; }

 private:
  std::string error_;
};

bool IsKey(absl::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
  });
}

}  // namespace

std::string NormalizeHeading(absl::string_view heading) {
  static const RE2* const kSpaces = new RE2("\\s|　");
  static const RE2* const kYear = new RE2("^\\d{4}年度?");
  std::string text(heading);
  RE2::GlobalReplace(&text, *kSpaces, "");
  std::string marker;
  if (proofread::OutlineLevel(text, &marker) != proofread::kPreamble) {
    text.erase(0, marker.size());
  }
  RE2::Replace(&text, *kYear, "");
  return text;
}

absl::StatusOr<v1::Template> ParseTemplate(absl::string_view text, absl::string_view file_name) {
  v1::Template parsed;
  google::protobuf::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &parsed)) {
    return absl::InvalidArgumentError(absl::StrCat(file_name, ":", errors.error()));
  }
  auto bad = [&](absl::string_view rule) {
    return absl::InvalidArgumentError(absl::StrCat(file_name, ": ", rule));
  };
  if (!absl::StartsWith(parsed.name(), "templates/") ||
      !IsKey(absl::string_view(parsed.name()).substr(10))) {
    return bad("name must be templates/ followed by lowercase letters, digits or '-'");
  }
  if (parsed.display_name().empty()) return bad("display_name must not be empty");
  if (parsed.kind() == v1::REPORT_KIND_UNSPECIFIED) return bad("kind must be set");
  if (parsed.fiscal_year() < 2000 || parsed.fiscal_year() > 2100) {
    return bad("fiscal_year must be 2000..2100");
  }
  if (parsed.parts_size() == 0) return bad("a template needs at least one part");
  std::set<std::string> part_keys;
  std::set<std::string> section_keys;
  for (const v1::TemplatePart& part : parsed.parts()) {
    if (!IsKey(part.key()) || !part_keys.insert(part.key()).second) {
      return bad(absl::StrCat("part key \"", part.key(), "\" must be [a-z0-9-]+ and unique"));
    }
    if (part.title().empty()) return bad(absl::StrCat("part ", part.key(), " needs a title"));
    if (part.sections_size() == 0) {
      return bad(absl::StrCat("part ", part.key(), " needs at least one section"));
    }
    for (const v1::TemplateSection& section : part.sections()) {
      if (!IsKey(section.key()) || !section_keys.insert(section.key()).second) {
        return bad(absl::StrCat("section key \"", section.key(),
                                "\" must be [a-z0-9-]+ and unique in the template"));
      }
      if (section.title().empty()) {
        return bad(absl::StrCat("section ", section.key(), " needs a title"));
      }
      if (section.kind() == v1::SECTION_KIND_UNSPECIFIED) {
        return bad(absl::StrCat("section ", section.key(), " needs a kind (TEXT or TABLE)"));
      }
    }
  }
  return parsed;
}

absl::StatusOr<std::map<std::string, v1::Template>> ShippedTemplates() {
  std::map<std::string, v1::Template> templates;
  for (const EmbeddedFile& file : ShippedTemplateFiles()) {
    absl::StatusOr<v1::Template> parsed = ParseTemplate(file.content, file.name);
    if (!parsed.ok()) {
      return parsed.status();
    }
    std::string name = parsed->name();
    templates.emplace(std::move(name), *std::move(parsed));
  }
  return templates;
}

}  // namespace reportflow::drafting
