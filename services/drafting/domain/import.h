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
// Content is re-flowed as CommonMark: the hard line breaks of the export are
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

namespace reportflow::drafting {

struct ImportedSection {
  std::string key;
  // The heading line as written in the document.
  std::string heading;
  // The section's text as CommonMark (may be empty for a table title).
  std::string content;
  // 1-based lines of the heading and of the section's last line.
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

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_DOMAIN_IMPORT_H_
