// The portal page of a publication and the pages that replace or list it,
// rendered from the approved version's content (pure: no IO).
//
// A publication's files, all relative to its directory on the portal:
//   index.html        the page: every section (CommonMark through cmark, with
//                     chart blocks drawn as inline SVG and TABLE sections'
//                     CSV as HTML tables, numbers right-aligned), the review
//                     record (保密审查情况, 主要负责人审签情况, each stage's
//                     signer and date), 公开日期 and 索引号, in one
//                     self-contained file (inline stylesheet, no scripts);
//   data.json         every section's figures (amounts the prose states,
//                     with label and unit), charts (rows, shares, total) and
//                     tables, machine-readable;
//   tables/<key>.csv  each table exactly as approved;
//   report.pdf        the same content as a printable A4 PDF with its fonts
//                     embedded (render/pdf.h), linked from the page.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_RENDER_PAGE_H_
#define REPORTFLOW_SERVICES_PUBLICATION_RENDER_PAGE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace reportflow::publication {

// One section of the approved version.
struct PageSection {
  std::string key;
  std::string title;
  bool is_table = false;
  // CommonMark (text) or CSV (table); empty when the section has no revision.
  std::string content;
};

// A template part (第一部分 单位概况) and its sections, in template order.
struct PagePart {
  std::string title;
  std::vector<PageSection> sections;
};

// One signed stage of the approval certificate.
struct StageRecord {
  std::string stage;   // 一校, 初审 …
  std::string signer;  // display name
  std::string date;    // YYYY-MM-DD
  std::string opinion;
  // The stage's key in its definition: "secrecy-review" (保密审查) and
  // "head-sign" (主要负责人审签) fill the page's lines of the same names.
  std::string key;
};

// The page's 「保密审查情况」 and 「主要负责人审签情况」, from what was signed:
// the 保密审查 / 审签 stage's signer and date when the definition has one;
// otherwise the 终审 (the last stage), whose review covers both.
std::string SecrecyReviewLine(const std::vector<StageRecord>& stages);
std::string HeadSignLine(const std::vector<StageRecord>& stages);

struct PageInput {
  std::string title;
  std::string unit;
  std::string unit_display_name;
  int fiscal_year = 0;
  std::string index_number;
  std::string publish_date;  // YYYY-MM-DD, 公开日期
  std::string report_version;
  std::string digest;
  std::string certificate;
  std::vector<PagePart> parts;
  std::vector<StageRecord> stages;
  // For a correction (更正): the page it replaces, relative to this one, and
  // the date that page was published; empty otherwise.
  std::string corrects_url;
  std::string corrects_date;
  // Whether to typeset report.pdf (and link it). Off only where the PDF is
  // not what is tested: the page fuzzer, where fontconfig's process-wide
  // caches would read as leaks and typesetting would starve the search.
  bool with_pdf = true;
};

// A file of a rendered publication.
struct RenderedFile {
  std::string path;  // relative, e.g. "tables/p5-t13.csv"
  std::string content_type;
  std::string content;
};

// index.html, data.json, one CSV per non-empty table and report.pdf.
// INVALID_ARGUMENT if a table's CSV does not parse (naming the section and
// line); FAILED_PRECONDITION if the PDF cannot be typeset (RenderPdf).
absl::StatusOr<std::vector<RenderedFile>> RenderPublication(const PageInput& input);

// The notice that replaces a page (its index.html) when it is withdrawn
// (`withdrawn`, with the reason) or corrected (with a link to the
// replacement, relative to the notice).
struct NoticeInput {
  std::string title;
  std::string unit_display_name;
  std::string index_number;
  std::string publish_date;
  std::string date;  // of the withdrawal or correction
  bool withdrawn = false;
  std::string reason;
  std::string replacement_url;
};
std::string RenderNotice(const NoticeInput& input);

// The index page of one unit and year: publications newest first.
struct IndexEntry {
  std::string title;
  std::string href;  // relative to the index page
  std::string index_number;
  std::string publish_date;
  std::string state;  // 已公开, 已撤回, 已更正, 待公开
};
std::string RenderIndex(absl::string_view unit_display_name, int fiscal_year,
                        const std::vector<IndexEntry>& newest_first);

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_RENDER_PAGE_H_
