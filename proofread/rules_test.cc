// Per-rule tests: text each rule must flag and text it must accept, in 万元
// and in 元, with rounded and truncated figures and other provinces' phrasing.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "proofread/proofreader.h"

namespace reportflow::proofread {
namespace {

using ::testing::HasSubstr;

std::vector<Finding> Check(const std::string& text) {
  ProofreadOptions options;
  options.template_name = "";  // completeness has its own tests
  options.report_year = 2024;
  return Proofread(text, options);
}

std::vector<Finding> Of(const std::vector<Finding>& findings, const std::string& rule) {
  std::vector<Finding> matching;
  for (const Finding& finding : findings) {
    if (finding.rule == rule) {
      matching.push_back(finding);
    }
  }
  return matching;
}

std::string Describe(const std::vector<Finding>& findings) {
  std::string text;
  for (const Finding& finding : findings) {
    absl::StrAppend(&text, finding.rule, "@", finding.line, ":", finding.column, " ",
                    finding.message, "\n");
  }
  return text;
}

// The text yields exactly `count` findings of `rule`, of `severity`.
void ExpectFlags(const std::string& text, const std::string& rule, size_t count = 1,
                 Severity severity = Severity::kError) {
  const std::vector<Finding> findings = Check(text);
  const std::vector<Finding> matching = Of(findings, rule);
  ASSERT_EQ(matching.size(), count) << text << "\n" << Describe(findings);
  for (const Finding& finding : matching) {
    EXPECT_EQ(finding.severity, severity) << finding.message;
    EXPECT_FALSE(finding.message.empty());
    EXPECT_GT(finding.line, 0);
    EXPECT_GT(finding.column, 0);
  }
}

void ExpectAccepts(const std::string& text, const std::string& rule) {
  const std::vector<Finding> findings = Check(text);
  EXPECT_TRUE(Of(findings, rule).empty()) << text << "\n" << Describe(findings);
}

// --- figures.sum --------------------------------------------------------

TEST(FiguresSum, FlagsAListThatDoesNotAddUp) {
  ExpectFlags("本年支出合计 100.00 万元，其中：基本支出 60.00 万元；项目支出 30.00 万元。",
              "figures.sum");
  const std::vector<Finding> findings =
      Of(Check("本年支出合计 100.00 万元，其中：基本支出 60.00 万元；项目支出 30.00 万元。"),
         "figures.sum");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].message, HasSubstr("90.00"));
  EXPECT_THAT(findings[0].message, HasSubstr("60.00+30.00"));
}

TEST(Document, SkipsFencedBlocksButReadsTheProseAroundThem) {
  const std::string wrong =
      "本年支出合计 100.00 万元，其中：基本支出 60.00 万元；项目支出 30.00 万元。";
  EXPECT_TRUE(Check("```chart\n" + wrong + "\n```\n").empty())
      << Describe(Check("```chart\n" + wrong + "\n```\n"));
  const std::vector<Finding> after = Of(Check("```chart\ntype: bar\n```\n" + wrong), "figures.sum");
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].line, 4) << "lines keep counting through the block";
}

TEST(FiguresSum, FlagsCountsThatDoNotAddUp) {
  ExpectFlags("共有公务用车 13 辆，其中：轿车 5 辆、越野车 6 辆、载客汽车 1 辆。", "figures.sum");
}

TEST(FiguresSum, AcceptsCorrectListsInWanYuanAndYuan) {
  ExpectAccepts(
      "本年收入合计 1080.05 万元，其中：一般公共预算财政拨款收入 1079.94 万元，"
      "占 99.98%；其他收入 0.11 万元，占 0.01%。",
      "figures.sum");
  ExpectAccepts("本年收入合计 1,234,567 元，其中：财政拨款收入 1,234,000 元，其他收入 567 元。",
                "figures.sum");
  // Items rounded at the last digit: 3.33 × 3 is 9.99, written 10.00.
  ExpectAccepts("合计 10.00 万元，其中：甲 3.33 万元、乙 3.33 万元、丙 3.33 万元。", "figures.sum");
  // A single 其中 item is a part, not a breakdown.
  ExpectAccepts("支出 15.13 万元，其中：公务用车购置支出 0 万元。", "figures.sum");
  // Change amounts inside the list are not items.
  ExpectAccepts("合计 50 万元，其中：甲 30 万元，比上年减少 2 万元；乙 20 万元。", "figures.sum");
}

