#include "services/drafting/domain/import.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "proofread/document.h"
#include "services/drafting/domain/chart_placeholders.h"
#include "services/drafting/domain/templates.h"

namespace reportflow::drafting {
namespace {

bool EndsSentence(absl::string_view paragraph) {
  for (absl::string_view end : {"。", "！", "？", "：", "；", ":", ";"}) {
    if (absl::EndsWith(paragraph, end)) return true;
  }
  return false;
}

// Collects the lines of one section (re-flowed) or of one unmatched fragment.
class Collector {
 public:
  bool open() const { return open_; }

  void Open(int line) {
    open_ = true;
    last_was_heading_ = false;
    first_line_ = line;
    last_line_ = line;
    paragraphs_.clear();
    raw_.clear();
  }

  void Add(absl::string_view line, int number) {
    last_line_ = number;
    raw_.emplace_back(line);
    std::string marker;
    const bool starts_block = proofread::OutlineLevel(line, &marker) != proofread::kPreamble ||
                              absl::StartsWith(line, "（图") || absl::StartsWith(line, "(图");
    if (paragraphs_.empty() || starts_block || last_was_heading_ ||
        EndsSentence(paragraphs_.back())) {
      paragraphs_.emplace_back(line);
    } else {
      paragraphs_.back().append(line.data(), line.size());
    }
    // A sub-heading (（一）…) is a paragraph of its own; a numbered item
    // (1.…) runs on until its sentence ends.
    last_was_heading_ = starts_block && !marker.empty() &&
                        proofread::OutlineLevel(line, &marker) <= proofread::kSection;
  }

  int first_line() const { return first_line_; }
  int last_line() const { return last_line_; }
  std::string Content() const {
    return paragraphs_.empty() ? "" : absl::StrJoin(paragraphs_, "\n\n") + "\n";
  }
  std::string Raw() const { return absl::StrJoin(raw_, "\n"); }
  void Close() { open_ = false; }

 private:
  bool open_ = false;
  bool last_was_heading_ = false;
  int first_line_ = 0;
  int last_line_ = 0;
  std::vector<std::string> paragraphs_;
  std::vector<std::string> raw_;
};

}  // namespace

ImportResult SplitDocument(const v1::Template& report_template, absl::string_view text) {
  ImportResult result;
  std::set<std::string> used;
  int part = -1;                               // the template part being read
  const v1::TemplateSection* whole = nullptr;  // the part's whole-part section
  const v1::TemplateSection* current = nullptr;
  ImportedSection building;
  Collector section;
  Collector stray;
  std::string stray_reason;

  auto close_section = [&] {
    if (section.open()) {
      building.content = current != nullptr && current->kind() == v1::SECTION_KIND_TEXT
                             ? ChartsFromPlaceholders(section.Content())
                             : section.Content();
      building.last_line = section.last_line();
      result.sections.push_back(building);
      section.Close();
    }
    current = nullptr;
  };
  auto close_stray = [&] {
    if (stray.open()) {
      result.unmatched.push_back(
          {stray.first_line(), stray.last_line(), stray.Raw(), stray_reason});
      stray.Close();
    }
  };
  auto open_section = [&](const v1::TemplateSection& target, absl::string_view heading, int line) {
    close_section();
    close_stray();
    current = &target;
    used.insert(target.key());
    building = ImportedSection{target.key(), std::string(heading), "", line, line};
    section.Open(line);
  };
  auto open_stray = [&](absl::string_view reason, int line) {
    close_section();
    close_stray();
    stray_reason = std::string(reason);
    stray.Open(line);
  };
  // The section of `part` (or of any part when -1) whose title matches.
  auto find_section = [&](int in_part,
                          const std::string& normalized) -> const v1::TemplateSection* {
    for (int p = 0; p < report_template.parts_size(); ++p) {
      if (in_part >= 0 && p != in_part) continue;
      for (const v1::TemplateSection& candidate : report_template.parts(p).sections()) {
        if (NormalizeHeading(candidate.title()) == normalized) return &candidate;
      }
    }
    return nullptr;
  };

  int number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++number;
    const absl::string_view line = proofread::TrimLine(raw);
    if (line.empty() || proofread::IsPageNumberLine(line)) {
      continue;
    }
    std::string marker;
    const proofread::Level level = proofread::OutlineLevel(line, &marker);
    const std::string normalized = NormalizeHeading(line);
    if (level == proofread::kPart) {
      part = -1;
      whole = nullptr;
      for (int p = 0; p < report_template.parts_size(); ++p) {
        if (NormalizeHeading(report_template.parts(p).title()) == normalized) part = p;
      }
      if (part < 0) {
        open_stray("部分标题与模板中的任何部分都不匹配", number);
        stray.Add(line, number);
        continue;
      }
      close_section();
      close_stray();
      whole = find_section(part, normalized);
      if (whole != nullptr && !used.count(whole->key())) {
        open_section(*whole, line, number);
      }
      continue;
    }
    if (level == proofread::kChapter && whole == nullptr) {
      const v1::TemplateSection* target = find_section(part, normalized);
      if (target != nullptr && !used.count(target->key())) {
        open_section(*target, line, number);
        continue;
      }
      open_stray(target != nullptr ? "章节重复出现，已保留第一次出现的内容"
                                   : "标题与模板中的任何章节都不匹配",
                 number);
      stray.Add(line, number);
      continue;
    }
    if (current != nullptr) {
      section.Add(line, number);
    } else {
      if (!stray.open()) {
        open_stray("不属于任何章节（位于可识别的章节标题之外）", number);
      }
      stray.Add(line, number);
    }
  }
  close_section();
  close_stray();

  std::set<std::string> filled;
  for (const ImportedSection& imported : result.sections) {
    if (!imported.content.empty()) filled.insert(imported.key);
  }
  for (const v1::TemplatePart& template_part : report_template.parts()) {
    for (const v1::TemplateSection& required : template_part.sections()) {
      if (required.required() && !filled.count(required.key())) {
        result.missing_required.push_back(required.key());
      }
    }
  }
  return result;
}

}  // namespace reportflow::drafting
