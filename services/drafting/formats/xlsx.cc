#include "services/drafting/formats/xlsx.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libxml/tree.h"
#include "services/drafting/formats/package.h"

namespace reportflow::drafting::formats {
namespace {

constexpr int kMaxRows = 100000;
constexpr int kMaxColumns = 1000;

struct NumberFormat {
  int decimals = -1;  // -1: General
  bool percent = false;
};

// A format code's first section ("#,##0.00;[Red]-#,##0.00" → 2 decimals).
NumberFormat ParseFormatCode(absl::string_view code) {
  NumberFormat format;
  absl::string_view section = code.substr(0, code.find(';'));
  if (absl::AsciiStrToLower(section) == "general" || section.empty()) return format;
  bool quoted = false;
  int decimals = 0;
  bool after_point = false;
  bool any_digit = false;
  for (char c : section) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '.') after_point = true;
    if (c == '0' || c == '#' || c == '?') {
      any_digit = true;
      if (after_point) ++decimals;
    }
    if (c == '%') format.percent = true;
  }
  if (any_digit) format.decimals = decimals;
  return format;
}

// The built-in number formats of ECMA-376 (18.8.30) that matter here.
NumberFormat BuiltinFormat(int id) {
  switch (id) {
    case 1:
    case 3:
    case 37:
    case 38:
      return {0, false};
    case 2:
    case 4:
    case 39:
    case 40:
      return {2, false};
    case 9:
      return {0, true};
    case 10:
      return {2, true};
    default:
      return {};
  }
}

// Column letters of a cell reference ("AB12") → 0-based column; row → 0-based.
bool ParseCellRef(absl::string_view ref, int* row, int* column) {
  int c = 0;
  size_t i = 0;
  while (i < ref.size() && absl::ascii_isalpha(ref[i])) {
    c = c * 26 + (absl::ascii_toupper(ref[i]) - 'A' + 1);
    if (c > kMaxColumns) return false;
    ++i;
  }
  int r = 0;
  if (i == 0 || !absl::SimpleAtoi(ref.substr(i), &r) || r < 1 || r > kMaxRows) return false;
  *row = r - 1;
  *column = c - 1;
  return true;
}

std::string Resolve(absl::string_view base_dir, absl::string_view target) {
  if (absl::StartsWith(target, "/")) return std::string(target.substr(1));
  std::vector<std::string> parts = absl::StrSplit(base_dir, '/', absl::SkipEmpty());
  for (absl::string_view piece : absl::StrSplit(target, '/')) {
    if (piece == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (piece != "." && !piece.empty()) {
      parts.emplace_back(piece);
    }
  }
  std::string out;
  for (const std::string& part : parts) absl::StrAppend(&out, out.empty() ? "" : "/", part);
  return out;
}

}  // namespace

