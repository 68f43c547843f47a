#include "services/publication/render/csv_table.h"

#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow::publication {
namespace {

TEST(CsvTableHtml, RightAlignsNumbersAndEscapesText) {
  EXPECT_TRUE(IsNumericCell("1,080.05"));
  EXPECT_TRUE(IsNumericCell("-4.65"));
  EXPECT_TRUE(IsNumericCell("33.53%"));
  EXPECT_FALSE(IsNumericCell("2024年"));
  EXPECT_FALSE(IsNumericCell(""));
  EXPECT_EQ(CsvTableHtml({{"项目", "金额"}, {"<合计>", "45.13"}}),
            "<table><thead><tr><th>项目</th><th>金额</th></tr></thead><tbody><tr>"
            "<td>&lt;合计&gt;</td><td class=\"num\">45.13</td></tr></tbody></table>");
}

TEST(SpreadsheetSafeCsv, NeutralisesFormulasAndKeepsNumbers) {
  EXPECT_EQ(SpreadsheetSafeCsv({{"项目", "金额"},
                                {"=HYPERLINK(\"http://x\",\"点\")", "-4.65"},
                                {"+1+1", "@SUM(A1)"},
                                {"a,b", "1,080.05"}}),
            "项目,金额\n"
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"点\"\")\",-4.65\n"
            "'+1+1,'@SUM(A1)\n"
            "\"a,b\",\"1,080.05\"\n");
}

}  // namespace
}  // namespace reportflow::publication
