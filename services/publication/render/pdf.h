// The publication's PDF (report.pdf), the attachment portals offer beside
// every 预决算 page: the same content as index.html, typeset with Pango
// (CJK shaping and line breaking, fonts chosen by fontconfig) on a Cairo PDF
// surface (fonts embedded as subsets). Pure: no files, no network.
//
// Layout: A4 portrait, 2 cm margins; the title block (索引号, 发布机构,
// 公开日期, the correction notice when there is one); a table of contents
// with page numbers; every part and section in template order, prose from
// its CommonMark, chart blocks drawn from the page's own SVG (librsvg),
// tables as ruled grids with numbers right-aligned and the header row
// repeated on every page a table runs over; the review record (保密审查情况,
// 主要负责人审签情况, each stage's signer, date and opinion). Every page has
// the title in its header, and in its footer the version's SHA-256 digest and
// 「第 N 页 共 M 页」; the document's metadata carry the title, the unit and the
// digest, and its outline (bookmarks) the parts.
//
// The same input gives the same bytes: the creation date is the page's
// 公开日期, not the clock.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_RENDER_PDF_H_
#define REPORTFLOW_SERVICES_PUBLICATION_RENDER_PDF_H_

#include <string>

#include "absl/status/statusor.h"
#include "services/publication/render/page.h"

namespace reportflow::publication {

// The PDF of `input`. INVALID_ARGUMENT when a table's CSV does not parse
// (naming the section); FAILED_PRECONDITION when the machine has no font
// that covers Chinese (install fonts-wqy-zenhei or fonts-noto-cjk), since a
// PDF of empty boxes must not reach the portal.
absl::StatusOr<std::string> RenderPdf(const PageInput& input);

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_RENDER_PDF_H_
