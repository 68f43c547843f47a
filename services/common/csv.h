// Tables as ReportFlow stores them: CSV (RFC 4180, UTF-8, the first row the
// header). Drafting validates a table revision with it; publication renders
// the table from it.
#ifndef REPORTFLOW_SERVICES_COMMON_CSV_H_
#define REPORTFLOW_SERVICES_COMMON_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace reportflow {

using CsvRows = std::vector<std::vector<std::string>>;

// Parses CSV (RFC 4180: comma-separated, fields optionally in double quotes,
// "" for a quote inside them, CRLF or LF line ends). INVALID_ARGUMENT naming
// the line for an unclosed quote, text after a closing quote, or a row whose
// field count differs from the header's.
absl::StatusOr<CsvRows> ParseCsv(absl::string_view text);

// Writes rows as CSV that ParseCsv reads back: LF line ends, a field quoted
// when it holds a comma, a quote, CR or LF.
std::string FormatCsv(const CsvRows& rows);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_CSV_H_