std::string FormatStoredNumber(absl::string_view stored, int decimals, bool percent) {
  absl::string_view text = absl::StripAsciiWhitespace(stored);
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  std::string digits;
  int point = 0;  // digits before the decimal point
  bool seen_point = false;
  size_t i = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (absl::ascii_isdigit(c)) {
      digits.push_back(c);
      if (!seen_point) ++point;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (digits.empty()) return std::string(stored);
  if (i < text.size()) {
    int exponent = 0;
    if ((text[i] != 'e' && text[i] != 'E') || !absl::SimpleAtoi(text.substr(i + 1), &exponent) ||
        exponent < -100 || exponent > 100) {
      return std::string(stored);  // not a number Excel wrote: leave it as it is
    }
    point += exponent;
  }
  if (percent) point += 2;
  // Leading zeros out (keeping the point where it is).
  while (digits.size() > 1 && digits[0] == '0') {
    digits.erase(0, 1);
    --point;
  }
  auto round_at = [&](int keep) {  // keep `keep` digits, half away from zero
    if (keep < 0) {
      digits = "0";
      point = 1;
      return;
    }
    if (keep >= static_cast<int>(digits.size())) return;
    const bool up = digits[keep] >= '5';
    digits.resize(keep);
    if (up) {
      int j = keep - 1;
      while (j >= 0 && digits[j] == '9') digits[j--] = '0';
      if (j >= 0) {
        ++digits[j];
      } else {
        digits.insert(digits.begin(), '1');
        ++point;
      }
    }
    if (digits.empty()) {
      digits = "0";
      point = 1;
    }
  };
  int places = decimals;
  if (decimals < 0) {
    if (point > 15 || point < -9) return std::string(stored);
    round_at(15);  // General shows at most 15 significant digits
    places = std::max(0, static_cast<int>(digits.size()) - point);
  } else {
    round_at(point + decimals);
  }
  std::string integer;
  std::string fraction;
  for (int k = 0; k < point; ++k)
    integer.push_back(k < static_cast<int>(digits.size()) ? digits[k] : '0');
  for (int k = point; k < point + places; ++k) {
    fraction.push_back(k >= 0 && k < static_cast<int>(digits.size()) ? digits[k] : '0');
  }
  if (decimals < 0) {
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  }
  integer.erase(0, std::min(integer.find_first_not_of('0'), integer.size()));
  if (integer.empty()) integer = "0";
  std::string out = integer;
  if (!fraction.empty()) absl::StrAppend(&out, ".", fraction);
  const bool zero = out.find_first_not_of("0.") == std::string::npos;
  if (negative && !zero) out.insert(out.begin(), '-');
  if (percent) out.push_back('%');
  return out;
}

absl::StatusOr<std::vector<Worksheet>> ReadXlsx(absl::string_view bytes, absl::string_view field) {
  absl::StatusOr<Package> package = Package::Open(bytes, field);
  if (!package.ok()) return package.status();
  if (!package->Has("xl/workbook.xml")) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, package->Has("word/document.xml")
                   ? ": 这是 Word 文档（.docx），请作为文档导入 (not an Excel workbook)"
                   : ": 不是 Excel 工作簿（缺少 xl/workbook.xml） (not an Excel workbook)"));
  }
  // Shared strings: each <si>'s text (plain <t> or rich-text runs), but not
  // the phonetic runs (<rPh>) Japanese workbooks carry.
  std::vector<std::string> shared;
  if (package->Has("xl/sharedStrings.xml")) {
    absl::StatusOr<XmlDocument> sst = package->ReadXml("xl/sharedStrings.xml");
    if (!sst.ok()) return sst.status();
    for (xmlNode* si = sst->root()->children; si != nullptr; si = si->next) {
      if (!IsElement(si, "si")) continue;
      std::string text;
      for (xmlNode* piece = si->children; piece != nullptr; piece = piece->next) {
        if (IsElement(piece, "t")) text += TextOf(piece);
        if (IsElement(piece, "r")) text += TextOf(Child(piece, "t"));
      }
      shared.push_back(std::move(text));
    }
  }

  // Number formats by cell style index.
  std::vector<NumberFormat> formats;
  if (package->Has("xl/styles.xml")) {
    absl::StatusOr<XmlDocument> styles = package->ReadXml("xl/styles.xml");
    if (!styles.ok()) return styles.status();
    std::map<int, NumberFormat> custom;
    if (xmlNode* numFmts = Child(styles->root(), "numFmts")) {
      for (xmlNode* f = numFmts->children; f != nullptr; f = f->next) {
        int id = 0;
        if (IsElement(f, "numFmt") &&
            absl::SimpleAtoi(Attribute(f, "numFmtId").value_or(""), &id)) {
          custom[id] = ParseFormatCode(Attribute(f, "formatCode").value_or(""));
        }
      }
    }
    if (xmlNode* xfs = Child(styles->root(), "cellXfs")) {
      for (xmlNode* xf = xfs->children; xf != nullptr; xf = xf->next) {
        if (!IsElement(xf, "xf")) continue;
        int id = 0;
        if (!absl::SimpleAtoi(Attribute(xf, "numFmtId").value_or("0"), &id)) id = 0;
        auto found = custom.find(id);
        formats.push_back(found != custom.end() ? found->second : BuiltinFormat(id));
      }
    }
  }

  // The sheets in workbook order, through the workbook's relationships.
  absl::StatusOr<std::map<std::string, std::string>> targets =
      package->ReadRelationships("xl/_rels/workbook.xml.rels");
  if (!targets.ok()) return targets.status();
  for (auto& [id, target] : *targets) target = Resolve("xl", target);
  absl::StatusOr<XmlDocument> workbook = package->ReadXml("xl/workbook.xml");
  if (!workbook.ok()) return workbook.status();
  std::vector<Worksheet> out;
  xmlNode* sheets = Child(workbook->root(), "sheets");
  for (xmlNode* sheet = sheets != nullptr ? sheets->children : nullptr; sheet != nullptr;
       sheet = sheet->next) {
    if (!IsElement(sheet, "sheet")) continue;
    const std::string state = Attribute(sheet, "state").value_or("visible");
    if (state != "visible") continue;
    const std::string name = Attribute(sheet, "name").value_or("");
    auto target = targets->find(Attribute(sheet, "id").value_or(""));
    if (target == targets->end() || !absl::StartsWith(target->second, "xl/worksheets/") ||
        !package->Has(target->second)) {
      continue;  // a chart sheet or dialog sheet: no cells
    }
    absl::StatusOr<XmlDocument> part = package->ReadXml(target->second);
    if (!part.ok()) return part.status();
    Worksheet worksheet;
    worksheet.name = name;
    std::vector<std::vector<GridCell>>& rows = worksheet.grid.rows;
    int columns = 0;
    auto cell_at = [&](int r, int c) -> GridCell& {
      if (static_cast<int>(rows.size()) <= r) rows.resize(r + 1);
      if (static_cast<int>(rows[r].size()) <= c) rows[r].resize(c + 1);
      columns = std::max(columns, c + 1);
      return rows[r][c];
    };
    if (xmlNode* data = Child(part->root(), "sheetData")) {
      int next_row = 0;
      for (xmlNode* row = data->children; row != nullptr; row = row->next) {
        if (!IsElement(row, "row")) continue;
        int r = next_row;
        if (auto number = Attribute(row, "r"); number.has_value()) {
          if (!absl::SimpleAtoi(*number, &r) || r < 1 || r > kMaxRows) {
            return absl::InvalidArgumentError(absl::StrCat(field, ": 工作表“", name, "”的行号 ",
                                                           *number, " 超出范围（至多 ", kMaxRows,
                                                           " 行） (row out of range)"));
          }
          --r;
        }
        next_row = r + 1;
        int next_column = 0;
        for (xmlNode* c = row->children; c != nullptr; c = c->next) {
          if (!IsElement(c, "c")) continue;
          int cr = r;
          int cc = next_column;
          if (auto ref = Attribute(c, "r"); ref.has_value() && !ParseCellRef(*ref, &cr, &cc)) {
            return absl::InvalidArgumentError(
                absl::StrCat(field, ": 工作表“", name, "”的单元格 ", *ref, " 超出范围（至多 ",
                             kMaxRows, " 行、", kMaxColumns, " 列） (cell out of range)"));
          }
          next_column = cc + 1;
          const std::string type = Attribute(c, "t").value_or("n");
          xmlNode* v = Child(c, "v");
          std::string value;
          if (type == "s") {
            size_t index = 0;
            if (v != nullptr && absl::SimpleAtoi(TextOf(v), &index) && index < shared.size()) {
              value = shared[index];
            }
          } else if (type == "inlineStr") {
            if (xmlNode* is = Child(c, "is")) {
              for (xmlNode* piece = is->children; piece != nullptr; piece = piece->next) {
                if (IsElement(piece, "t")) value += TextOf(piece);
                if (IsElement(piece, "r")) value += TextOf(Child(piece, "t"));
              }
            }
          } else if (type == "b") {
            value = v != nullptr && TextOf(v) == "1" ? "是" : "否";
          } else if (type == "str" || type == "e") {
            value = v != nullptr ? TextOf(v) : "";
          } else if (v != nullptr) {
            size_t style = 0;
            if (!absl::SimpleAtoi(Attribute(c, "s").value_or("0"), &style)) style = 0;
            const NumberFormat format = style < formats.size() ? formats[style] : NumberFormat{};
            value = FormatStoredNumber(TextOf(v), format.decimals, format.percent);
          }
          if (!value.empty()) cell_at(cr, cc).text = std::move(value);
        }
      }
    }
    if (xmlNode* merges = Child(part->root(), "mergeCells")) {
      for (xmlNode* merge = merges->children; merge != nullptr; merge = merge->next) {
        if (!IsElement(merge, "mergeCell")) continue;
        const std::vector<std::string> ends =
            absl::StrSplit(Attribute(merge, "ref").value_or(""), ':');
        int r1 = 0, c1 = 0, r2 = 0, c2 = 0;
        if (ends.size() != 2 || !ParseCellRef(ends[0], &r1, &c1) ||
            !ParseCellRef(ends[1], &r2, &c2) || r2 < r1 || c2 < c1 ||
            static_cast<int64_t>(r2 - r1 + 1) * (c2 - c1 + 1) > 1000000) {
          continue;
        }
        for (int r = r1; r <= r2; ++r) {
          for (int c = c1; c <= c2; ++c) {
            if (r == r1 && c == c1) continue;
            GridCell& covered = cell_at(r, c);
            covered.merged_from_left = c > c1;
            covered.merged_from_above = r > r1;
          }
        }
      }
    }
    for (auto& row : rows) row.resize(columns);
    out.push_back(std::move(worksheet));
  }
  return out;
}

}  // namespace reportflow::drafting::formats
