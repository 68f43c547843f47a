// The sample report (samples/, a real published 2024 final-accounts
// disclosure) through the whole engine: every error it contains is found,
// pinned by rule and line, and nothing it states correctly raises an error.
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "proofread/proofreader.h"

namespace reportflow::proofread {
namespace {

using ::testing::HasSubstr;

std::string Seed() {
  std::ifstream in(RF_SEED_REPORT);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::vector<Finding>& SeedFindings() {
  static const std::vector<Finding>* const kFindings = new std::vector<Finding>(Proofread(Seed()));
  return *kFindings;
}

const Finding* Find(const std::string& rule, int line) {
  for (const Finding& finding : SeedFindings()) {
    if (finding.rule == rule && finding.line == line) {
      return &finding;
    }
  }
  return nullptr;
}

TEST(SeedReport, IsReadAsThe2024Report) {
  ASSERT_FALSE(Seed().empty()) << "cannot read " << RF_SEED_REPORT;
  EXPECT_EQ(InferReportYear(Seed()), 2024);
}

// Every error of the seed, found by reading it as a finance reviewer would.
TEST(SeedReport, EveryErrorIsFoundAndNothingElseIsAnError) {
  const std::set<std::pair<std::string, int>> expected = {
      {"wording.jiezhi", 166},            // 截止 11 月底 → 截至
      {"figures.change", 246},            // 减少 106.9 万元，下降 9.01% (is 8.93%)
      {"figures.completion", 313},        // total 完成预算 100% (parts give ≈98.9%)
      {"figures.sum", 340},               // 社会保障和就业 157.90 ≠ 181.79
      {"structure.duplicate_item", 356},  // ⑶ repeats ⑵ 职业年金缴费支出
      {"wording.dengyu", 374},            // 决算数等预算数
      {"wording.dengyu", 380},
      {"leftover.hint", 471},            // （团组名称、出访地点、取得成效等）
      {"wording.vehicle_measure", 479},  // 公务车 1 量
      {"leftover.hint", 508},            // （接待具体项目、金额）
      {"leftover.hint", 512},            // （具体项目）
      {"structure.heading_body", 524},  // 九、国有资本经营预算 talks about 政府性基金预算
      {"leftover.hint", 545},           // （具体工作）
      {"leftover.hint", 584},           // （收入类型）
      {"structure.duplicate_item", 621},  // 名词解释 9 repeats 8
      {"leftover.hint", 684},             // （…请自行删除…）
  };
  std::set<std::pair<std::string, int>> errors;
  for (const Finding& finding : SeedFindings()) {
    if (finding.severity == Severity::kError) {
      errors.emplace(finding.rule, finding.line);
    }
  }
  EXPECT_EQ(errors, expected);
}

TEST(SeedReport, FindingsSayWhichNumbersAndWhatWasComputed) {
  const Finding* change = Find("figures.change", 246);
  ASSERT_NE(change, nullptr);
  EXPECT_THAT(change->message, HasSubstr("1196.72"));
  EXPECT_THAT(change->message, HasSubstr("9.01%"));
  EXPECT_THAT(change->suggestion, HasSubstr("8.93%"));
  EXPECT_EQ(change->section, "一、收入支出决算总体情况说明");

  const Finding* sum = Find("figures.sum", 340);
  ASSERT_NE(sum, nullptr);
  EXPECT_THAT(sum->message, HasSubstr("157.90"));
  EXPECT_THAT(sum->message, HasSubstr("181.79"));

  const Finding* completion = Find("figures.completion", 313);
  ASSERT_NE(completion, nullptr);
  EXPECT_THAT(completion->message, HasSubstr("98.9"));

  const Finding* heading = Find("structure.heading_body", 524);
  ASSERT_NE(heading, nullptr);
  EXPECT_THAT(heading->message, HasSubstr("国有资本经营预算"));
  EXPECT_THAT(heading->message, HasSubstr("政府性基金预算"));
}

TEST(SeedReport, WarningsAreTheSeedsRealStyleIssues) {
  std::map<std::string, int> warnings;
  for (const Finding& finding : SeedFindings()) {
    if (finding.severity == Severity::kWarning) {
      ++warnings[finding.rule];
    }
  }
  const std::map<std::string, int> expected = {
      {"completeness.zero_unexplained", 2},  // 八 and 九: 0 万元 without 本单位无…
      {"leftover.year", 1},                  // 《2023 年政府收支分类科目》
      {"number.missing_unit", 1},            // 决算数为 1080.02，
      {"punct.bracket_mismatch", 1},         // (日常专项经费…专项费）
      {"punct.half_width", 12},              // ASCII , : ( ) in Chinese text
      {"punct.numbering", 2},                // 1、 2、
      {"wording.zhang", 1},                  // 帐实相符
  };
  EXPECT_EQ(warnings, expected);
}

TEST(SeedReport, FindingsPointIntoTheOriginalText) {
  const std::string seed = Seed();
  std::vector<std::string> lines;
  std::stringstream stream(seed);
  for (std::string line; std::getline(stream, line);) {
    lines.push_back(line);
  }
  for (const Finding& finding : SeedFindings()) {
    ASSERT_GE(finding.line, 1);
    ASSERT_LE(finding.line, static_cast<int>(lines.size()));
    // The excerpt's first characters are on the reported line.
    const std::string head = finding.excerpt.substr(0, 3);
    EXPECT_NE(lines[finding.line - 1].find(head), std::string::npos)
        << finding.rule << " at " << finding.line << ": " << finding.excerpt;
  }
}

// Text against tables: the sample's 三公 text agrees with its table; one
// wrong figure in the text, or one in the table, is named with both places.
std::string SampleTable() {
  std::ifstream in(RF_SEED_TABLE);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<Finding> TableFindings(const std::string& text, const std::string& table) {
  ProofreadOptions options;
  options.tables.push_back({"十三、财政拨款“三公”经费支出决算表", table});
  std::vector<Finding> found;
  for (Finding& finding : Proofread(text, options)) {
    if (finding.rule == "figures.table") found.push_back(std::move(finding));
  }
  return found;
}

TEST(SeedReport, TheTextAgreesWithItsThreePublicTable) {
  ASSERT_FALSE(SampleTable().empty());
  for (const Finding& finding : TableFindings(Seed(), SampleTable())) {
    ADD_FAILURE() << finding.line << ": " << finding.excerpt << " — " << finding.message;
  }
}

TEST(SeedReport, AWrongFigureInTheTextOrInTheTableIsNamedWithBothPlaces) {
  std::string text = Seed();
  const size_t at = text.find("公务接待费支出决算\n\n30 万元");
  ASSERT_NE(at, std::string::npos);
  text.replace(text.find("30 万元", at), 2, "31");
  std::vector<Finding> found = TableFindings(text, SampleTable());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kError);
  EXPECT_EQ(found[0].message,
            "正文中“公务接待费”为 31万元，而附表“十三、财政拨款“三公”经费支出决算表”中该行的"
            "“决算数（万元）”为 30万元。");

  std::string table = SampleTable();
  const std::string row = "公务用车运行维护费,15.13,15.13";
  table.replace(table.find(row), row.size(), "公务用车运行维护费,15.13,15.31");
  found = TableFindings(Seed(), table);
  ASSERT_FALSE(found.empty());
  for (const Finding& finding : found) {
    EXPECT_NE(finding.message.find("公务用车运行维护费"), std::string::npos) << finding.message;
    EXPECT_NE(finding.message.find("15.31"), std::string::npos) << finding.message;
  }
}

}  // namespace
}  // namespace reportflow::proofread
