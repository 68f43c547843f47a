#include "clients/reportctl/proofread_command.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "clients/reportctl/client.h"
#include "nlohmann/json.hpp"
#include "proofread/proofreader.h"

namespace reportflow::reportctl {
namespace {

struct ProofreadArgs {
  std::vector<std::string> files;
  std::string format = "text";
  int year = 0;
  std::string template_name = "sichuan-final-accounts";
  std::string unit;
};

const char* SeverityChinese(proofread::Severity severity) {
  switch (severity) {
    case proofread::Severity::kError:
      return "错误";
    case proofread::Severity::kWarning:
      return "警告";
    case proofread::Severity::kInfo:
      return "提示";
  }
  return "提示";
}

int Run(const ProofreadArgs& args) {
  proofread::ProofreadOptions options;
  options.report_year = args.year;
  options.template_name = args.template_name == "none" ? "" : args.template_name;
  options.unit_name = args.unit;
  nlohmann::json json_findings = nlohmann::json::array();
  int errors = 0;
  int warnings = 0;
  int infos = 0;
  for (const std::string& file : args.files) {
    absl::StatusOr<std::string> text = ReadFile(file);
    if (!text.ok()) {
      std::cerr << "reportctl proofread: " << text.status().message() << "\n";
      return 2;
    }
    for (const proofread::Finding& finding : proofread::Proofread(*text, options)) {
      errors += finding.severity == proofread::Severity::kError;
      warnings += finding.severity == proofread::Severity::kWarning;
      infos += finding.severity == proofread::Severity::kInfo;
      if (args.format == "json") {
        nlohmann::json entry = {
            {"rule", finding.rule},
            {"severity", std::string(proofread::SeverityName(finding.severity))},
            {"section", finding.section},
            {"line", finding.line},
            {"column", finding.column},
            {"excerpt", finding.excerpt},
            {"message", finding.message},
            {"suggestion", finding.suggestion},
        };
        if (args.files.size() > 1) {
          entry["file"] = file;
        }
        json_findings.push_back(std::move(entry));
        continue;
      }
      std::cout << file << ":" << finding.line << ":" << finding.column << ": "
                << SeverityChinese(finding.severity) << " [" << finding.rule << "]"
                << (finding.section.empty() ? "" : " " + finding.section) << "\n"
                << "    原文：" << finding.excerpt << "\n"
                << "    问题：" << finding.message << "\n";
      if (!finding.suggestion.empty()) {
        std::cout << "    建议：" << finding.suggestion << "\n";
      }
    }
  }
  if (args.format == "json") {
    std::cout << nlohmann::json{{"findings", json_findings}}.dump(
                     2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  } else {
    std::cout << "共 " << errors + warnings + infos << " 条：错误 " << errors << " 条，警告 "
              << warnings << " 条，提示 " << infos << " 条。\n";
  }
  return errors > 0 ? 1 : 0;
}

}  // namespace

void AddProofreadCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ProofreadArgs>();
  CLI::App* command = app.add_subcommand(
      "proofread",
      "机器校对：检查报告文本的勾稽关系、完整性、模板遗留、结构与用语（离线，提交前自查）");
  command->add_option("FILE", args->files, "要检查的报告文本（UTF-8）")->required();
  command->add_option("--format", args->format, "输出格式：text 或 json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->add_option("--year", args->year, "报告年度；默认按正文中出现最多的“YYYY 年度”推断");
  command
      ->add_option("--template", args->template_name,
                   "完整性检查所用模板：sichuan-final-accounts，或 none 不检查")
      ->check(CLI::IsMember({"sichuan-final-accounts", "none"}))
      ->capture_default_str();
  command->add_option("--unit", args->unit, "单位全称；默认按正文中出现最多的单位名称推断");
  command->callback([args, &exit_code] { exit_code = Run(*args); });
}

}  // namespace reportflow::reportctl
