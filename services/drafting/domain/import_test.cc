#include "services/drafting/domain/import.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/drafting/domain/template_for_test.h"
#include "services/drafting/domain/templates.h"

namespace reportflow::drafting {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;

std::string Seed() {
  std::ifstream in(RF_SEED_REPORT);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const ImportedSection* SectionOf(const ImportResult& result, const std::string& key) {
  for (const ImportedSection& section : result.sections) {
    if (section.key == key) return &section;
  }
  return nullptr;
}

TEST(SplitDocument, PlacesEveryPartTwoItemAndTableTitleOfTheSeedInItsOwnSection) {
  const ImportResult result = SplitDocument(Sichuan(), Seed());
  std::vector<std::string> keys;
  for (const ImportedSection& section : result.sections) {
    keys.push_back(section.key);
  }
  std::vector<std::string> expected;
  for (const v1::TemplatePart& part : Sichuan().parts()) {
    for (const v1::TemplateSection& section : part.sections()) {
      expected.push_back(section.key());
    }
  }
  EXPECT_EQ(keys, expected) << "all 27 sections, in template order";
  EXPECT_THAT(result.missing_required, IsEmpty());
}

TEST(SplitDocument, NamedSectionsReceiveTheirOpeningSentence) {
  const ImportResult result = SplitDocument(Sichuan(), Seed());
  const struct {
    const char* key;
    const char* opening;
  } cases[] = {
      {"p1-duties",
       "（一）主要职能\n\n1.负责区政府会议的准备和组织工作，协助区政府领导同志落实会议决定事项。"},
      {"p1-organization", "乐山市金口河区人民政府办公室是一个独立核算的行政单位"},
      {"p2-01-overview", "2024 年度收入、支出总计均为 1089.82 万元。"},
      {"p2-02-income", "2024 年度本年收入合计 1080.05 万元，其中："},
      {"p2-05-general-budget",
       "（一）一般公共预算财政拨款支出决算总体情况\n\n2024 年度一般公共预算财政拨款支出 1080.02 "
       "万元"},
      // The seed's own error travels with it: 九's body is about 政府性基金.
      {"p2-09-capital-budget", "2024 年度政府性基金预算财政拨款支出 0 万元"},
      {"p2-10-other",
       "（一）机关运行经费支出情况\n\n2024年度，乐山市金口河区人民政府办公室机关运行经费支出 "
       "92.08万元"},
      {"p3-glossary", "1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。"},
      {"p4-attachments", "部门预算项目支出绩效自评表（2024 年度）"},
  };
  for (const auto& c : cases) {
    const ImportedSection* section = SectionOf(result, c.key);
    ASSERT_NE(section, nullptr) << c.key;
    EXPECT_THAT(section->content, StartsWith(c.opening)) << c.key;
  }
  const ImportedSection* table = SectionOf(result, "p5-t13");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->heading, "十三、财政拨款“三公”经费支出决算表");
  EXPECT_EQ(table->first_line, 757);
}

TEST(SplitDocument, ReportsWhatFitsNoSectionAndDropsNothing) {
  const std::string seed = Seed();
  const ImportResult result = SplitDocument(Sichuan(), seed);
  ASSERT_EQ(result.unmatched.size(), 1u);
  EXPECT_EQ(result.unmatched[0].text, "见上传附表");
  EXPECT_EQ(result.unmatched[0].start_line, 731);
  EXPECT_FALSE(result.unmatched[0].reason.empty());
  // Every line of the seed — but blank and page-number lines and the part
  // headings, which the template's structure carries — is in a heading, a
  // section's content or an unmatched fragment. A figure placeholder lives
  // on as its chart block's title (图1 …), its type marker as the block's type.
  std::string kept;
  for (const ImportedSection& section : result.sections) {
    kept += section.heading + absl::StrReplaceAll(section.content, {{"\n", ""}});
  }
  for (const UnmatchedText& stray : result.unmatched) {
    kept += stray.text;
  }
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(seed, '\n')) {
    ++number;
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || absl::StartsWith(line, "第") ||
        std::all_of(line.begin(), line.end(), [](char c) { return absl::ascii_isdigit(c); })) {
      continue;
    }
    std::string text = absl::StrReplaceAll(line, {{"（柱状图）", ""}, {"（饼状图）", ""}});
    std::vector<std::string> pieces = {text};
    if (const size_t figure = text.find("（图 "); figure != std::string::npos) {
      // "（图 6：一般公共预算财" → "图6 一般公共预算财" in the block's title.
      const size_t colon = text.find("：", figure);
      ASSERT_NE(colon, std::string::npos) << line;
      const std::string digits = text.substr(figure + 7, colon - figure - 7);
      pieces = {text.substr(0, figure), "图" + digits + " " + text.substr(colon + 3)};
    }
    for (std::string piece : pieces) {
      if (absl::EndsWith(piece, "）") && absl::StrContains(line, "图")) {
        piece.resize(piece.size() - 3);
      }
      if (piece.empty()) continue;
      EXPECT_NE(kept.find(piece), std::string::npos) << "line " << number << ": " << line;
    }
  }
}

