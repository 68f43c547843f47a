// Tables from office files into the template's table sections: the rules
// shared by a Word document's tables (import.h) and an Excel workbook's
// sheets (ImportDocument with `xlsx`).
//
// A workbook: each visible sheet is matched to a table section of the
// template by its title — the first cell in the sheet's first rows whose
// normalized text (NormalizeHeading: no numbering, spaces or leading year)
// is, or ends with, a table section's normalized title (the longest such
// title wins: 一般公共预算财政拨款支出决算表 before 支出决算表), else by the
// sheet's name. Below the title, rows of 编制单位 / 单位：万元 / 公开01表 are
// read (the unit) and skipped; the table starts at the next row. Rows at the
// end that are notes (注：…, 说明：…) are reported, not imported. A sheet
// that matches nothing, an empty sheet, or a second sheet for a table
// already matched is reported with its reason; nothing is dropped silently.
#ifndef REPORTFLOW_SERVICES_DRAFTING_DOMAIN_TABLE_IMPORT_H_
#define REPORTFLOW_SERVICES_DRAFTING_DOMAIN_TABLE_IMPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "reportflow/drafting/v1/drafting.pb.h"
#include "services/common/csv.h"
#include "services/drafting/formats/xlsx.h"

namespace reportflow::drafting {

// "单位：万元" (also 金额单位:元, in a longer line) → "万元"; nullopt otherwise.
std::optional<std::string> UnitOf(absl::string_view text);

// Names the unit in the header of every column whose data are numbers and
// whose name does not say a unit already: 决算数 → 决算数（万元）.
CsvRows WithUnit(CsvRows rows, absl::string_view unit);

struct ImportedTable {
  std::string key;    // the table section
  std::string sheet;  // the sheet's name
  std::string title;  // the title cell as written
  std::string csv;
  std::string unit;  // as read from the sheet, may be empty
};

struct SkippedSheet {
  std::string sheet;
  // The sheet's first rows, for the person to recognise it.
  std::string text;
  std::string reason;
};

struct WorkbookImport {
  std::vector<ImportedTable> tables;  // in workbook order
  std::vector<SkippedSheet> skipped;
};

WorkbookImport MatchWorkbook(const v1::Template& report_template,
                             const std::vector<formats::Worksheet>& sheets);

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_DOMAIN_TABLE_IMPORT_H_
