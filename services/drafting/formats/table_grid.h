// A table as an office file holds it — a grid of cells, some merged — and
// how it becomes the CSV ReportFlow stores (services/common/csv.h: one
// header row, then the data).
//
// Merged cells are resolved first: a cell covered by a merge takes the text
// of the merge's first cell, so a row never loses its label. Then the
// header: financial tables have headers of two or three rows, where a
// spanning cell (本年支出) groups the ones below it (基本支出, 项目支出). The
// header is the first row, plus every following row while a merge crosses
// into it (a cell merged down from above, or a row below a spanning cell);
// its rows are flattened column by column into one name, the distinct
// texts joined by "/" (本年支出/基本支出). Rows left empty in every cell go.
#ifndef REPORTFLOW_SERVICES_DRAFTING_FORMATS_TABLE_GRID_H_
#define REPORTFLOW_SERVICES_DRAFTING_FORMATS_TABLE_GRID_H_

#include <string>
#include <vector>

#include "services/common/csv.h"

namespace reportflow::drafting::formats {

struct GridCell {
  std::string text;
  // Covered by a merge whose first cell is to the left (same row).
  bool merged_from_left = false;
  // Covered by a merge whose first cell is above (same column).
  bool merged_from_above = false;
};

struct Grid {
  // Rows of equal length (short rows are padded by the readers).
  std::vector<std::vector<GridCell>> rows;
};

// The number of header rows (at least 1 when the grid has rows).
int HeaderRows(const Grid& grid);

// The grid as CSV rows: merges resolved, the header flattened to one row,
// empty rows and trailing empty columns dropped.
CsvRows ToCsvRows(const Grid& grid);

}  // namespace reportflow::drafting::formats

#endif  // REPORTFLOW_SERVICES_DRAFTING_FORMATS_TABLE_GRID_H_