TEST(SplitDocument, ReportsUnknownAndRepeatedHeadingsAndMissingSections) {
  const ImportResult result = SplitDocument(Sichuan(),
                                            "一、收入支出决算总体情况说明\n总计 1 万元。\n"
                                            "十一、本单位特色工作\n开展了特色工作。\n"
                                            "一、收入支出决算总体情况说明\n重复的内容。\n");
  ASSERT_EQ(result.sections.size(), 1u);
  EXPECT_EQ(result.sections[0].key, "p2-01-overview");
  EXPECT_EQ(result.sections[0].content, "总计 1 万元。\n");
  ASSERT_EQ(result.unmatched.size(), 2u);
  EXPECT_EQ(result.unmatched[0].text, "十一、本单位特色工作\n开展了特色工作。");
  EXPECT_EQ(result.unmatched[0].start_line, 3);
  EXPECT_EQ(result.unmatched[0].end_line, 4);
  EXPECT_THAT(result.unmatched[1].reason, ::testing::HasSubstr("重复"));
  EXPECT_THAT(result.missing_required, ::testing::Contains("p1-duties"));
  EXPECT_THAT(result.missing_required, ::testing::Not(::testing::Contains("p2-01-overview")));
  EXPECT_THAT(result.missing_required, ::testing::Not(::testing::Contains("p5-t01")))
      << "tables are attached, not required";
}

TEST(SplitDocument, ReflowsHardLineBreaksIntoParagraphs) {
  const ImportResult result = SplitDocument(
      Sichuan(), "二、机构设置\n本单位是一个独立核算的行\n\n政单位。\n 5\n单位较上年减少 1 个。\n");
  ASSERT_EQ(result.sections.size(), 1u);
  EXPECT_EQ(result.sections[0].content,
            "本单位是一个独立核算的行政单位。\n\n单位较上年减少 1 个。\n");
  EXPECT_EQ(result.sections[0].first_line, 1);
  EXPECT_EQ(result.sections[0].last_line, 6);
}

TEST(SplitDocument, TurnsTheSeedsFigurePlaceholdersIntoChartBlocks) {
  const ImportResult result = SplitDocument(Sichuan(), Seed());
  int charts = 0;
  for (const ImportedSection& section : result.sections) {
    for (size_t at = section.content.find("```chart"); at != std::string::npos;
         at = section.content.find("```chart", at + 1)) {
      ++charts;
    }
  }
  EXPECT_EQ(charts, 7) << "图1 to 图7 all state their numbers";
  const ImportedSection* income = SectionOf(result, "p2-02-income");
  ASSERT_NE(income, nullptr);
  EXPECT_NE(income->content.find("type: pie\ntitle: 图2 收入决算结构图\nunit: 万元\n"
                                 "- 一般公共预算财政拨款收入: 1079.94\n- 其他收入: 0.11\n"),
            std::string::npos)
      << income->content;
  const ImportedSection* three_public = SectionOf(result, "p2-07-three-public");
  ASSERT_NE(three_public, nullptr);
  EXPECT_NE(three_public->content.find("- 因公出国（境）费支出决算: 0\n"
                                       "- 公务用车购置及运行维护费支出决算: 15.13\n"
                                       "- 公务接待费支出决算: 30\n"),
            std::string::npos)
      << three_public->content;
}

}  // namespace
}  // namespace reportflow::drafting
