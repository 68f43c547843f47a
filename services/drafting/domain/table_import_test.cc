// Tables from office files into table sections: a workbook's sheets matched
// by title, their preamble and notes, and a Word document's table under its
// table heading (SplitBlocks).
#include "services/drafting/domain/table_import.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/drafting/domain/import.h"
#include "services/drafting/domain/template_for_test.h"
#include "services/drafting/domain/templates.h"

namespace reportflow::drafting {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

formats::GridCell T(const std::string& text) { return {text, false, false}; }
formats::GridCell L() { return {"", true, false}; }
formats::GridCell A() { return {"", false, true}; }

formats::Worksheet Sheet(const std::string& name,
                         std::vector<std::vector<formats::GridCell>> rows) {
  formats::Worksheet sheet;
  sheet.name = name;
  sheet.grid.rows = std::move(rows);
  return sheet;
}

TEST(UnitOfTest, ReadsTheUnitWhereverTheLineSaysIt) {
  EXPECT_EQ(UnitOf("单位：万元"), "万元");
  EXPECT_EQ(UnitOf("编制单位：金口河区财政局    金额单位:元"), "元");
  EXPECT_EQ(UnitOf("编制单位：金口河区财政局"), std::nullopt);
}

TEST(WithUnitTest, NamesTheUnitInNumericColumnsOnly) {
  CsvRows rows = {{"项目", "决算数", "完成预算（%）", "备注"},
                  {"合计", "45.13", "100", "无"},
                  {"公务接待费", "30.00", "100", ""}};
  rows[0][2] = "完成预算（%）";
  const CsvRows out = WithUnit(rows, "万元");
  EXPECT_THAT(out[0], ElementsAre("项目", "决算数（万元）", "完成预算（%）", "备注"));
  EXPECT_EQ(out[1], rows[1]) << "data untouched";
}

TEST(MatchWorkbookTest, ASheetIsMatchedByItsTitleRowAndItsPreambleSkipped) {
  const formats::Worksheet sheet =
      Sheet("公开13表", {{T("财政拨款“三公”经费支出决算表"), L(), L()},
                         {T("编制单位：金口河区财政局"), T(""), T("公开13表")},
                         {T("2024年度"), T(""), T("单位：万元")},
                         {T("项目"), T("决算数"), L()},
                         {A(), T("公务接待费"), T("公务用车运行费")},
                         {T("合计"), T("30.00"), T("15.13")},
                         {T("注：本单位无因公出国（境）费。"), L(), L()}});
  const WorkbookImport out = MatchWorkbook(Sichuan(), {sheet});
  ASSERT_EQ(out.tables.size(), 1u);
  EXPECT_EQ(out.tables[0].key, "p5-t13");
  EXPECT_EQ(out.tables[0].unit, "万元");
  EXPECT_EQ(out.tables[0].csv,
            "项目,决算数/公务接待费（万元）,决算数/公务用车运行费（万元）\n合计,30.00,15.13\n");
  ASSERT_EQ(out.skipped.size(), 1u) << "the note is reported, not dropped";
  EXPECT_EQ(out.skipped[0].text, "注：本单位无因公出国（境）费。");
}

TEST(MatchWorkbookTest, TheLongestTitleWinsAndEverySheetNotImportedIsSaidWhy) {
  const std::vector<formats::Worksheet> sheets = {
      Sheet("Sheet1", {{T("一般公共预算财政拨款支出决算表")},
                       {T("项目"), T("决算数")},
                       {T("合计"), T("1080.02")}}),
      Sheet("Sheet2", {{T("填报说明")}, {T("本工作簿由决算报表软件导出。")}}),
      Sheet("Sheet3", {}),
      Sheet("Sheet4", {{T("2024年度一般公共预算财政拨款支出决算表")},
                       {T("项目"), T("决算数")},
                       {T("合计"), T("1")}}),
      Sheet("支出决算表", {{T("项目"), T("决算数")}, {T("合计"), T("1088.08")}}),
  };
  const WorkbookImport out = MatchWorkbook(Sichuan(), sheets);
  ASSERT_EQ(out.tables.size(), 2u);
  EXPECT_EQ(out.tables[0].key, "p5-t06") << "not 三、支出决算表, whose title it ends with";
  EXPECT_EQ(out.tables[1].key, "p5-t03") << "matched by the sheet's name";
  EXPECT_EQ(out.tables[1].csv, "项目,决算数\n合计,1088.08\n");
  ASSERT_EQ(out.skipped.size(), 3u);
  EXPECT_EQ(out.skipped[0].sheet, "Sheet2");
  EXPECT_EQ(out.skipped[0].reason, "工作表的标题与模板中的任何表格都不匹配");
  EXPECT_EQ(out.skipped[1].reason, "工作表为空");
  EXPECT_THAT(out.skipped[2].reason, HasSubstr("已由前面的工作表导入"));
}

formats::DocumentBlock Paragraph(const std::string& text, int level = 0) {
  formats::DocumentBlock block;
  block.text = text;
  block.heading_level = level;
  return block;
}

TEST(SplitBlocksTest, HeadingsByStyleAloneFindTheirSectionsAndTablesTheirTableSection) {
  formats::DocumentBlock table;
  table.kind = formats::DocumentBlock::Kind::kTable;
  table.table = {{"项目", "决算数"}, {"公务接待费", "30.00"}};
  formats::DocumentBlock stray_table = table;
  const std::vector<formats::DocumentBlock> blocks = {
      Paragraph("金口河区财政局2024年度单位决算", 0),
      Paragraph("单位概况", 1),
      Paragraph("主要职责", 2),
      Paragraph("负责全区财政收支管理。"),
      Paragraph("第二段。"),
      stray_table,
      Paragraph("附表", 1),
      Paragraph("财政拨款“三公”经费支出决算表", 2),
      Paragraph("单位：万元"),
      table,
      Paragraph("注：无因公出国费。"),
  };
  const ImportResult result = SplitBlocks(Sichuan(), blocks);
  ASSERT_EQ(result.sections.size(), 2u);
  EXPECT_EQ(result.sections[0].key, "p1-duties");
  EXPECT_EQ(result.sections[0].content, "负责全区财政收支管理。\n\n第二段。\n")
      << "docx paragraphs stay paragraphs";
  EXPECT_EQ(result.sections[0].first_line, 3);
  EXPECT_EQ(result.sections[1].key, "p5-t13");
  EXPECT_EQ(result.sections[1].content, "项目,决算数（万元）\n公务接待费,30.00\n");
  ASSERT_EQ(result.unmatched.size(), 3u);
  EXPECT_EQ(result.unmatched[0].text, "金口河区财政局2024年度单位决算");
  EXPECT_THAT(result.unmatched[1].reason, HasSubstr("表格不在任何表格章节"));
  EXPECT_EQ(result.unmatched[1].start_line, 6);
  EXPECT_THAT(result.unmatched[2].reason, HasSubstr("表注"));
}

}  // namespace
}  // namespace reportflow::drafting