TEST(FiguresSum, ChecksClassItemsAgainstTheirParent) {
  const std::string text =
      "（三）具体情况\n"
      "1.社会保障和就业（类）：支出决算为 100.00 万元，完成预算 100%。\n"
      "（1）社会保障和就业（类）行政事业单位养老支出（款）基本养老保险缴费支出（项）：支出决算为 "
      "60.00 万元，完成预算 100%。\n"
      "（2）社会保障和就业（类）抚恤（款）死亡抚恤（项）：支出决算为 ";
  ExpectFlags(text + "30.00 万元，完成预算 100%。\n", "figures.sum");
  ExpectAccepts(text + "40.00 万元，完成预算 100%。\n", "figures.sum");
}

// --- figures.share ------------------------------------------------------

TEST(FiguresShare, FlagsAShareOfTheListTotal) {
  ExpectFlags(
      "本年支出合计 200.00 万元，其中：基本支出 150.00 万元，占 70.00%；项目支出 "
      "50.00 万元，占 25.00%。",
      "figures.share");
}

TEST(FiguresShare, AcceptsRoundedAndTruncatedLastDigitOnly) {
  const std::string head = "本年收入合计 1080.05 万元，其中：财政拨款收入 1079.94 万元，占 ";
  const std::string tail = "；其他收入 0.11 万元，占 0.01%。";
  ExpectAccepts(head + "99.99%" + tail, "figures.share");  // 99.9898 rounded
  ExpectAccepts(head + "99.98%" + tail, "figures.share");  // truncated
  ExpectFlags(head + "99.97%" + tail, "figures.share");    // off by more than the last digit
}

TEST(FiguresShare, APartNudgedToMakeAHundredIsAWarning) {
  // 165247.88 ÷ 881300.39 = 18.7505%: 18.76% makes 81.25% + 18.76% ≈ 100%.
  ExpectFlags(
      "工资福利支出716052.51元，占基本支出预算81.25%。\n商品和服务支出165247.88元，"
      "占基本支出预算18.76%。",
      "figures.share", 1, Severity::kWarning);
  // 28.75% is not a nudge: an error, the base inferred from the largest part.
  ExpectFlags(
      "工资福利支出716052.51元，占基本支出预算81.25%。\n商品和服务支出165247.88元，"
      "占基本支出预算28.75%。",
      "figures.share");
}

TEST(FiguresShare, UsesAnExplicitlyNamedBase) {
  const std::string head =
      "本年支出合计 1088.08 万元。一般公共预算财政拨款支出 1080.02 万元，占本年支出合计的 ";
  ExpectAccepts(head + "99.26%。", "figures.share");
  ExpectFlags(head + "99.00%。", "figures.share");
}

TEST(FiguresShare, ImpliesTheBaseFromPartsThatMakeAHundred) {
  ExpectAccepts(
      "因公出国（境）费支出 0 万元，占 0%；公务用车购置及运行维护费支出 15.13 万元，占 "
      "33.53%；公务接待费支出 30 万元，占 66.47%。",
      "figures.share");
  ExpectFlags(
      "因公出国（境）费支出 0 万元，占 0%；公务用车购置及运行维护费支出 15.13 万元，占 "
      "35.53%；公务接待费支出 30 万元，占 64.47%。",
      "figures.share", 2);
}

TEST(FiguresShare, AcceptsATinyShareWrittenAsOneUnit) {
  ExpectAccepts(
      "支出 1080.02 万元，主要用于以下方面：一般公共服务支出 1080.01 万元，占 "
      "99.99%；农林水支出 0.01 万元，占 0.01%。",
      "figures.share");
}

// --- figures.change -----------------------------------------------------

TEST(FiguresChange, FlagsARateThatDoesNotFollowFromTheAmounts) {
  ExpectFlags(
      "2024 年度收入、支出总计均为 1089.82 万元。与 2023 年度相比，收入、支出总计各减少 "
      "106.9 万元，下降 9.01%。",
      "figures.change");
  const std::vector<Finding> findings = Of(
      Check("总计 1089.82 万元。与 2023 年度相比减少 106.9 万元，下降 9.01%。"), "figures.change");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].message, HasSubstr("1196.72"));
  EXPECT_THAT(findings[0].suggestion, HasSubstr("8.93%"));
}

