// A Word document (.docx, as Word, WPS or LibreOffice save it) read into the
// blocks ImportDocument splits: paragraphs with their heading level, and
// tables as CSV rows.
//
// What is read, in document order:
//   - paragraphs of the body, of content controls (w:sdt) and of text boxes
//     (wps:txbx and VML v:textbox: a text box's paragraphs follow the
//     paragraph that anchors it); inserted text counts, deleted text and
//     field codes do not;
//   - a paragraph's heading level from its style (w:outlineLvl in the style
//     or its basedOn chain, or a style named "heading N" / "标题 N", as Word
//     and WPS name them) or its own w:outlineLvl; 0 for body text. The
//     numbering written in the text (第一部分、一、（一）1.) is left in it for
//     the splitter to read;
//   - footnotes and endnotes, as a paragraph "注N：…" after the paragraph
//     that refers to them;
//   - tables (w:tbl), merged cells resolved (w:gridSpan, w:vMerge) and
//     multi-row headers flattened (table_grid.h); a cell's paragraphs are
//     joined without a separator (表头 wraps: 预算数 / （万元）).
// What is not: images, charts, embedded objects — each listed in
// `not_imported` with where it was, never silently dropped.
#ifndef REPORTFLOW_SERVICES_DRAFTING_FORMATS_DOCX_H_
#define REPORTFLOW_SERVICES_DRAFTING_FORMATS_DOCX_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/csv.h"

namespace reportflow::drafting::formats {

struct DocumentBlock {
  enum class Kind { kParagraph, kTable };
  Kind kind = Kind::kParagraph;
  // A paragraph's text (a soft line break is "\n").
  std::string text;
  // 1 … 9 for a heading by style, 0 for body text.
  int heading_level = 0;
  // A table's rows, the first the (flattened) header.
  CsvRows table;
  // Where it was, for the import report: "第 12 段", "第 3 个表格".
  std::string location;
};

struct NotImported {
  // What it is, in Chinese: "图片 media/image1.png", "图表", "嵌入对象".
  std::string what;
  std::string location;
};

struct ReadDocument {
  std::vector<DocumentBlock> blocks;
  std::vector<NotImported> not_imported;
};

// INVALID_ARGUMENT naming `field` for anything package.h refuses, a package
// without word/document.xml (e.g. an .xlsx), or malformed XML.
absl::StatusOr<ReadDocument> ReadDocx(absl::string_view bytes, absl::string_view field);

}  // namespace reportflow::drafting::formats

#endif  // REPORTFLOW_SERVICES_DRAFTING_FORMATS_DOCX_H_
