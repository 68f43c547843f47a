#include "services/drafting/domain/import.h"

#include <algorithm>
#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "proofread/document.h"
#include "services/drafting/domain/chart_placeholders.h"
#include "services/drafting/domain/table_import.h"
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

  // `new_paragraph`: the line starts a paragraph whatever it looks like (a
  // docx paragraph); otherwise the export's hard line breaks are guessed.
  void Add(absl::string_view line, int number, bool new_paragraph = false) {
    last_line_ = number;
    raw_.emplace_back(line);
    std::string marker;
    const bool starts_block = proofread::OutlineLevel(line, &marker) != proofread::kPreamble ||
                              absl::StartsWith(line, "（图") || absl::StartsWith(line, "(图");
    if (paragraphs_.empty() || new_paragraph || starts_block || last_was_heading_ ||
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

// The splitter's state across lines (text) or blocks (docx).
class Splitter {
 public:
  explicit Splitter(const v1::Template& report_template) : template_(report_template) {}

  // One line of text, or one line of a docx paragraph (`paragraph_start`:
  // the first line of a real paragraph; `style_level`: its heading level
  // by style, 0 for body text or a text import).
  void Line(absl::string_view raw, int number, bool docx, bool paragraph_start, int style_level) {
    const absl::string_view line = proofread::TrimLine(raw);
    if (line.empty() || (!docx && proofread::IsPageNumberLine(line))) {
      return;
    }
    std::string marker;
    proofread::Level level = proofread::OutlineLevel(line, &marker);
    const std::string normalized = NormalizeHeading(line);
    if (level == proofread::kPreamble && style_level > 0) {
      // A heading by style alone: what it matches says its level.
      if (PartOf(normalized) >= 0) {
        level = proofread::kPart;
      } else if (const v1::TemplateSection* s = find_section(part_, normalized);
                 s != nullptr && s->key() != (whole_ != nullptr ? whole_->key() : "")) {
        level = proofread::kChapter;
      } else if (style_level == 1) {
        level = proofread::kPart;
      }
    }
    if (level == proofread::kPart) {
      part_ = PartOf(normalized);
      whole_ = nullptr;
      if (part_ < 0) {
        open_stray("部分标题与模板中的任何部分都不匹配", number);
        stray_.Add(line, number, true);
        return;
      }
      close_section();
      close_stray();
      whole_ = find_section(part_, normalized);
      if (whole_ != nullptr && !used_.count(whole_->key())) {
        open_section(*whole_, line, number);
      }
      return;
    }
    if (level == proofread::kChapter && whole_ == nullptr) {
      const v1::TemplateSection* target = find_section(part_, normalized);
      if (target != nullptr && !used_.count(target->key())) {
        open_section(*target, line, number);
        return;
      }
      open_stray(target != nullptr ? "章节重复出现，已保留第一次出现的内容"
                                   : "标题与模板中的任何章节都不匹配",
                 number);
      stray_.Add(line, number, true);
      return;
    }
    if (current_ != nullptr && docx && current_->kind() == v1::SECTION_KIND_TABLE) {
      // Text under a table's title: its unit, or a note the CSV cannot hold.
      if (std::optional<std::string> unit = UnitOf(line); unit.has_value()) {
        unit_ = *unit;
        return;
      }
      aside(line, number, "表格章节中的文字（表注等）无法放入表格，未导入");
      return;
    }
    if (current_ != nullptr) {
      section_.Add(line, number, docx && paragraph_start);
    } else {
      if (!stray_.open()) {
        open_stray("不属于任何章节（位于可识别的章节标题之外）", number);
      }
      stray_.Add(line, number, true);
    }
  }

  void Table(const formats::DocumentBlock& table, int number) {
    if (current_ != nullptr && current_->kind() == v1::SECTION_KIND_TABLE && table_.empty()) {
      table_ = FormatCsv(WithUnit(table.table, unit_));
      building_.last_line = number;
      return;
    }
    std::vector<std::string> lines;
    for (const auto& row : table.table) lines.push_back(absl::StrJoin(row, " | "));
    aside(absl::StrJoin(lines, "\n"), number,
          current_ != nullptr && current_->kind() == v1::SECTION_KIND_TABLE
              ? "表格章节中已有一个表格，多出的表格未导入"
              : "表格不在任何表格章节（附表标题）之下，未导入；正文中的表格请改写为文字或作为附表导"
                "入");
  }

  ImportResult Finish() {
    close_section();
    close_stray();
    std::set<std::string> filled;
    for (const ImportedSection& imported : result_.sections) {
      if (!imported.content.empty()) filled.insert(imported.key);
    }
    for (const v1::TemplatePart& template_part : template_.parts()) {
      for (const v1::TemplateSection& required : template_part.sections()) {
        if (required.required() && !filled.count(required.key())) {
          result_.missing_required.push_back(required.key());
        }
      }
    }
    std::sort(
        result_.unmatched.begin(), result_.unmatched.end(),
        [](const UnmatchedText& a, const UnmatchedText& b) { return a.start_line < b.start_line; });
    return std::move(result_);
  }

 private:
  int PartOf(const std::string& normalized) const {
    for (int p = 0; p < template_.parts_size(); ++p) {
      if (NormalizeHeading(template_.parts(p).title()) == normalized) return p;
    }
    return -1;
  }
  // The section of `part` (or of any part when -1) whose title matches.
  const v1::TemplateSection* find_section(int in_part, const std::string& normalized) const {
    for (int p = 0; p < template_.parts_size(); ++p) {
      if (in_part >= 0 && p != in_part) continue;
      for (const v1::TemplateSection& candidate : template_.parts(p).sections()) {
        if (NormalizeHeading(candidate.title()) == normalized) return &candidate;
      }
    }
    return nullptr;
  }
  void close_section() {
    if (section_.open()) {
      if (current_ != nullptr && current_->kind() == v1::SECTION_KIND_TABLE && !table_.empty()) {
        building_.content = table_;
      } else {
        building_.content = current_ != nullptr && current_->kind() == v1::SECTION_KIND_TEXT
                                ? ChartsFromPlaceholders(section_.Content())
                                : section_.Content();
      }
      building_.last_line = std::max(building_.last_line, section_.last_line());
      result_.sections.push_back(building_);
      section_.Close();
    }
    current_ = nullptr;
    table_.clear();
    unit_.clear();
  }
  void close_stray() {
    if (stray_.open()) {
      result_.unmatched.push_back(
          {stray_.first_line(), stray_.last_line(), stray_.Raw(), stray_reason_});
      stray_.Close();
    }
  }
  void open_section(const v1::TemplateSection& target, absl::string_view heading, int line) {
    close_section();
    close_stray();
    current_ = &target;
    used_.insert(target.key());
    building_ = ImportedSection{target.key(), std::string(heading), "", line, line};
    section_.Open(line);
  }
  void open_stray(absl::string_view reason, int line) {
    close_section();
    close_stray();
    stray_reason_ = std::string(reason);
    stray_.Open(line);
  }
  // Unmatched text that does not end the current section.
  void aside(absl::string_view text, int line, absl::string_view reason) {
    result_.unmatched.push_back({line, line, std::string(text), std::string(reason)});
  }

  const v1::Template& template_;
  ImportResult result_;
  std::set<std::string> used_;
  int part_ = -1;                               // the template part being read
  const v1::TemplateSection* whole_ = nullptr;  // the part's whole-part section
  const v1::TemplateSection* current_ = nullptr;
  ImportedSection building_;
  Collector section_;
  Collector stray_;
  std::string stray_reason_;
  std::string table_;  // a docx table section's CSV
  std::string unit_;   // its 单位：… line
};

}  // namespace

ImportResult SplitDocument(const v1::Template& report_template, absl::string_view text) {
  Splitter splitter(report_template);
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    splitter.Line(raw, ++number, /*docx=*/false, /*paragraph_start=*/false, 0);
  }
  return splitter.Finish();
}

ImportResult SplitBlocks(const v1::Template& report_template,
                         const std::vector<formats::DocumentBlock>& blocks) {
  Splitter splitter(report_template);
  int number = 0;
  for (const formats::DocumentBlock& block : blocks) {
    ++number;
    if (block.kind == formats::DocumentBlock::Kind::kTable) {
      splitter.Table(block, number);
      continue;
    }
    bool first = true;
    for (absl::string_view line : absl::StrSplit(block.text, '\n')) {
      splitter.Line(line, number, /*docx=*/true, first, first ? block.heading_level : 0);
      first = false;
    }
  }
  return splitter.Finish();
}

ImportResult SplitWorkbook(const v1::Template& report_template,
                           const std::vector<formats::Worksheet>& sheets) {
  const WorkbookImport workbook = MatchWorkbook(report_template, sheets);
  ImportResult result;
  for (const ImportedTable& table : workbook.tables) {
    result.sections.push_back({table.key, table.sheet, table.csv, 0, 0});
  }
  for (const SkippedSheet& skipped : workbook.skipped) {
    result.unmatched.push_back(
        {0, 0, skipped.text, absl::StrCat("工作表“", skipped.sheet, "”：", skipped.reason)});
  }
  return result;
}

}  // namespace reportflow::drafting