TEST(FiguresChange, AcceptsOtherPhrasingsUnitsAndTruncation) {
  // 同比 (other provinces), an increase.
  ExpectAccepts("2024 年收入 1196.72 万元，同比增加 106.90 万元，增长 9.81%。", "figures.change");
  ExpectAccepts("“三公”经费支出决算为 45.13 万元，较上年度减少 4.65 万元，下降 9.34%。",
                "figures.change");
  // 8.2499…% written truncated.
  ExpectAccepts("总计均为 1081.45 万元。与 2023年度相比各减少 97.24 万元，下降 8.24%。",
                "figures.change");
  // In 元 with thousands separators.
  ExpectAccepts("本年支出 1,100,000 元，比上年增加 100,000 元，增长 10%。", "figures.change");
}

TEST(FiguresChange, ReadsOtherProvincesPhrasings) {
  // The rate in brackets with no verb; the verb on the amount; a base named
  // in the sentence (较2024年的 2190 万元, 较年初预算数 11.20 万元); 万 without 元.
  ExpectAccepts("本年支出27.28万元，较上年减少12.40万元（31.25%）。", "figures.change");
  ExpectAccepts("公用经费212.33万元，比上年下降21万元，下降9%。", "figures.change");
  ExpectAccepts("预算1969万元，较2024年的2190万元减少221万元，下降10.1%。", "figures.change");
  ExpectAccepts("决算7.00万元，较年初预算数11.20万元减少4.2万元，下降37.5%。", "figures.change");
  ExpectAccepts("项目支出120.5万，较上年增加20.5万，增长20.5%。", "figures.change");
  // The base of a share in the clause is not the amount that changed.
  ExpectAccepts(
      "支出1264.92万元，占本年支出合计4021.94万元的31.45%，与上年相比增加27.44万元，"
      "增长2.22%。",
      "figures.change");
  // A clause after ； speaks of its own item and borrows no amount.
  ExpectAccepts(
      "合计3328万元，其中出国费50万元、接待费478万元、运行费2800万元，同口径减少830万元，"
      "下降20%。分项看：购置费同口径减少334万元，下降90%；运行费同口径减少449万元，下降14%。",
      "figures.change");
}

TEST(FiguresChange, SaysWhenTheRateWasComputedOnThisYearsAmount) {
  const std::vector<Finding> findings =
      Of(Check("本年支出27.28万元，较上年减少12.40万元（45.45%）。"), "figures.change");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].message, HasSubstr("以本年数 27.28万元 为基数"));
  EXPECT_THAT(findings[0].suggestion, HasSubstr("31.25%"));
  // A base and this year's amount that differ by another amount than stated.
  EXPECT_THAT(
      Of(Check("本年11.80万元，较上年的12.39万元减少0.50万元，减少4.04%。"), "figures.change"),
      ::testing::SizeIs(1));
  // 0.58 for 12.39 − 11.80 is within rounding (the 万元 figures are rounded).
  ExpectAccepts("本年11.80万元，较上年的12.39万元减少0.58万元，减少4.68%。", "figures.change");
}

TEST(FiguresCompletion, ChecksTheRateAgainstTheAmountsOfItsSentence) {
  ExpectAccepts("支出45.83万元，完成全年预算56.30万元的81.4%。", "figures.completion");
  ExpectFlags("完成收入202.96亿元，完成调整预算数200.12亿元的110.42%。", "figures.completion");
  ExpectFlags("支出决算1200.50万元，年初预算1350.00万元，预算执行比例为92.15%。",
              "figures.completion");
  ExpectFlags("年初预算为120.00万元，支出决算为45.60万元，完成预算的62%。", "figures.completion");
  ExpectAccepts("年初预算为120.00万元，支出决算为45.60万元，完成预算的38%。", "figures.completion");
  // 完成 100% yet 决算数大于预算数: the budget is 决算 − the difference.
  const std::vector<Finding> over = Of(
      Check("一般公共预算财政拨款支出1741.75万元；完成年初预算的100%，决算数大于预算数55.93万元。"),
      "figures.completion");
  ASSERT_EQ(over.size(), 1u);
  EXPECT_THAT(over[0].message, HasSubstr("1685.82"));
}

TEST(FiguresChange, ChecksEachOfAPairedChange) {
  const std::string amounts =
      "收、支总计分别为4125.49万元、4143.91万元。与上年相比，收、支总计各减少"
      "1267.86万元、2570.97万元，";
  ExpectAccepts(amounts + "各下降23.51%、38.28%。", "figures.change");  // 38.287 truncated
  ExpectFlags(amounts + "各下降23.51%、28.38%。", "figures.change");
}

