// Tables as the drafting service stores them: CSV (RFC 4180, UTF-8, the first
// row the header). Parsed here for the page's HTML tables and data.json.
#ifndef REPORTFLOW_SERVICES_PUBLICATION_RENDER_CSV_TABLE_H_
#define REPORTFLOW_SERVICES_PUBLICATION_RENDER_CSV_TABLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace reportflow::publication {

using CsvRows = std::vector<std::vector<std::string>>;

// The rows of `csv`: quoted fields may hold commas, quotes ("") and line
// breaks; CRLF or LF line ends; a final line end is optional.
// INVALID_ARGUMENT naming the line of an unterminated quote or of a quote
// inside an unquoted field.
absl::StatusOr<CsvRows> ParseCsv(absl::string_view csv);

// Whether a cell is a number as finance tables write them: digits with an
// optional sign, thousands separators, decimals and %; e.g. "1,080.05".
bool IsNumericCell(absl::string_view cell);

// The HTML <table> of `rows` (first row the header); numeric cells get
// class "num" (right-aligned).
std::string CsvTableHtml(const CsvRows& rows);

}  // namespace reportflow::publication

#endif  // REPORTFLOW_SERVICES_PUBLICATION_RENDER_CSV_TABLE_H_
