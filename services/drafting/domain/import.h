// ImportDocument's pure half: splits a whole document (a Word document saved
// as text, page-break noise and all, or CommonMark) into a template's
// sections by their headings. Nothing is dropped: text that fits no section
// is returned as unmatched fragments with line ranges and a reason, and
// required sections that got no text are listed.
//
// Matching: a part heading (第二部分 …) selects the template part with the
// same normalized title (see NormalizeHeading); inside it, a chapter heading
// (一、…) starts the section with the same normalized title. A section whose
// title is its part's (名词解释, 附件) takes the part's whole text. Without part
// headings, sections are matched across the template. Everything else —
// （一）, 1., ⑴ sub-headings and prose — is content of the current section.
//
// A Word document (.docx, formats/docx.h) comes as blocks: its paragraphs
// are paragraphs already (not re-flowed), a paragraph's style may make it a
// heading without numbering in its text (标题 2 “部门职责” matches 一、部门职责),
// and a table under a table section's heading becomes that section's CSV
// (单位：万元 above it goes into the numeric columns' names). A table
// anywhere else, and text inside a table section, is reported as unmatched.
//
// Content of a text import is re-flowed as CommonMark: the hard line breaks of the export are
// joined within a paragraph, paragraphs end at a sub-heading, a chart
// placeholder (（图…）) or sentence-final punctuation; page-number lines and
// blank lines go. Chart placeholders whose numbers the text gives become
// chart blocks (chart_placeholders.h).
#ifndef REPORTFLOW_SERVICES_DRAFTING_DOMAIN_IMPORT_H_
#define REPORTFLOW_SERVICES_DRAFTING_DOMAIN_IMPORT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "reportflow/drafting/v1/drafting.pb.h"
#include "services/drafting/formats/docx.h"
#include "services/drafting/formats/xlsx.h"

namespace reportflow::drafting {

struct ImportedSection {
  std::string key;
  // The heading line as written in the document.
  std::string heading;
  // The section's text as CommonMark (may be empty for a table title).
  std::string content;
  // 1-based lines of the heading and of the section's last line (for a
  // .docx: paragraph numbers, a table counting as one).
  int first_line = 0;
  int last_line = 0;
};

struct UnmatchedText {
  int start_line = 0;
  int end_line = 0;
  std::string text;
  // Why it fits no section, in Chinese.
  std::string reason;
};

struct ImportResult {
  // The matched sections, in document order.
  std::vector<ImportedSection> sections;
  std::vector<UnmatchedText> unmatched;
  // Keys of required sections that got no text, in template order.
  std::vector<std::string> missing_required;
};

ImportResult SplitDocument(const v1::Template& report_template, absl::string_view text);

// The same for a Word document's blocks.
ImportResult SplitBlocks(const v1::Template& report_template,
                         const std::vector<formats::DocumentBlock>& blocks);

// An Excel workbook's sheets into the table sections (table_import.h): a
// section's heading is the sheet's name, its lines 0; skipped sheets and
// table notes are unmatched, their reason starting with the sheet's name.
// No required sections are listed: a workbook carries tables only.
ImportResult SplitWorkbook(const v1::Template& report_template,
                           const std::vector<formats::Worksheet>& sheets);

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_DOMAIN_IMPORT_H_