TEST(FiguresChange, ReadsARateWithAThousandsSeparator) {
  ExpectAccepts("资本性支出23,500元，同比增加21,540元，增长1,098.98%。", "figures.change");
  ExpectFlags("资本性支出23,500元，同比增加21,540元，增长1,198.98%。", "figures.change");
}

TEST(FiguresSum, LeavesAListOfMixedUnitsAlone) {
  // 5.00 万元 is 50,000 元; its rounding is another unit's: not summed.
  ExpectAccepts(
      "公用经费支出150,000.00元，其中：办公费5.00万元，印刷费30,000.00元，差旅费"
      "70,000.00元。",
      "figures.sum");
}

TEST(FiguresSum, ReadsThroughSpacesInsideWords) {
  // PDF text: 同 比 增 加 is 同比增加, so its amount is a change, not an item.
  ExpectAccepts(
      "运行 经 费 总预 算 37337407.64 元 ，其中：基 本 支出 488180.64 元 ，项 目 支出 "
      "36849227 元 ，同 比 增 加 27125219.46 元，增长 265.6%。",
      "figures.sum");
}

TEST(FiguresSum, NeverAddsAParentToItsBracketedItems) {
  ExpectAccepts(
      "支出20.00万元，其中：接待费5.00万元，公务用车购置及运行维护费15.00万元（其中：购置费"
      "9.00万元，运行维护费6.00万元）。",
      "figures.sum");
}

TEST(Wording, WarnsOfDoubledWordsReasonsAgainstTheDirectionAndMeetingsIn3Public) {
  ExpectFlags("主要是主要是压减了会议经费费。", "wording.doubled", 2, Severity::kWarning);
  ExpectAccepts("常常、年年、个个都是词。", "wording.doubled");
  ExpectFlags("支出决算为67.64万元，决算数小于预算数的主要原因是年初预算估算不足。",
              "wording.reason_direction", 1, Severity::kWarning);
  ExpectAccepts("决算数大于预算数的原因是使用结转结余。", "wording.reason_direction");
  ExpectFlags(
      "“三公”经费支出合计18.50万元，其中：公务接待费6.20万元，公务用车运行维护费7.80万元，"
      "会议费2.50万元，培训费2.00万元。",
      "figures.definition", 1, Severity::kWarning);
  ExpectAccepts(
      "“三公”经费及会议费、培训费支出合计18.50万元，其中：公务接待费6.20万元，公务用车运行"
      "维护费7.80万元，会议费2.50万元，培训费2.00万元。",
      "figures.definition");
}

TEST(Leftovers, FlagsTheTemplatesBlanks) {
  ExpectFlags("因公出国（境）费0万元，占 %，比上年减少 万元。", "leftover.blank", 2);
  ExpectFlags("接待共计 ,0 个批次。", "leftover.blank");
  ExpectFlags("比上年增加（减少）2.40万元。", "leftover.blank");
  ExpectAccepts("金额单位：万元。支出 12.00 万元，占 10%。", "leftover.blank");
}

TEST(FiguresChange, FlagsContradictoryDirections) {
  ExpectFlags("本年支出 90 万元，比上年减少 10 万元，增长 10%。", "figures.change");
}

// --- figures.completion -------------------------------------------------

std::string CompletionText(const std::string& parent_rate) {
  return "（三）具体情况\n"
         "2024 年度一般公共预算财政拨款支出决算数为 200.00 万元，完成预算 " +
         parent_rate +
         "。其中：\n"
         "1.一般公共服务（类）：支出决算为 100.00 万元，完成预算 80%。\n"
         "2.住房保障支出（类）：支出决算为 100.00 万元，完成预算 100%。\n";
}

TEST(FiguresCompletion, FlagsAParentRateTheItemsContradict) {
  ExpectFlags(CompletionText("100%"), "figures.completion");
}

TEST(FiguresCompletion, AcceptsAConsistentParentRate) {
  // Budgets 125 + 100 = 225; 200 / 225 = 88.89%.
  ExpectAccepts(CompletionText("88.89%"), "figures.completion");
  ExpectAccepts(CompletionText("88.88%"), "figures.completion");
}

// --- figures.consistency ------------------------------------------------

