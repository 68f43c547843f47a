// The sample report (samples/, a real published 2024 final-accounts
// disclosure) through the whole engine: every error it contains is found,
// pinned by rule and line, and nothing it states correctly raises an error.
#include <algorithm>
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

std::string ReadText(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Seed() { return ReadText(RF_SEED_REPORT); }

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

// The sample with each of its known errors corrected (the fix a reviewer
// would ask for), as a drafter would resubmit it.
std::string Corrected() {
  std::string text = Seed();
  const std::vector<std::pair<std::string, std::string>> fixes = {
      {"截止 11 月底", "截至 11 月底"},
      {"各减少 106.9 万元，下降 9.01%", "各减少 106.9 万元，下降 8.93%"},
      {"1080.02，完成预算 100%。其中：", "1080.02，完成预算 98.91%。其中："},
      // ⑶ repeated ⑵'s item: its 23.88 made the class's items 23.89 too many.
      {"⑶社会保障和就业支出（类）行政事业单位养老支出\n\n（款）机关事业单位职业年金缴费支出（项）："
       "支出决算为\n\n23.88 万元，完成预算 100%，决算数等于预算数。\n\n",
       ""},
      {"决算数\n\n等预算数", "决算数\n\n等于预算数"},
      {"开支内容包括：无 （团组名称、出访地点、取得成效\n\n等）", "开支内容包括：无。"},
      {"公务车 1\n\n量", "公务车 1\n\n辆"},
      {"上级部门检查督查等（接\n\n待具体项目、金额）。", "上级部门检查督查等。"},
      {"主要用于无（具体项目）。", "无此项支出。"},
      {"九、国有资本经营预算支出决算情况说明\n\n2024 年度政府性基金预算财政拨款支出",
       "九、国有资本经营预算支出决算情况说明\n\n2024 年度国有资本经营预算财政拨款支出"},
      {"主要用于\n\n（具体工作）。", "无此项支出。"},
      {"主要是捐赠收入（收入类型）等。", "主要是捐赠收入等。"},
      {"9.社会保障和就业（类）行政事业离退休（款）机关事\n\n业单位基本养老保险缴费支出（项）",
       "9.社会保障和就业（类）行政事业离退休（款）机关事\n\n业单位职业年金缴费支出（项）"},
      {"（解释本单位决算报表中涉及的全部功能分类科目至\n\n项级，不涉及的科目请自行删除。请参照《202"
       "3 "
       "年政府收支\n\n分类科目》增减内容。）\n\n",
       ""},
  };
  for (const auto& [from, to] : fixes) {
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    while (at != std::string::npos) {
      text.replace(at, from.size(), to);
      at = text.find(from, at + to.size());
    }
  }
  return text;
}

std::vector<Finding> Errors(const std::string& text, const ProofreadOptions& options = {}) {
  std::vector<Finding> errors;
  for (Finding& finding : Proofread(text, options)) {
    if (finding.severity == Severity::kError) errors.push_back(std::move(finding));
  }
  return errors;
}

TEST(SeedReport, TheCorrectedVersionHasNoError) {
  ProofreadOptions options;
  options.tables.push_back({"十三、财政拨款“三公”经费支出决算表", SampleTable()});
  for (const Finding& finding : Errors(Corrected(), options)) {
    ADD_FAILURE() << finding.rule << "@" << finding.line << " " << finding.excerpt << " — "
                  << finding.message;
  }
}

// samples/…corrected.txt (the text bench/loadgen reviews end to end, so
// that 终审 needs no override) is exactly Corrected().
TEST(SeedReport, TheCorrectedSampleFileIsTheCorrectedVersion) {
  EXPECT_EQ(ReadText(RF_CORRECTED_REPORT), Corrected());
}

// One error injected into the corrected sample per rule family: each is found.
TEST(SeedReport, AnInjectedErrorOfEveryFamilyIsFound) {
  const std::string corrected = Corrected();
  struct Mutant {
    std::string rule, from, to;
  };
  const std::vector<Mutant> mutants = {
      {"figures.change", "各减少 106.9 万元，下降 8.93%", "各减少 106.9 万元，下降 9.83%"},
      {"figures.change", "各减少 106.9 万元，下降 8.93%", "各减少 106.9 万元（9.81%）"},
      {"figures.share", "占 33.53%", "占 35.33%"},
      {"figures.sum", "64.41 万元", "46.41 万元"},
      {"figures.completion", "1080.02，完成预算 98.91%", "1080.02，完成预算 89.91%"},
      {"figures.consistency", "2024年度一般公共预算财政拨款支出 1080.02 万元，主",
       "2024年度一般公共预算财政拨款支出 1080.20 万元，主"},
      {"figures.table", "公务接待费支出决算\n\n30 万元", "公务接待费支出决算\n\n31 万元"},
      {"leftover.placeholder", "开支内容包括：无。", "开支内容包括：XX。"},
      {"leftover.hint", "开支内容包括：无。", "开支内容包括：（具体工作）。"},
      {"leftover.blank", "占 33.53%", "占 %"},
      {"wording.jiezhi", "截至 11 月底", "截止 11 月底"},
      {"wording.dengyu", "决算数\n\n等于预算数", "决算数\n\n等预算数"},
      {"structure.heading_body", "2024 年度国有资本经营预算财政拨款支出",
       "2024 年度政府性基金预算财政拨款支出"},
      {"structure.duplicate_item", "业单位职业年金缴费支出（项）：反映",
       "业单位基本养老保险缴费支出（项）：反映"},
      {"completeness.missing_section", "十、其他重要事项的情况说明", "十、其他"},
  };
  ProofreadOptions options;
  options.tables.push_back({"十三、财政拨款“三公”经费支出决算表", SampleTable()});
  for (const Mutant& mutant : mutants) {
    std::string text = corrected;
    const size_t at = text.find(mutant.from);
    ASSERT_NE(at, std::string::npos) << mutant.from;
    text.replace(at, mutant.from.size(), mutant.to);
    const std::vector<Finding> errors = Errors(text, options);
    EXPECT_TRUE(std::any_of(errors.begin(), errors.end(),
                            [&](const Finding& f) { return f.rule == mutant.rule; }))
        << mutant.rule << " not found after " << mutant.to;
  }
}

}  // namespace
}  // namespace reportflow::proofread
