// The office formats' pure parts: numbers as Excel shows them, merged
// headers flattened, files recognised by their first bytes. The readers
// themselves are tested on files LibreOffice writes (tests/import/,
// drafting_service_test's Office* tests).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/drafting/formats/docx.h"
#include "services/drafting/formats/package.h"
#include "services/drafting/formats/table_grid.h"
#include "services/drafting/formats/xlsx.h"

namespace reportflow::drafting::formats {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(FormatStoredNumberTest, FixedDecimalsRoundOnTheDecimalDigits) {
  EXPECT_EQ(FormatStoredNumber("15.13", 2, false), "15.13");
  EXPECT_EQ(FormatStoredNumber("30", 2, false), "30.00");
  EXPECT_EQ(FormatStoredNumber("847.2", 2, false), "847.20");
  // The binary sum 0.1 + 0.2 as Excel stores it, shown with two places.
  EXPECT_EQ(FormatStoredNumber("0.30000000000000004", 2, false), "0.30");
  EXPECT_EQ(FormatStoredNumber("2.675", 2, false), "2.68") << "half away from zero, not binary";
  EXPECT_EQ(FormatStoredNumber("-2.675", 2, false), "-2.68");
  EXPECT_EQ(FormatStoredNumber("9.995", 2, false), "10.00");
  EXPECT_EQ(FormatStoredNumber("1089.82", 0, false), "1090");
  EXPECT_EQ(FormatStoredNumber("-0.001", 2, false), "0.00") << "no negative zero";
  EXPECT_EQ(FormatStoredNumber("1.5E-3", 4, false), "0.0015");
  EXPECT_EQ(FormatStoredNumber("1.2345E+5", 1, false), "123450.0");
}

TEST(FormatStoredNumberTest, GeneralShowsFifteenSignificantDigitsWithoutTrailingZeros) {
  EXPECT_EQ(FormatStoredNumber("0.30000000000000004", -1, false), "0.3");
  EXPECT_EQ(FormatStoredNumber("1079.94", -1, false), "1079.94");
  EXPECT_EQ(FormatStoredNumber("100", -1, false), "100");
  EXPECT_EQ(FormatStoredNumber("45.130000000000003", -1, false), "45.13");
}

TEST(FormatStoredNumberTest, PercentagesMoveThePointAndKeepTheSign) {
  EXPECT_EQ(FormatStoredNumber("0.9854", 2, true), "98.54%");
  EXPECT_EQ(FormatStoredNumber("1", 0, true), "100%");
}

TEST(FormatStoredNumberTest, TextThatIsNotANumberIsKept) {
  EXPECT_EQ(FormatStoredNumber("#DIV/0!", 2, false), "#DIV/0!");
  EXPECT_EQ(FormatStoredNumber("12abc", 2, false), "12abc");
}

GridCell Text(const std::string& text) { return GridCell{text, false, false}; }
GridCell Left() { return GridCell{"", true, false}; }
GridCell Above() { return GridCell{"", false, true}; }

TEST(TableGridTest, ATwoRowMergedHeaderIsFlattenedColumnByColumn) {
  // | 项目 | 本年支出 (spans 2) |
  // | ↑    | 基本支出 | 项目支出 |
  Grid grid;
  grid.rows = {{Text("项目"), Text("本年支出"), Left()},
               {Above(), Text("基本支出"), Text("项目支出")},
               {Text("合计"), Text("764.27"), Text("323.81")},
               {Text(""), Text(""), Text("")}};
  EXPECT_EQ(HeaderRows(grid), 2);
  const CsvRows rows = ToCsvRows(grid);
  ASSERT_EQ(rows.size(), 2u) << "the empty row goes";
  EXPECT_THAT(rows[0], ElementsAre("项目", "本年支出/基本支出", "本年支出/项目支出"));
  EXPECT_THAT(rows[1], ElementsAre("合计", "764.27", "323.81"));
}

TEST(TableGridTest, AOneRowHeaderStaysOneRowAndDataMergesAreResolved) {
  Grid grid;
  grid.rows = {{Text("项目"), Text("决算数"), Text("")},
               {Text("公务接待费"), Text("30"), Text("")},
               {Above(), Text("30"), Text("")}};
  EXPECT_EQ(HeaderRows(grid), 1) << "a merge inside the data does not make a header";
  // (Row 2 is merged down from row 1: it is data, since row 0 has no span.)
  const CsvRows rows = ToCsvRows(grid);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[0], ElementsAre("项目", "决算数")) << "the empty last column goes";
  EXPECT_THAT(rows[2], ElementsAre("公务接待费", "30"));
}

TEST(SniffFileTest, TellsZipsFromProtectedAndLegacyOfficeFiles) {
  EXPECT_EQ(SniffFile(std::string("PK\x03\x04rest", 8)), FileKind::kZip);
  std::string compound("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  std::string encrypted = compound;
  for (char c : std::string("EncryptedPackage")) {
    encrypted.push_back(c);
    encrypted.push_back('\0');
  }
  EXPECT_EQ(SniffFile(encrypted), FileKind::kEncryptedOffice);
  EXPECT_EQ(SniffFile(compound + "Workbook"), FileKind::kLegacyOffice);
  EXPECT_EQ(SniffFile("第一部分 单位概况"), FileKind::kOther);
}

TEST(ReadersTest, RefuseWhatIsNotAPackageNamingTheField) {
  absl::StatusOr<ReadDocument> text = ReadDocx("第一部分 单位概况\n", "docx");
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(text.status().message(), HasSubstr("docx: 不是 .docx 或 .xlsx 文件"));
  absl::StatusOr<std::vector<Worksheet>> truncated =
      ReadXlsx(std::string("PK\x03\x04\x14\x00\x00\x00", 8), "xlsx");
  EXPECT_EQ(truncated.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(truncated.status().message(), HasSubstr("xlsx: 文件已损坏"));
}

TEST(ParseXmlTest, RefusesADoctypeAndMalformedXml) {
  const std::string bomb =
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;\">]>"
      "<x>&b;</x>";
  absl::StatusOr<XmlDocument> refused = ParseXml(bomb, "word/document.xml", "docx");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("DOCTYPE"));
  absl::StatusOr<XmlDocument> broken =
      ParseXml("<w:document><w:body>", "word/document.xml", "docx");
  EXPECT_THAT(broken.status().message(), HasSubstr("不是格式正确的 XML"));
}

}  // namespace
}  // namespace reportflow::drafting::formats