TEST(FiguresConsistency, FlagsTheSameQuantityWithTwoValues) {
  ExpectFlags("本年支出合计 1088.08 万元。\n八、其他\n本年支出合计 1088.80 万元。",
              "figures.consistency");
  ExpectAccepts("本年支出合计 1088.08 万元。\n八、其他\n本年支出合计 1088.08 万元。",
                "figures.consistency");
  // 财政拨款基本支出 is another quantity than 基本支出.
  ExpectAccepts("基本支出 764.27 万元。一般公共预算财政拨款基本支出764.21万元。",
                "figures.consistency");
}

// --- leftovers ----------------------------------------------------------

TEST(Leftovers, FlagHintsAndPlaceholders) {
  ExpectFlags("主要用于（具体工作）。", "leftover.hint");
  ExpectFlags("（解释本单位涉及的科目，不涉及的科目请自行删除。）", "leftover.hint");
  ExpectAccepts("公务用车购置费（含车辆购置税）；一般公共服务（类）；（图 1：收入支出总计）。",
                "leftover.hint");
  ExpectFlags("XX 单位收到拨款 X 万元。", "leftover.placeholder", 2);
  ExpectAccepts("使用 Excel 表格汇总，共 12 个项目。", "leftover.placeholder");
}

TEST(Leftovers, FlagAStaleYear) {
  ExpectFlags("截至 2023 年 12 月 31 日，共有车辆 13 辆。", "leftover.year", 1, Severity::kWarning);
  ExpectAccepts("截至 2024 年 12 月 31 日，共有车辆 13 辆。", "leftover.year");
  ExpectFlags("请参照《2023 年政府收支分类科目》。", "leftover.year", 1, Severity::kWarning);
}

TEST(Leftovers, FlagTheUnitNameWrittenAnotherWay) {
  const std::string unit = "乐山市金口河区人民政府办公室";
  const std::string text =
      "2024年度，" + unit + "机关运行经费支出 92.08 万元。" + unit + "是一个独立核算的行政单位。";
  ExpectFlags(text + "金口河区政府办公室政府采购支出总额 0.9 万元。", "leftover.unit_name", 1,
              Severity::kWarning);
  // The short form without the city, and other organisations, are fine.
  ExpectAccepts(text + "配合金口河区人民政府办公室和金口河区国防动员委员会开展工作。",
                "leftover.unit_name");
  // Given explicitly (e.g. by the drafting service), one mention suffices.
  ProofreadOptions options;
  options.template_name = "";
  options.unit_name = unit;
  int flagged = 0;
  for (const Finding& finding : Proofread("区政府办：金口河区政府办公室负责。", options)) {
    flagged += finding.rule == "leftover.unit_name";
  }
  EXPECT_EQ(flagged, 1);
}

TEST(Leftovers, InfersTheReportYear) {
  EXPECT_EQ(InferReportYear("2024 年度收入。2024 年度支出。与 2023 年度相比。"), 2024);
  EXPECT_EQ(InferReportYear("没有年份"), 0);
}

// --- structure ----------------------------------------------------------

TEST(Structure, FlagsABodyAboutAnotherBudget) {
  ExpectFlags("九、国有资本经营预算支出决算情况说明\n2024 年度政府性基金预算财政拨款支出 0 万元。",
              "structure.heading_body");
  ExpectAccepts("八、政府性基金预算支出决算情况说明\n2024 年度政府性基金预算财政拨款支出 0 万元。",
                "structure.heading_body");
}

TEST(Structure, FlagsAnItemListedTwice) {
  const std::string first =
      "⑴社会保障和就业（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）：支出 1 "
      "万元。\n";
  ExpectFlags("2、社会保障和就业（类）：支出 2 万元。\n" + first + first,
              "structure.duplicate_item");
  ExpectAccepts("2、社会保障和就业（类）：支出 2 万元。\n" + first +
                    "⑵社会保障和就业（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支"
                    "出（项）：支出 1 万元。\n",
                "structure.duplicate_item");
}

TEST(Structure, FlagsSkippedHeadingLevelsAndNumberingGaps) {
  ExpectFlags("一、收入\n1.财政拨款收入：拨款。\n", "structure.heading_level", 1,
              Severity::kWarning);
  ExpectAccepts("一、收入\n（一）来源\n1.财政拨款收入：拨款。\n（1）明细\n",
                "structure.heading_level");
  ExpectAccepts("第三部分 名词解释\n1.财政拨款收入：拨款。\n", "structure.heading_level");
  ExpectFlags("一、甲\n二、乙\n四、丁\n", "structure.numbering", 1, Severity::kWarning);
  ExpectAccepts("一、甲\n二、乙\n三、丙\n（一）子\n（二）子\n十、癸\n", "structure.duplicate_item");
  ExpectAccepts("一、甲\n（一）子\n1.孙\n2.孙\n（二）子\n二、乙\n", "structure.numbering");
}

