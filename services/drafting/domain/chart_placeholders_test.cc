#include "services/drafting/domain/chart_placeholders.h"

#include "gtest/gtest.h"

namespace reportflow::drafting {
namespace {

TEST(ChartsFromPlaceholders, PieTakesTheSharesSinceThePreviousFigure) {
  int converted = 0;
  const std::string out = ChartsFromPlaceholders(
      "2024 年度本年收入合计 1080.05 万元，其中：一般公共预算财政拨款收入 1079.94 万元，占 "
      "99.98%；其他收入 0.11万元，占 0.01%。\n\n（图 2：收入决算结构图）（饼状图）\n",
      &converted);
  EXPECT_EQ(converted, 1);
  EXPECT_NE(out.find("```chart\ntype: pie\ntitle: 图2 收入决算结构图\nunit: 万元\n"
                     "- 一般公共预算财政拨款收入: 1079.94\n- 其他收入: 0.11\n```\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("（图 2"), std::string::npos) << "the placeholder is replaced";
  EXPECT_NE(out.find("2024 年度本年收入合计"), std::string::npos) << "the prose stays";
}

TEST(ChartsFromPlaceholders, BarOfAChangeDrawsLastYearBesideThisYear) {
  const std::string out = ChartsFromPlaceholders(
      "2024 年度收入、支出总计均为 1089.82 万元。与 2023年度相比，收入、支出总计各减少 106.9 "
      "万元，下降 9.01%。\n\n（图 1：收入、支出决算总计变动情况图）\n\n（柱状图）\n");
  EXPECT_NE(out.find("type: bar\ntitle: 图1 收入、支出决算总计变动情况图\nunit: 万元\n"
                     "- 2023年度: 1196.72\n- 2024年度: 1089.82\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("（柱状图）"), std::string::npos) << "the type marker goes with it";
}

TEST(ChartsFromPlaceholders, AnIncreaseSubtracts) {
  const std::string out = ChartsFromPlaceholders(
      "2024年度支出 50 万元，与 2023 年度相比增加 12.5 万元。（图 3：支出变动）（柱状图）");
  EXPECT_NE(out.find("- 2023年度: 37.5\n- 2024年度: 50\n"), std::string::npos) << out;
}

TEST(ChartsFromPlaceholders, LeavesAPlaceholderWhoseNumbersTheTextDoesNotGive) {
  int converted = -1;
  const std::string text = "本单位无此项支出。\n\n（图 8：政府性基金支出结构）（饼状图）\n";
  EXPECT_EQ(ChartsFromPlaceholders(text, &converted), text);
  EXPECT_EQ(converted, 0);
}

TEST(ChartsFromPlaceholders, APlaceholderInsideAParagraphEndsIt) {
  const std::string out = ChartsFromPlaceholders(
      "一般公共服务支出 847.20万元，占 78.44%；住房保障支出 54.45 万元，占 5.04%。（图 6：一般"
      "公共预算财政拨款支出决算结构）（饼状图）\n");
  EXPECT_EQ(out.rfind("一般公共服务支出 847.20万元，占 78.44%；住房保障支出 54.45 万元，占 "
                      "5.04%。\n\n```chart\ntype: pie\n",
                      0),
            0u)
      << out;
  EXPECT_NE(out.find("- 一般公共服务支出: 847.20\n- 住房保障支出: 54.45\n```\n"),
            std::string::npos);
}

}  // namespace
}  // namespace reportflow::drafting
