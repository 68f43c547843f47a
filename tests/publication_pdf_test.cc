// The publication's PDF read back by poppler (pdftotext, pdffonts, pdfinfo,
// from poppler-utils) the way a reader's viewer reads it: a table longer
// than a page keeps its header on every page and loses or repeats no row,
// the fonts are embedded, every page carries its number and the version's
// digest, the same input gives the same bytes. The seed report's PDF is
// checked whole by demo_test (every part heading, the 三公 figures, the
// review record, a PNG of page 1).
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"
#include "services/publication/render/page.h"
#include "services/publication/render/pdf.h"
#include "tests/support/process.h"

namespace reportflow::publication {
namespace {

using ::reportflow::testing::ChildProcess;
using ::reportflow::testing::IsOk;
using ::reportflow::testing::ReadFileOrEmpty;
using ::reportflow::testing::StatusIs;
using ::reportflow::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kRows = 160;

std::string RowName(int i) { return absl::StrCat("支出科目", 1000 + i); }

PageInput LongReport() {
  PageInput input;
  input.title = "某单位2024年度部门决算";
  input.unit = "unit-a";
  input.unit_display_name = "某单位";
  input.fiscal_year = 2024;
  input.index_number = "unit-a-2024-000007";
  input.publish_date = "2025-09-30";
  input.report_version = "reports/r-1/versions/3";
  input.digest = "3f1c" + std::string(60, 'a');
  std::string table = "科目编码,科目名称,本年支出合计,基本支出,项目支出\n";
  for (int i = 0; i < kRows; ++i) {
    absl::StrAppend(&table, 2010300 + i, ",", RowName(i), ",", 100 + i, ".25,", 60 + i, ".00,", 40,
                    ".25\n");
  }
  input.parts = {
      {"第二部分 2024年度单位决算情况说明",
       {{"p2-02-income", "二、收入决算情况说明", false,
         "2024 年度本年收入合计 1080.05 万元。\n\n```chart\ntype: pie\ntitle: 图2 "
         "收入决算结构\nunit: 万元\n- 一般公共预算财政拨款收入: 1079.94\n- 其他收入: 0.11\n```\n"
         "\n**说明**：其他收入为利息收入。\n"}}},
      {"第五部分 附表",
       {{"p5-t04", "四、一般公共预算财政拨款支出决算表", true, table},
        {"p5-t01", "一、收入支出决算总表", true, ""}}}};
  input.stages = {{"一校", "李娜", "2025-09-20", "同意"},
                  {"终审", "赵磊", "2025-09-28", "同意公开"}};
  return input;
}

// Runs a poppler tool with `args` and returns its standard output.
std::string Poppler(const TempDir& dir, const std::vector<std::string>& argv) {
  const std::string log = absl::StrCat(dir.path(), "/poppler.out");
  std::remove(log.c_str());
  absl::StatusOr<std::unique_ptr<ChildProcess>> child = ChildProcess::Start(argv, log);
  EXPECT_THAT(child.status(), IsOk());
  if (!child.ok()) return "";
  absl::StatusOr<int> code = (*child)->Wait(absl::Seconds(60));
  EXPECT_THAT(code, ::reportflow::testing::IsOkAndHolds(0)) << ReadFileOrEmpty(log);
  return ReadFileOrEmpty(log);
}

std::string PageText(const TempDir& dir, const std::string& pdf, int page) {
  return Poppler(dir, {"/usr/bin/pdftotext", "-q", "-f", absl::StrCat(page), "-l",
                       absl::StrCat(page), "-layout", pdf, "-"});
}

// pdftotext drops the spaces Pango sets between Chinese and digits
// (「第 2 页」 reads 「第2页」); compare without any.
std::string Squeezed(absl::string_view text) {
  return absl::StrReplaceAll(text, {{" ", ""}, {"\n", ""}});
}

int PageCount(const TempDir& dir, const std::string& pdf) {
  for (absl::string_view line : absl::StrSplit(Poppler(dir, {"/usr/bin/pdfinfo", pdf}), '\n')) {
    if (absl::ConsumePrefix(&line, "Pages:")) {
      int pages = 0;
      if (absl::SimpleAtoi(absl::StripAsciiWhitespace(line), &pages)) return pages;
    }
  }
  return 0;
}

TEST(PublicationPdf, ALongTableKeepsItsHeaderOnEveryPageAndEveryRowOnce) {
  TempDir dir;
  absl::StatusOr<std::string> pdf = RenderPdf(LongReport());
  ASSERT_THAT(pdf.status(), IsOk());
  ASSERT_EQ(pdf->substr(0, 5), "%PDF-");
  const std::string path = dir.WriteFile("long.pdf", *pdf);
  const int pages = PageCount(dir, path);
  ASSERT_GE(pages, 4) << "160 rows run over several pages";

  std::string all;
  int table_pages = 0;
  for (int page = 1; page <= pages; ++page) {
    const std::string text = PageText(dir, path, page);
    EXPECT_THAT(Squeezed(text), HasSubstr(absl::StrCat("第", page, "页共", pages, "页")))
        << "page " << page;
    EXPECT_THAT(text, HasSubstr("内容摘要 SHA-256：3f1c")) << "page " << page;
    if (text.find(RowName(kRows - 1)) != std::string::npos ||
        text.find("支出科目1") != std::string::npos) {
      ++table_pages;
      EXPECT_THAT(text, HasSubstr("科目名称")) << "page " << page << " lacks the header row";
      EXPECT_THAT(text, HasSubstr("本年支出合计")) << "page " << page;
    }
    all += text;
  }
  EXPECT_GE(table_pages, 3);
  for (int i = 0; i < kRows; ++i) {
    const std::string name = RowName(i);
    const size_t first = all.find(name);
    ASSERT_NE(first, std::string::npos) << name << " is missing";
    EXPECT_EQ(all.find(name, first + 1), std::string::npos) << name << " appears twice";
  }
  // Numbers as approved, the prose, the chart, the contents and the record.
  EXPECT_THAT(all, HasSubstr("259.25"));
  EXPECT_THAT(all, HasSubstr("本年收入合计 1080.05 万元"));
  EXPECT_THAT(all, HasSubstr("图2 收入决算结构"));
  EXPECT_THAT(all, HasSubstr("一般公共预算财政拨款收入"));
  EXPECT_THAT(all, HasSubstr("（本表无数据）"));
  EXPECT_THAT(all, HasSubstr("目录"));
  EXPECT_THAT(all, HasSubstr("保密审查情况：已审查"));
  EXPECT_THAT(all, HasSubstr("主要负责人审签情况：已审签"));
  EXPECT_THAT(all, HasSubstr("赵磊"));
  EXPECT_THAT(all, HasSubstr("同意公开"));
  EXPECT_THAT(all, Not(HasSubstr("```")));
}

TEST(PublicationPdf, EmbedsItsFontsCarriesItsDigestAndIsTheSameEveryTime) {
  TempDir dir;
  absl::StatusOr<std::string> first = RenderPdf(LongReport());
  absl::StatusOr<std::string> second = RenderPdf(LongReport());
  ASSERT_THAT(first.status(), IsOk());
  ASSERT_THAT(second.status(), IsOk());
  EXPECT_TRUE(*first == *second) << "the same input gives the same bytes";
  const std::string path = dir.WriteFile("report.pdf", *first);

  // pdffonts: a header of two lines, then one line per font whose "emb"
  // column (the third from the right) says yes.
  const std::string fonts = Poppler(dir, {"/usr/bin/pdffonts", path});
  std::vector<std::string> lines = absl::StrSplit(fonts, '\n', absl::SkipEmpty());
  ASSERT_GT(lines.size(), 2u) << fonts;
  bool cjk = false;
  for (size_t i = 2; i < lines.size(); ++i) {
    std::vector<std::string> columns = absl::StrSplit(lines[i], ' ', absl::SkipEmpty());
    ASSERT_GE(columns.size(), 6u) << lines[i];
    EXPECT_EQ(columns[columns.size() - 5], "yes") << "not embedded: " << lines[i];
    if (lines[i].find("WenQuanYi") != std::string::npos ||
        lines[i].find("Noto") != std::string::npos || lines[i].find("CID") != std::string::npos) {
      cjk = true;
    }
  }
  EXPECT_TRUE(cjk) << "no CJK font:\n" << fonts;

  const std::string info = Poppler(dir, {"/usr/bin/pdfinfo", path});
  EXPECT_THAT(info, HasSubstr("某单位2024年度部门决算"));
  EXPECT_THAT(info, HasSubstr(absl::StrCat("sha256:3f1c", std::string(60, 'a'))));
  EXPECT_THAT(info, HasSubstr("595.276 x 841.89 pts (A4)"));
}

TEST(PublicationPdf, ACorrectionSaysWhatItReplacesAndABadTableIsRefused) {
  TempDir dir;
  PageInput input = LongReport();
  input.corrects_url = "../r-1-v2/index.html";
  input.corrects_date = "2025-09-01";
  absl::StatusOr<std::string> pdf = RenderPdf(input);
  ASSERT_THAT(pdf.status(), IsOk());
  EXPECT_THAT(PageText(dir, dir.WriteFile("corrected.pdf", *pdf), 1),
              HasSubstr("替代 2025-09-01 公开的原版本"));

  input.parts[1].sections[0].content = "a,b\n\"unclosed\n";
  absl::StatusOr<std::string> refused = RenderPdf(input);
  EXPECT_THAT(refused.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("p5-t04"));
}

}  // namespace
}  // namespace reportflow::publication
