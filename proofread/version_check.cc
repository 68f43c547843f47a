#include "proofread/version_check.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "proofread/proofreader.h"

namespace reportflow::proofread {
namespace {

// Where a line of the assembled document came from.
struct Origin {
  std::string section;
  int line = 0;  // 0: a heading
};

class DocumentBuilder {
 public:
  void AddHeading(absl::string_view heading, const std::string& section) {
    Add(heading, {section, 0});
  }
  void AddContent(absl::string_view content, const std::string& section) {
    int line = 0;
    for (absl::string_view text : absl::StrSplit(content, '\n')) {
      Add(text, {section, ++line});
    }
  }
  const std::string& text() const { return text_; }
  // The origin of 1-based document line `line`.
  Origin At(int line) const {
    if (line < 1 || origins_.empty()) {
      return origins_.empty() ? Origin{} : origins_.front();
    }
    return origins_[std::min<size_t>(line, origins_.size()) - 1];
  }

 private:
  void Add(absl::string_view line, Origin origin) {
    text_.append(line.data(), line.size());
    text_.push_back('\n');
    origins_.push_back(std::move(origin));
  }
  std::string text_;
  std::vector<Origin> origins_;
};

void AddSection(DocumentBuilder& document, const drafting::v1::ManifestEntry& entry,
                bool with_heading) {
  if (with_heading) {
    document.AddHeading(entry.title(), entry.section());
  }
  // Tables are CSV data; the checks read the prose.
  if (entry.kind() != drafting::v1::SECTION_KIND_TABLE && !entry.content().empty()) {
    document.AddContent(entry.content(), entry.section());
  }
}

// "templates/sichuan-final-accounts-2024" → the built-in completeness table
// "sichuan-final-accounts", or "" when there is none for the template.
std::string CompletenessTemplate(absl::string_view template_name) {
  return absl::StartsWith(template_name, "templates/sichuan-final-accounts")
             ? "sichuan-final-accounts"
             : "";
}

}  // namespace

std::vector<SectionFinding> CheckVersion(const drafting::v1::ReportVersion& version,
                                         const drafting::v1::Template& report_template) {
  std::map<std::string, const drafting::v1::ManifestEntry*> by_key;
  for (const drafting::v1::ManifestEntry& entry : version.manifest()) {
    by_key[entry.section().substr(entry.section().rfind('/') + 1)] = &entry;
  }
  DocumentBuilder document;
  for (const drafting::v1::TemplatePart& part : report_template.parts()) {
    bool heading_written = false;
    for (const drafting::v1::TemplateSection& section : part.sections()) {
      auto found = by_key.find(section.key());
      if (found == by_key.end()) {
        continue;
      }
      const drafting::v1::ManifestEntry& entry = *found->second;
      if (!heading_written) {
        document.AddHeading(part.title(), entry.section());
        heading_written = true;
      }
      // A section titled as its part (名词解释 in 第三部分 名词解释) has no
      // heading of its own.
      AddSection(document, entry, !absl::EndsWith(part.title(), section.title()));
      by_key.erase(found);
    }
  }
  for (const drafting::v1::ManifestEntry& entry : version.manifest()) {
    if (by_key.count(entry.section().substr(entry.section().rfind('/') + 1)) > 0) {
      AddSection(document, entry, true);
    }
  }

  proofread::ProofreadOptions options;
  options.report_year = version.fiscal_year();
  options.unit_name = version.unit_display_name();
  options.template_name =
      report_template.parts().empty() ? "" : CompletenessTemplate(report_template.name());
  // The tables are the source of the figures the text states.
  for (const drafting::v1::ManifestEntry& entry : version.manifest()) {
    if (entry.kind() == drafting::v1::SECTION_KIND_TABLE && !entry.content().empty()) {
      options.tables.push_back({entry.title(), entry.content()});
    }
  }
  std::vector<SectionFinding> findings;
  for (proofread::Finding& finding : proofread::Proofread(document.text(), options)) {
    Origin origin = document.At(finding.line);
    findings.push_back({std::move(origin.section), origin.line, std::move(finding)});
  }
  return findings;
}

}  // namespace reportflow::proofread
