#include "services/publication/render/csv_table.h"

#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow::publication {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;

TEST(ParseCsv, ReadsQuotedFieldsWithCommasQuotesAndLineBreaks) {
  absl::StatusOr<CsvRows> rows =
      ParseCsv("项目,金额\r\n\"公务接待费,含会议\",30.00\n\"说\"\"明\",\"两\n行\"");
  ASSERT_THAT(rows.status(), IsOk());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1][0], "公务接待费,含会议");
  EXPECT_EQ((*rows)[1][1], "30.00");
  EXPECT_EQ((*rows)[2][0], "说\"明");
  EXPECT_EQ((*rows)[2][1], "两\n行");
}

TEST(ParseCsv, NamesTheLineOfABrokenQuote) {
  absl::StatusOr<CsvRows> open = ParseCsv("a,b\n1,\"2\n");
  EXPECT_THAT(open.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_NE(open.status().message().find("第 2 行"), std::string::npos);
  EXPECT_THAT(ParseCsv("a,b\nx\"y,1\n").status(), StatusIs(absl::StatusCode::kInvalidArgument));
}

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

}  // namespace
}  // namespace reportflow::publication