// --- number style and punctuation ----------------------------------------

TEST(NumberAndPunctuation, FlagBasics) {
  ExpectFlags("支出决算数为 1080.02，完成预算 100%。", "number.missing_unit", 1,
              Severity::kWarning);
  ExpectAccepts("支出决算数为 1080.02 万元，完成预算 100%。", "number.missing_unit");
  ExpectFlags("支出１２万元。", "number.full_width", 1, Severity::kWarning);
  ExpectFlags("规范管理,不断强化。", "punct.half_width", 1, Severity::kWarning);
  ExpectAccepts("规范管理，不断强化（2024 年版）。时间 10:30。", "punct.half_width");
  ExpectFlags("组织对(日常专项经费、因公临时出国（境）专项费）等项目。", "punct.bracket_mismatch",
              1, Severity::kWarning);
  ExpectAccepts("组织对（日常专项经费、因公临时出国（境）专项费）等项目。",
                "punct.bracket_mismatch");
  ExpectFlags("完成预算。。", "punct.repeated", 1, Severity::kWarning);
  ExpectFlags("（三）具体情况\n1、一般公共服务：支出 1 万元。\n", "punct.numbering", 1,
              Severity::kWarning);
  ExpectAccepts("（三）具体情况\n1.一般公共服务：支出 1 万元。\n", "punct.numbering");
}

// --- completeness ---------------------------------------------------------

std::vector<Finding> CheckWithTemplate(const std::string& text) {
  ProofreadOptions options;
  options.report_year = 2024;
  return Proofread(text, options);
}

TEST(Completeness, FlagsAnUnexplainedZero) {
  ExpectFlags(
      "八、政府性基金预算支出决算情况说明\n2024 年度政府性基金预算财政拨款支出 0 "
      "万元，占本年支出合计的 0%。",
      "completeness.zero_unexplained", 1, Severity::kWarning);
  ExpectAccepts(
      "八、政府性基金预算支出决算情况说明\n2024 年度政府性基金预算财政拨款支出 0 "
      "万元，本单位无政府性基金预算财政拨款支出。",
      "completeness.zero_unexplained");
}

TEST(Completeness, FlagsThreePublicWithoutItsParts) {
  const std::string complete =
      "七、财政拨款“三公”经费支出决算情况说明\n"
      "因公出国（境）费支出 0 万元，全年安排因公出国（境）团组 0 个。"
      "公务用车购置及运行维护费支出 15.13 万元，共有公务用车 13 辆。";
  ExpectFlags(complete, "completeness.three_public");  // no 公务接待费
  ExpectAccepts(complete + "公务接待费支出 30 万元，国内公务接待 170 批次，2900 人次。",
                "completeness.three_public");
}

TEST(Completeness, FlagsMissingAndEmptyTemplateSections) {
  const std::string text =
      "第一部分 单位概况\n一、主要职责\n负责会务。\n二、机构设置\n"
      "第二部分 2024 年度单位决算情况说明\n一、收入支出决算总体情况说明\n总计 1 万元。\n";
  const std::vector<Finding> findings = CheckWithTemplate(text);
  const std::vector<Finding> empty = Of(findings, "completeness.empty_section");
  ASSERT_EQ(empty.size(), 1u) << Describe(findings);
  EXPECT_THAT(empty[0].message, HasSubstr("机构设置"));
  const std::vector<Finding> missing = Of(findings, "completeness.missing_section");
  std::string all;
  for (const Finding& finding : missing) {
    all += finding.message;
  }
  EXPECT_THAT(all, HasSubstr("收入决算情况说明"));
  EXPECT_THAT(all, HasSubstr("名词解释"));
  EXPECT_THAT(all, HasSubstr("附表"));
  EXPECT_THAT(all, ::testing::Not(HasSubstr("“收入支出决算总体情况说明”")));
}

TEST(Proofread, SurvivesOddInput) {
  for (const std::string& text :
       {std::string(""), std::string("\n\n\n"), std::string("一、"), std::string("（一）\n1."),
        std::string("\xff\xfe 其中："), std::string("占 的 %"), std::string(2000, '9') + "万元"}) {
    EXPECT_NO_FATAL_FAILURE(Proofread(text));
  }
}

}  // namespace
}  // namespace reportflow::proofread
