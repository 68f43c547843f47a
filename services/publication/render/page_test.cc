#include "services/publication/render/page.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/common/status_matchers.h"
#include "services/publication/render/chart_svg.h"
#include "tests/support/svg.h"

namespace reportflow::publication {
namespace {

using ::reportflow::testing::IsOk;
using ::testing::HasSubstr;

PageInput Input() {
  PageInput input;
  input.title = "某单位2024年度部门决算";
  input.unit = "unit-a";
  input.unit_display_name = "某单位";
  input.fiscal_year = 2024;
  input.index_number = "unit-a-2024-000001";
  input.publish_date = "2025-09-30";
  input.report_version = "reports/r-1/versions/2";
  input.digest = std::string(64, 'b');
  input.parts = {
      {"第二部分 2024年度单位决算情况说明",
       {{"p2-02-income", "二、收入决算情况说明", false,
         "2024 年度本年收入合计 1080.05 万元，其中：一般公共预算财政拨款收入 1079.94 万元，"
         "占 99.98%；其他收入 0.11 万元，占 0.01%。\n\n```chart\ntype: pie\ntitle: 图2 "
         "收入决算结构\nunit: 万元\n- 一般公共预算财政拨款收入: 1079.94\n- 其他收入: 0.11\n```\n"
         "\n<script>alert(1)</script>\n"}}},
      {"第五部分 附表",
       {{"p5-t13", "十三、财政拨款“三公”经费支出决算表", true, "项目,决算数\n公务接待费,30.00\n"},
        {"p5-t01", "一、收入支出决算总表", true, ""}}}};
  input.stages = {{"一校", "李娜", "2025-09-20", "同意"},
                  {"终审", "赵磊", "2025-09-28", "同意公开"}};
  return input;
}

const RenderedFile* FileAt(const std::vector<RenderedFile>& files, const std::string& path) {
  for (const RenderedFile& file : files) {
    if (file.path == path) return &file;
  }
  return nullptr;
}

TEST(RenderPublication, WritesThePageItsDataAndOneCsvPerTable) {
  absl::StatusOr<std::vector<RenderedFile>> files = RenderPublication(Input());
  ASSERT_THAT(files.status(), IsOk());
  ASSERT_EQ(files->size(), 4u);
  const RenderedFile* page = FileAt(*files, "index.html");
  ASSERT_NE(page, nullptr);
  EXPECT_THAT(page->content, HasSubstr("<h3>二、收入决算情况说明</h3>"));
  EXPECT_THAT(page->content, HasSubstr("保密审查情况：已审查"));
  EXPECT_THAT(page->content, HasSubstr("主要负责人审签情况：已审签"));
  // Who and when: the 保密审查 and 审签 stages when the definition has them,
  // else the 终审.
  EXPECT_EQ(SecrecyReviewLine({{"终审", "赵磊", "2025-08-30", "同意", "review-3"}}),
            "已审查（经三审三校，终审 赵磊，2025-08-30）");
  EXPECT_EQ(SecrecyReviewLine({{"终审", "赵磊", "2025-08-30", "同意", "review-3"},
                               {"保密审查", "杨敏", "2025-08-31", "不涉密", "secrecy-review"},
                               {"主要负责人审签", "孙强", "2025-09-01", "同意", "head-sign"}}),
            "已审查（杨敏，2025-08-31）");
  EXPECT_EQ(HeadSignLine({{"终审", "赵磊", "2025-08-30", "同意", "review-3"},
                          {"主要负责人审签", "孙强", "2025-09-01", "同意", "head-sign"}}),
            "已审签（孙强，2025-09-01）");
  EXPECT_EQ(HeadSignLine({{"终审", "赵磊", "2025-08-30", "同意", "review-3"}}),
            "已审签（终审 赵磊，2025-08-30）");
  EXPECT_THAT(page->content, HasSubstr("<td>终审</td><td>赵磊</td><td>2025-09-28</td>"));
  EXPECT_THAT(page->content, HasSubstr("公开日期：2025-09-30"));
  EXPECT_THAT(page->content, HasSubstr("索引号：unit-a-2024-000001"));
  EXPECT_THAT(page->content, HasSubstr("<td class=\"num\">30.00</td>"));
  EXPECT_THAT(page->content, HasSubstr("（本表无数据）"));
  EXPECT_THAT(page->content, HasSubstr("href=\"tables/p5-t13.csv\""));
  EXPECT_THAT(page->content, Not(HasSubstr("<script>"))) << "raw HTML in the text is not passed";
  EXPECT_THAT(page->content, Not(HasSubstr("```chart"))) << "the block is drawn, not shown";
  // The chart is an <svg> document with its labels and shares.
  const size_t start = page->content.find("<svg");
  const size_t end = page->content.find("</svg>");
  ASSERT_NE(start, std::string::npos);
  const std::string svg = page->content.substr(start, end + 6 - start);
  EXPECT_TRUE(testing::IsSvgDocument(svg)) << svg;
  EXPECT_THAT(svg, HasSubstr("其他收入 0.11万元（0.01%）"));
  EXPECT_THAT(svg, HasSubstr("一般公共预算财政拨款收入 1079.94万元（99.99%）"));

  const RenderedFile* csv = FileAt(*files, "tables/p5-t13.csv");
  ASSERT_NE(csv, nullptr);
  EXPECT_EQ(csv->content, "项目,决算数\n公务接待费,30.00\n");

  const RenderedFile* data = FileAt(*files, "data.json");
  ASSERT_NE(data, nullptr);
  const nlohmann::json json = nlohmann::json::parse(data->content);
  const nlohmann::json& income = json["sections"][0];
  EXPECT_EQ(income["figures"][0]["label"], "本年收入合计");
  EXPECT_DOUBLE_EQ(income["figures"][0]["value"].get<double>(), 1080.05);
  EXPECT_EQ(income["figures"][0]["unit"], "万元");
  EXPECT_DOUBLE_EQ(income["charts"][0]["total"].get<double>(), 1080.05);
  EXPECT_EQ(income["charts"][0]["rows"][1]["share_percent"], "0.01%");
  EXPECT_EQ(json["sections"][1]["table"]["rows"][0][1], "30.00");
  EXPECT_EQ(json["review_record"]["confidentiality_review"], "已审查");
}

TEST(RenderPublication, RefusesATableThatIsNotCsv) {
  PageInput input = Input();
  input.parts[1].sections[0].content = "项目,决算数\n\"未闭合,1\n";
  EXPECT_EQ(RenderPublication(input).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RenderPublication, ACorrectionLinksThePageItReplaces) {
  PageInput input = Input();
  input.corrects_url = "../r-1-v1/index.html";
  input.corrects_date = "2025-09-01";
  absl::StatusOr<std::vector<RenderedFile>> files = RenderPublication(input);
  ASSERT_THAT(files.status(), IsOk());
  EXPECT_THAT((*files)[0].content, HasSubstr("更正说明"));
  EXPECT_THAT((*files)[0].content, HasSubstr("href=\"../r-1-v1/index.html\""));
}

TEST(ChartSvg, BarChartIsWellFormedWithLabelsAndValues) {
  Chart chart{ChartType::kBar,
              "图1 收入、支出决算总计变动 <情况>",
              "万元",
              {{"2023年度", "1196.72", 1196.72}, {"2024年度", "1089.82", 1089.82}}};
  const std::string svg = ChartSvg(chart);
  EXPECT_TRUE(testing::IsSvgDocument(svg)) << svg;
  EXPECT_THAT(svg, HasSubstr(">1196.72<"));
  EXPECT_THAT(svg, HasSubstr(">2024年度<"));
  EXPECT_THAT(svg, HasSubstr("&lt;情况&gt;"));
}

TEST(RenderNoticeAndIndex, SayWhatHappenedAndListNewestFirst) {
  NoticeInput withdrawal{"某单位2024年度部门决算",
                         "某单位",
                         "unit-a-2024-000001",
                         "2025-09-30",
                         "2025-10-02",
                         true,
                         "数据有误，待核实后重新公开",
                         ""};
  const std::string notice = RenderNotice(withdrawal);
  EXPECT_THAT(notice, HasSubstr("本信息已于 2025-10-02 撤回"));
  EXPECT_THAT(notice, HasSubstr("撤回原因：数据有误，待核实后重新公开"));
  NoticeInput correction = withdrawal;
  correction.withdrawn = false;
  correction.replacement_url = "../r-1-v3/index.html";
  EXPECT_THAT(RenderNotice(correction), HasSubstr("href=\"../r-1-v3/index.html\""));
  const std::string index =
      RenderIndex("某单位", 2024,
                  {{"新", "r-1-v3/index.html", "n2", "2025-10-05", "已公开"},
                   {"旧", "r-1-v2/index.html", "n1", "2025-09-30", "已更正"}});
  EXPECT_LT(index.find("r-1-v3"), index.find("r-1-v2"));
  EXPECT_THAT(index, HasSubstr("<td>已更正</td>"));
}

}  // namespace
}  // namespace reportflow::publication
