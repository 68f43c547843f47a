// Tables on the portal page: CSV (services/common/csv.h) as an HTML table
// with numbers right-aligned.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_RENDER_CSV_TABLE_H_
#define REPORTFLOW_SERVICES_PUBLICATION_RENDER_CSV_TABLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/csv.h"

namespace reportflow::publication {

// Whether a cell is a number as finance tables write them: digits with an
// optional sign, thousands separators, decimals and %; e.g. "1,080.05".
bool IsNumericCell(absl::string_view cell);

// The HTML <table> of `rows` (first row the header); numeric cells get
// class "num" (right-aligned).
std::string CsvTableHtml(const CsvRows& rows);

// `rows` as CSV (RFC 4180 quoting, LF line ends) for download, safe to open in a spreadsheet: a
// text cell beginning with =, +, -, @, tab or CR gets a leading apostrophe,
// so Excel or WPS shows it instead of running it as a formula (CSV
// injection). Numeric cells ("-1,080.05") are written as they are.
std::string SpreadsheetSafeCsv(const CsvRows& rows);

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_RENDER_CSV_TABLE_H_
