// `reportctl proofread` as a user runs it: the real executable, its exit codes
// (0 clean, 1 errors found, 2 usage or I/O error) and the JSON shape DESIGN.md
// fixes: {"findings":[{"rule","severity","section","line","column","excerpt",
// "message","suggestion"}]}.
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/process.h"

namespace reportflow {
namespace {

using ::reportflow::testing::ChildProcess;
using ::reportflow::testing::ReadFileOrEmpty;
using ::reportflow::testing::TempDir;
using ::testing::HasSubstr;

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

CommandResult Reportctl(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), absl::StrCat(RF_BIN_DIR, "/reportctl"));
  static int counter = 0;
  const std::string log = absl::StrCat(dir.path(), "/out-", ++counter, ".txt");
  absl::StatusOr<std::unique_ptr<ChildProcess>> process = ChildProcess::Start(args, log);
  EXPECT_TRUE(process.ok());
  CommandResult run;
  absl::StatusOr<int> code = (*process)->Wait(absl::Seconds(30));
  EXPECT_TRUE(code.ok());
  run.exit_code = code.ok() ? *code : -1;
  run.output = ReadFileOrEmpty(log);
  return run;
}

TEST(ReportctlProofread, SeedHasErrorsAndPrintsTheDesignJsonShape) {
  TempDir dir;
  CommandResult run = Reportctl(dir, {"proofread", "--format=json", RF_SEED_REPORT});
  EXPECT_EQ(run.exit_code, 1);
  const nlohmann::json json = nlohmann::json::parse(run.output, nullptr, false);
  ASSERT_TRUE(json.is_object()) << run.output.substr(0, 300);
  ASSERT_TRUE(json["findings"].is_array());
  ASSERT_EQ(json["findings"].size(), 36u);
  for (const auto& finding : json["findings"]) {
    for (const char* key : {"rule", "severity", "section", "excerpt", "message", "suggestion"}) {
      EXPECT_TRUE(finding[key].is_string()) << key;
    }
    EXPECT_TRUE(finding["line"].is_number_integer());
    EXPECT_TRUE(finding["column"].is_number_integer());
    EXPECT_THAT(finding["severity"].get<std::string>(),
                ::testing::AnyOf("error", "warning", "info"));
    EXPECT_FALSE(finding.contains("file")) << "one file: no file field";
  }
  EXPECT_EQ(json["findings"][0]["rule"], "punct.half_width");
}

TEST(ReportctlProofread, CleanTextExitsZeroWithAChineseSummary) {
  TempDir dir;
  const std::string file = dir.WriteFile(
      "clean.txt",
      "2024 年度本年收入合计 1080.05 万元，其中：一般公共预算财政拨款收入 1079.94 万元，占 "
      "99.98%；其他收入 0.11 万元，占 0.01%。\n");
  CommandResult run = Reportctl(dir, {"proofread", "--template=none", file});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("共 0 条：错误 0 条，警告 0 条，提示 0 条。"));
}

TEST(ReportctlProofread, TextOutputNamesPlaceRuleAndFix) {
  TempDir dir;
  const std::string file = dir.WriteFile(
      "change.txt", "总计 1089.82 万元。\n与 2023 年度相比减少 106.9 万元，下降 9.01%。\n");
  CommandResult run = Reportctl(dir, {"proofread", "--template", "none", file});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output, HasSubstr(file + ":2:"));
  EXPECT_THAT(run.output, HasSubstr("错误 [figures.change]"));
  EXPECT_THAT(run.output, HasSubstr("建议：应为下降 8.93%。"));
}

TEST(ReportctlProofread, SeveralFilesCarryTheirFileName) {
  TempDir dir;
  const std::string a = dir.WriteFile("a.txt", "截止 11 月底共办理 9 件。\n");
  const std::string b = dir.WriteFile("b.txt", "截至 11 月底共办理 9 件。\n");
  CommandResult run = Reportctl(dir, {"proofread", "--format=json", "--template=none", a, b});
  EXPECT_EQ(run.exit_code, 1);
  const nlohmann::json json = nlohmann::json::parse(run.output, nullptr, false);
  ASSERT_EQ(json["findings"].size(), 1u) << run.output;
  EXPECT_EQ(json["findings"][0]["file"], a);
  EXPECT_EQ(json["findings"][0]["rule"], "wording.jiezhi");
}

TEST(ReportctlProofread, UsageAndIoErrorsExitTwo) {
  TempDir dir;
  EXPECT_EQ(Reportctl(dir, {"proofread"}).exit_code, 2) << "no FILE";
  EXPECT_EQ(Reportctl(dir, {"proofread", "--format=xml", RF_SEED_REPORT}).exit_code, 2);
  CommandResult missing = Reportctl(dir, {"proofread", absl::StrCat(dir.path(), "/nope.txt")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.output, HasSubstr("无法读取文件"));
}

}  // namespace
}  // namespace reportflow
