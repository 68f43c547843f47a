#include "services/common/chart_block.h"

#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;

TEST(ParseChartBlock, ReadsTypeTitleUnitAndRows) {
  absl::StatusOr<Chart> chart = ParseChartBlock(
      "type: pie\ntitle: 图2 收入决算结构\nunit: 万元\n- 一般公共预算财政拨款收入: 1079.94\n"
      "- 其他收入：0.11\n");
  ASSERT_THAT(chart.status(), IsOk());
  EXPECT_EQ(chart->type, ChartType::kPie);
  EXPECT_EQ(chart->title, "图2 收入决算结构");
  EXPECT_EQ(chart->unit, "万元");
  ASSERT_EQ(chart->rows.size(), 2u);
  EXPECT_EQ(chart->rows[0].label, "一般公共预算财政拨款收入");
  EXPECT_DOUBLE_EQ(chart->rows[0].amount, 1079.94);
  EXPECT_EQ(chart->rows[1].amount_text, "0.11") << "full-width colon accepted";
}

TEST(ParseChartBlock, FormatRoundTrips) {
  Chart chart{ChartType::kBar,
              "图1 收入、支出决算总计变动情况",
              "万元",
              {{"2023年度", "1196.72", 1196.72}, {"2024年度", "1089.82", 1089.82}}};
  const std::string block = FormatChartBlock(chart);
  ASSERT_EQ(block.rfind("```chart\n", 0), 0u) << block;
  const size_t body_start = block.find('\n') + 1;
  const size_t body_end = block.rfind("```");
  absl::StatusOr<Chart> parsed = ParseChartBlock(block.substr(body_start, body_end - body_start));
  ASSERT_THAT(parsed.status(), IsOk());
  EXPECT_EQ(parsed->type, ChartType::kBar);
  ASSERT_EQ(parsed->rows.size(), 2u);
  EXPECT_EQ(parsed->rows[1].label, "2024年度");
  EXPECT_DOUBLE_EQ(parsed->rows[0].amount, 1196.72);
}

TEST(ParseChartBlock, NamesTheLineAndTheRule) {
  absl::StatusOr<Chart> bad_amount = ParseChartBlock("type: bar\ntitle: t\n- a: -3\n");
  EXPECT_THAT(bad_amount.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_NE(bad_amount.status().message().find("第 3 行"), std::string::npos);
  EXPECT_THAT(ParseChartBlock("type: line\ntitle: t\n- a: 1\n").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseChartBlock("type: bar\n- a: 1\n").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseChartBlock("type: bar\ntitle: t\n").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseChartBlock("type: bar\ntitle: t\ncolor: red\n- a: 1\n").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(AmountLabel, TakesTheWordsSinceTheLastClauseBreak) {
  EXPECT_EQ(AmountLabel("2024 年度收入、支出总计均为 "), "收入、支出总计");
  EXPECT_EQ(AmountLabel("本年收入合计 1080.05 万元，其中：一般公共预算财政拨款收入 "),
            "一般公共预算财政拨款收入");
  EXPECT_EQ(AmountLabel("，占 99.98%；其他收入 "), "其他收入");
  EXPECT_EQ(AmountLabel("2024年度本年支出合计 "), "本年支出合计");
  EXPECT_EQ(AmountLabel(""), "");
}

}  // namespace
}  // namespace reportflow
