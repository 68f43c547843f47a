// An Excel workbook (.xlsx, as Excel, WPS or the finance bureau's 决算报表
// software export it) read into one grid per worksheet.
//
// Cell values are taken as Excel shows them, never through a float:
//   - shared strings (rich-text runs joined), inline strings, formula
//     string results, booleans (是/否);
//   - numbers from the stored decimal text, formatted by the cell's number
//     format — fixed decimals (0.00, #,##0.00: two places, rounded half away
//     from zero on the decimal digits), percentages (0.00% → 12.50%),
//     General (at most 15 significant digits, as Excel displays) — without
//     thousands separators, which CSV readers take for column breaks;
//   - a formula's cached value (the workbook as last saved);
//   - error values (#DIV/0!) as written.
// Merged ranges (<mergeCell ref="A1:D1">) mark the cells they cover.
#ifndef REPORTFLOW_SERVICES_DRAFTING_FORMATS_XLSX_H_
#define REPORTFLOW_SERVICES_DRAFTING_FORMATS_XLSX_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/drafting/formats/table_grid.h"

namespace reportflow::drafting::formats {

struct Worksheet {
  // The sheet's tab name.
  std::string name;
  Grid grid;
};

// Worksheets in workbook order; chart sheets and hidden sheets are skipped.
// INVALID_ARGUMENT naming `field` for anything package.h refuses, a package
// without xl/workbook.xml (e.g. a .docx), malformed XML, or a sheet beyond
// 100,000 rows or 1,000 columns.
absl::StatusOr<std::vector<Worksheet>> ReadXlsx(absl::string_view bytes, absl::string_view field);

// Formats the decimal text of a stored number with `decimals` places (-1:
// General), as a percentage when `percent`. Pure decimal arithmetic.
// Exposed for tests.
std::string FormatStoredNumber(absl::string_view stored, int decimals, bool percent);

}  // namespace reportflow::drafting::formats

#endif  // REPORTFLOW_SERVICES_DRAFTING_FORMATS_XLSX_H_
