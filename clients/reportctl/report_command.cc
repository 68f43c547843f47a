#include "clients/reportctl/report_command.h"

#include <google/protobuf/util/json_util.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "reportflow/drafting/v1/drafting.grpc.pb.h"

namespace reportflow::reportctl {
namespace {

namespace v1 = ::reportflow::drafting::v1;

struct CreateArgs {
  std::string unit;
  int year = 0;
  std::string kind = "final-accounts";
  std::string template_name;
  std::string unit_name;
  std::string title;
};

struct ListArgs {
  std::string unit;
  int year = 0;
};

const char* StateChinese(v1::ReportState state) {
  switch (state) {
    case v1::REPORT_STATE_DRAFTING:
      return "起草中";
    case v1::REPORT_STATE_IN_REVIEW:
      return "审校中";
    case v1::REPORT_STATE_RETURNED:
      return "已退回";
    case v1::REPORT_STATE_APPROVED:
      return "已审定";
    case v1::REPORT_STATE_PUBLISHED:
      return "已发布";
    case v1::REPORT_STATE_WITHDRAWN:
      return "已撤回";
    default:
      return "未知";
  }
}

const char* TimelinessChinese(v1::Timeliness timeliness) {
  switch (timeliness) {
    case v1::TIMELINESS_NO_APPROVAL_DATE:
      return "未录入批复日期";
    case v1::TIMELINESS_OPEN:
      return "期限内未公开";
    case v1::TIMELINESS_AT_RISK:
      return "临近期限未公开";
    case v1::TIMELINESS_OVERDUE:
      return "已逾期未公开";
    case v1::TIMELINESS_ON_TIME:
      return "按期公开";
    case v1::TIMELINESS_LATE:
      return "逾期公开";
    case v1::TIMELINESS_NO_REPORT:
      return "未建报告";
    default:
      return "未知";
  }
}

// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

struct RegionArgs {
  std::string region;
  int year = 0;
  std::string kind = "final-accounts";
  bool csv = false;
};

// Calls the drafting service.
template <typename Call>
int Invoke(const ClientOptions& options, const std::string& address, Call call) {
  return CallService<v1::DraftingService>(options, address, call);
}

void PrintReport(const v1::Report& report) {
  std::cout << report.name() << "  " << report.title() << "\n"
            << "  单位：" << report.unit_display_name() << "（" << report.unit() << "）  年度："
            << report.fiscal_year() << "  状态：" << StateChinese(report.state()) << "  模板："
            << report.template_() << "\n";
}

}  // namespace

void AddReportCommands(CLI::App& app, const ClientOptions& options, int& exit_code) {
  CLI::App* report = app.add_subcommand("report", "起草：报告的创建与查看");
  report->require_subcommand(1);

  auto create = std::make_shared<CreateArgs>();
  CLI::App* create_command = report->add_subcommand("create", "按模板为单位创建年度报告");
  create_command->add_option("--unit", create->unit, "单位标识，如 jinkouhe-gov-office")
      ->required();
  create_command->add_option("--year", create->year, "报告年度，如 2024")->required();
  create_command->add_option("--kind", create->kind, "final-accounts（决算）或 budget（预算）")
      ->check(CLI::IsMember({"final-accounts", "budget"}))
      ->capture_default_str();
  create_command->add_option("--template", create->template_name,
                             "模板，默认 templates/sichuan-final-accounts-<年度>");
  create_command->add_option("--unit-name", create->unit_name, "单位全称");
  create_command->add_option("--title", create->title, "报告标题，默认由单位和年度生成");
  create_command->callback([create, &options, &exit_code] {
    v1::CreateReportRequest request;
    v1::Report* report = request.mutable_report();
    report->set_unit(create->unit);
    report->set_fiscal_year(create->year);
    report->set_kind(create->kind == "budget" ? v1::REPORT_KIND_BUDGET
                                              : v1::REPORT_KIND_FINAL_ACCOUNTS);
    report->set_template_(create->template_name.empty()
                              ? absl::StrFormat("templates/sichuan-final-accounts-%d", create->year)
                              : create->template_name);
    report->set_unit_display_name(create->unit_name);
    report->set_title(create->title);
    request.set_request_id(NewRequestId());
    v1::Report created;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.CreateReport(&context, request, &created);
    });
    if (exit_code == 0) {
      if (options.json) {
        PrintJson(created);
      } else {
        std::cout << "已创建：\n";
        PrintReport(created);
      }
    }
  });

  auto list = std::make_shared<ListArgs>();
  CLI::App* list_command = report->add_subcommand("list", "列出你所在单位的报告（新建的在前）");
  list_command->add_option("--unit", list->unit, "只看该单位");
  list_command->add_option("--year", list->year, "只看该年度");
  list_command->callback([list, &options, &exit_code] {
    v1::ListReportsRequest request;
    request.set_unit(list->unit);
    request.set_fiscal_year(list->year);
    v1::ListReportsResponse response;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.ListReports(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) {
      PrintJson(response);
      return;
    }
    for (const v1::Report& report : response.reports()) PrintReport(report);
    std::cout << "共 " << response.reports_size() << " 份"
              << (response.next_page_token().empty() ? "。" : "（还有更多）。") << "\n";
  });

  auto region = std::make_shared<RegionArgs>();
  CLI::App* region_command = report->add_subcommand(
      "region", "财政监督：辖区内各单位报告的状态、批复后天数、及时性、完整性、细化程度与公开方式");
  region_command->add_option("REGION", region->region, "辖区单位，如 511113")->required();
  region_command->add_option("--year", region->year, "年度")->required();
  region_command->add_option("--kind", region->kind, "final-accounts（决算）或 budget（预算）")
      ->check(CLI::IsMember({"final-accounts", "budget"}))
      ->capture_default_str();
  region_command->add_flag("--csv", region->csv, "以 CSV 输出（UTF-8，可用 Excel 打开）");
  region_command->callback([region, &options, &exit_code] {
    v1::ListRegionReportsRequest request;
    request.set_region(absl::StartsWith(region->region, "units/") ? region->region
                                                                  : "units/" + region->region);
    request.set_fiscal_year(region->year);
    request.set_kind(region->kind == "budget" ? v1::REPORT_KIND_BUDGET
                                              : v1::REPORT_KIND_FINAL_ACCOUNTS);
    request.set_page_size(500);
    std::vector<v1::RegionReport> rows;
    std::string as_of;
    do {
      v1::ListRegionReportsResponse page;
      exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
        return stub.ListRegionReports(&context, request, &page);
      });
      if (exit_code != 0) return;
      rows.insert(rows.end(), page.reports().begin(), page.reports().end());
      as_of = page.as_of();
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    if (options.json) {
      v1::ListRegionReportsResponse all;
      for (const v1::RegionReport& row : rows) *all.add_reports() = row;
      all.set_as_of(as_of);
      return PrintJson(all);
    }
    if (region->csv) {
      std::cout << "单位,单位名称,报告,状态,批复日期,公开期限,公开日期,批复后天数,及时性,"
                   "完整性（必填章节）,细化程度（附表）,公开方式\n";
      for (const v1::RegionReport& row : rows) {
        std::cout << CsvField(row.unit().substr(6)) << "," << CsvField(row.unit_display_name())
                  << "," << CsvField(row.title()) << ","
                  << (row.report().empty() ? "" : StateChinese(row.state())) << ","
                  << row.finance_approval_date() << "," << row.deadline_date() << ","
                  << row.publish_date() << ","
                  << (row.days_since_approval() < 0 ? ""
                                                    : std::to_string(row.days_since_approval()))
                  << "," << TimelinessChinese(row.timeliness()) << ","
                  << row.required_sections_filled() << "/" << row.required_sections() << ","
                  << row.tables_filled() << "/" << row.tables() << ","
                  << CsvField(row.publication_url().empty() ? "未公开"
                              : row.state() == v1::REPORT_STATE_WITHDRAWN
                                  ? "已撤回 " + row.publication_url()
                                  : "门户网站 " + row.publication_url())
                  << "\n";
      }
      return;
    }
    std::cout << "截至 " << as_of << "，" << rows.size() << " 个单位：\n";
    for (const v1::RegionReport& row : rows) {
      std::cout << row.unit().substr(6) << "  " << row.unit_display_name() << "  "
                << TimelinessChinese(row.timeliness());
      if (!row.report().empty()) {
        std::cout << "  " << StateChinese(row.state()) << "  必填章节 "
                  << row.required_sections_filled() << "/" << row.required_sections() << "  附表 "
                  << row.tables_filled() << "/" << row.tables();
      }
      if (row.days_since_approval() >= 0) {
        std::cout << "  批复 " << row.finance_approval_date() << "（" << row.days_since_approval()
                  << " 天）期限 " << row.deadline_date();
      }
      if (!row.publication_url().empty()) std::cout << "  " << row.publication_url();
      std::cout << "\n";
    }
  });

  auto name = std::make_shared<std::string>();
  CLI::App* show_command = report->add_subcommand("show", "查看报告及其章节");
  show_command->add_option("NAME", *name, "报告资源名，如 reports/r-…")->required();
  show_command->callback([name, &options, &exit_code] {
    v1::GetReportRequest get;
    get.set_name(*name);
    v1::Report report;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.GetReport(&context, get, &report);
    });
    if (exit_code != 0) return;
    v1::ListSectionsRequest list;
    list.set_parent(*name);
    list.set_page_size(200);
    v1::ListSectionsResponse sections;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.ListSections(&context, list, &sections);
    });
    if (exit_code != 0) return;
    if (options.json) {
      PrintJson(report);
      PrintJson(sections);
      return;
    }
    PrintReport(report);
    for (const v1::Section& section : sections.sections()) {
      std::cout << absl::StrFormat("  %-26s %-4s %s%s  修订 %d\n", section.key(),
                                   section.kind() == v1::SECTION_KIND_TABLE ? "表" : "文",
                                   section.title(), section.required() ? "（必填）" : "",
                                   section.latest_revision());
    }
  });

  struct ImportArgs {
    std::string name;
    std::string file;
    std::string format;
    bool dry_run = false;
  };
  auto import = std::make_shared<ImportArgs>();
  CLI::App* import_command = report->add_subcommand(
      "import",
      "导入文档：Word 文档（.docx）按标题拆分到各章节，其中的附表表格导入为表格章节；"
      "Excel 工作簿（.xlsx）的各工作表按标题导入为附表；也接受 UTF-8 文本");
  import_command->add_option("NAME", import->name, "报告资源名，如 reports/r-…")->required();
  import_command->add_option("FILE", import->file, "文件：.docx、.xlsx 或 UTF-8 文本（至多 8 MiB）")
      ->required();
  import_command
      ->add_option("--format", import->format, "文件格式，默认按扩展名判断：text、docx 或 xlsx")
      ->check(CLI::IsMember({"text", "docx", "xlsx"}));
  import_command->add_flag("--dry-run", import->dry_run, "只显示拆分结果，不写入");
  import_command->callback([import, &options, &exit_code] {
    std::string format = import->format;
    const std::string lower = absl::AsciiStrToLower(import->file);
    if (format.empty()) {
      if (absl::EndsWith(lower, ".xls") || absl::EndsWith(lower, ".doc") ||
          absl::EndsWith(lower, ".et") || absl::EndsWith(lower, ".wps")) {
        std::cerr << "reportctl: " << import->file
                  << " 是旧版二进制格式，请在 WPS 或 Word/Excel 中另存为 .docx 或 .xlsx 后再导入\n";
        exit_code = 2;
        return;
      }
      format = absl::EndsWith(lower, ".docx")   ? "docx"
               : absl::EndsWith(lower, ".xlsx") ? "xlsx"
                                                : "text";
    }
    // The size first: a file beyond the limit is refused before it is read.
    std::error_code error;
    const uintmax_t size = std::filesystem::file_size(import->file, error);
    if (error) {
      std::cerr << "reportctl: 无法读取 " << import->file << "：" << error.message() << "\n";
      exit_code = 2;
      return;
    }
    constexpr uintmax_t kMaxImportBytes = 8 << 20;
    if (size > kMaxImportBytes) {
      std::cerr << absl::StrFormat(
          "reportctl: %s 有 %.1f MiB，超过 8 MiB 的导入上限；Word 文档中的图片不会导入，"
          "可删去图片或压缩图片后另存再导入\n",
          import->file, static_cast<double>(size) / (1 << 20));
      exit_code = 2;
      return;
    }
    const bool progress = !options.json;
    if (progress) {
      std::cerr << absl::StrFormat("读取 %s（%.1f KiB，%s）…\n", import->file,
                                   static_cast<double>(size) / 1024,
                                   format == "docx"   ? "Word 文档"
                                   : format == "xlsx" ? "Excel 工作簿"
                                                      : "文本");
    }
    absl::StatusOr<std::string> bytes = ReadFile(import->file);
    if (!bytes.ok()) {
      std::cerr << "reportctl: " << bytes.status().message() << "\n";
      exit_code = 2;
      return;
    }
    v1::ImportDocumentRequest request;
    request.set_report(import->name);
    if (format == "docx") {
      request.set_docx(*bytes);
    } else if (format == "xlsx") {
      request.set_xlsx(*bytes);
    } else {
      request.set_text(*bytes);
    }
    request.set_validate_only(import->dry_run);
    request.set_request_id(NewRequestId());
    v1::ImportDocumentResponse response;
    if (progress) std::cerr << "上传并由服务器解析、拆分…\n";
    const absl::Time start = absl::Now();
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.ImportDocument(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (progress) {
      std::cerr << absl::StrFormat("完成，用时 %.1f 秒\n",
                                   absl::ToDoubleSeconds(absl::Now() - start));
    }
    if (options.json) {
      PrintJson(response);
      return;
    }
    std::cout << (import->dry_run ? "将导入 " : "已导入 ") << response.revisions_size()
              << " 个章节：\n";
    for (const v1::Revision& revision : response.revisions()) {
      std::cout << "  " << revision.name() << "\n";
    }
    const char* unit = format == "docx" ? " 段" : " 行";
    for (const v1::UnmatchedFragment& fragment : response.unmatched()) {
      std::cout << "未导入（";
      if (fragment.start_line() > 0) {
        std::cout << "第 " << fragment.start_line() << "–" << fragment.end_line() << unit << "，";
      }
      std::cout << fragment.reason() << "）：" << fragment.text().substr(0, 120) << "\n";
    }
    for (const v1::NotImported& item : response.not_imported()) {
      std::cout << "未导入：" << item.what() << "（" << item.location() << "）\n";
    }
    for (const std::string& key : response.missing_required_sections()) {
      std::cout << "必填章节没有内容：" << key << "\n";
    }
  });

  auto submit = std::make_shared<std::string>();
  CLI::App* submit_command =
      report->add_subcommand("submit", "提交审校：冻结当前各章节为一个版本，报告转为只读");
  submit_command->add_option("NAME", *submit, "报告资源名，如 reports/r-…")->required();
  submit_command->callback([submit, &options, &exit_code] {
    v1::SubmitReportRequest request;
    request.set_name(*submit);
    request.set_request_id(NewRequestId());
    v1::SubmitReportResponse response;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.SubmitReport(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) {
      PrintJson(response);
      return;
    }
    std::cout << "已提交：" << response.version().name() << "\n  摘要（SHA-256）："
              << response.version().digest() << "\n  报告状态："
              << StateChinese(response.report().state()) << "\n";
  });

  CLI::App* deliveries_command =
      report->add_subcommand("deliveries", "查看起草服务发往其他服务的消息（发件箱）");
  deliveries_command->callback([&options, &exit_code] {
    v1::ListDeliveriesResponse response;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.ListDeliveries(&context, v1::ListDeliveriesRequest(), &response);
    });
    if (exit_code != 0) return;
    if (options.json) {
      PrintJson(response);
      return;
    }
    for (const auto& delivery : response.deliveries()) {
      const char* state =
          delivery.state() == reportflow::type::v1::DELIVERY_STATE_DELIVERED         ? "已送达"
          : delivery.state() == reportflow::type::v1::DELIVERY_STATE_FAILED_RETRYING ? "失败待重试"
                                                                                     : "待投递";
      std::cout << delivery.name() << "  " << state << "  " << delivery.method() << "  "
                << delivery.subject() << "  尝试 " << delivery.attempts() << " 次\n";
      if (!delivery.last_error().empty()) {
        std::cout << "    最近一次：" << delivery.last_error() << "\n";
      }
    }
    std::cout << "共 " << response.deliveries_size() << " 条。\n";
  });

  struct SectionArgs {
    std::string section;
    std::string value;  // assignee, file, or second revision
    std::string name;   // assignee display name
    int base = -1;
    std::string note;
  };
  auto assign = std::make_shared<SectionArgs>();
  CLI::App* assign_command =
      report->add_subcommand("assign", "把章节分配给起草人（不给用户则取消分配）");
  assign_command->add_option("SECTION", assign->section, "章节资源名 reports/…/sections/…")
      ->required();
  assign_command->add_option("USER", assign->value, "起草人用户标识，如 u-wangfang");
  assign_command->add_option("--name", assign->name, "起草人姓名");
  assign_command->callback([assign, &options, &exit_code] {
    v1::AssignSectionRequest request;
    request.set_name(assign->section);
    request.set_assignee_user_id(assign->value);
    request.set_assignee_display_name(assign->name);
    request.set_request_id(NewRequestId());
    v1::Section section;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.AssignSection(&context, request, &section);
    });
    if (exit_code != 0) return;
    if (options.json) {
      PrintJson(section);
    } else if (section.has_assignee()) {
      std::cout << section.title() << " 已分配给 " << section.assignee().display_name() << "（"
                << section.assignee().user_id() << "）\n";
    } else {
      std::cout << section.title() << " 已取消分配\n";
    }
  });

  auto approval = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* approval_command =
      report->add_subcommand("approval-date", "记录财政部门的批复日期（公开期限为批复后 20 日内）");
  approval_command->add_option("NAME", approval->first, "报告资源名，如 reports/r-…")->required();
  approval_command->add_option("DATE", approval->second, "批复日期 YYYY-MM-DD")->required();
  approval_command->callback([approval, &options, &exit_code] {
    v1::GetReportRequest get;
    get.set_name(approval->first);
    v1::Report current;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.GetReport(&context, get, &current);
    });
    if (exit_code != 0) return;
    v1::UpdateReportRequest request;
    request.mutable_report()->set_name(current.name());
    request.mutable_report()->set_etag(current.etag());
    request.mutable_report()->set_finance_approval_date(approval->second);
    request.mutable_update_mask()->add_paths("finance_approval_date");
    request.set_request_id(NewRequestId());
    v1::Report updated;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.UpdateReport(&context, request, &updated);
    });
    if (exit_code != 0) return;
    if (options.json) return PrintJson(updated);
    std::cout << "已记录批复日期：" << updated.finance_approval_date() << "（" << updated.name()
              << "）\n";
  });

  auto revise = std::make_shared<SectionArgs>();
  CLI::App* revise_command = report->add_subcommand(
      "revise", "用文件内容提交章节的新修订（文本为 CommonMark，表格为 CSV）");
  revise_command->add_option("SECTION", revise->section, "章节资源名 reports/…/sections/…")
      ->required();
  revise_command->add_option("FILE", revise->value, "内容文件（UTF-8）")->required();
  revise_command->add_option(
      "--base", revise->base,
      "所依据的修订号；默认为当前最新修订（并发修改时会被拒绝，需重新获取）");
  revise_command->add_option("--note", revise->note, "修订说明");
  revise_command->callback([revise, &options, &exit_code] {
    absl::StatusOr<std::string> content = ReadFile(revise->value);
    if (!content.ok()) {
      std::cerr << "reportctl: " << content.status().message() << "\n";
      exit_code = 2;
      return;
    }
    int base = revise->base;
    if (base < 0) {
      // The section's latest revision, from the report's section list.
      v1::ListSectionsRequest list;
      list.set_parent(revise->section.substr(0, revise->section.find("/sections/")));
      list.set_page_size(200);
      v1::ListSectionsResponse sections;
      exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
        return stub.ListSections(&context, list, &sections);
      });
      if (exit_code != 0) return;
      base = 0;
      for (const v1::Section& section : sections.sections()) {
        if (section.name() == revise->section) base = section.latest_revision();
      }
    }
    v1::CreateRevisionRequest request;
    request.set_parent(revise->section);
    request.mutable_revision()->set_content(*content);
    request.mutable_revision()->set_base_revision(base);
    request.mutable_revision()->set_note(revise->note);
    request.set_request_id(NewRequestId());
    v1::Revision revision;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.CreateRevision(&context, request, &revision);
    });
    if (exit_code != 0) return;
    if (options.json) {
      PrintJson(revision);
    } else {
      std::cout << "已提交修订：" << revision.name() << "（基于第 " << revision.base_revision()
                << " 版，SHA-256 " << revision.content_sha256().substr(0, 12) << "…）\n";
    }
  });

  auto history = std::make_shared<std::string>();
  CLI::App* history_command = report->add_subcommand("history", "查看章节的修订历史（新的在前）");
  history_command->add_option("SECTION", *history, "章节资源名 reports/…/sections/…")->required();
  history_command->callback([history, &options, &exit_code] {
    v1::ListRevisionsRequest request;
    request.set_parent(*history);
    v1::ListRevisionsResponse response;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.ListRevisions(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) {
      PrintJson(response);
      return;
    }
    for (const v1::Revision& revision : response.revisions()) {
      std::cout << "第 " << revision.number() << " 版  " << revision.author().display_name() << "  "
                << absl::FormatTime("%Y-%m-%d %H:%M",
                                    absl::FromUnixSeconds(revision.create_time().seconds()),
                                    absl::FixedTimeZone(8 * 3600))
                << "  " << revision.note() << "\n";
    }
    std::cout << "共 " << response.revisions_size() << " 版。\n";
  });

  auto cat = std::make_shared<std::string>();
  CLI::App* cat_command =
      report->add_subcommand("cat", "输出章节最新修订的内容（可改后用 report revise 提交）");
  cat_command->add_option("SECTION", *cat, "章节资源名 reports/…/sections/…")->required();
  cat_command->callback([cat, &options, &exit_code] {
    v1::ListRevisionsRequest request;
    request.set_parent(*cat);
    request.set_page_size(1);
    request.set_include_content(true);
    v1::ListRevisionsResponse response;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.ListRevisions(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) return PrintJson(response);
    if (response.revisions().empty()) {
      std::cerr << "章节 " << *cat << " 还没有内容\n";
      exit_code = 1;
      return;
    }
    std::cout << response.revisions(0).content();
  });

  auto diff = std::make_shared<SectionArgs>();
  CLI::App* diff_command = report->add_subcommand("diff", "比较同一章节的两个修订（逐行、逐字）");
  diff_command->add_option("OLD", diff->section, "旧修订 reports/…/revisions/N")->required();
  diff_command->add_option("NEW", diff->value, "新修订 reports/…/revisions/M")->required();
  diff_command->callback([diff, &options, &exit_code] {
    v1::DiffRevisionsRequest request;
    request.set_old_revision(diff->section);
    request.set_new_revision(diff->value);
    request.set_context_lines(2);
    v1::DiffRevisionsResponse response;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.DiffRevisions(&context, request, &response);
    });
    if (exit_code != 0) return;
    if (options.json) {
      PrintJson(response);
      return;
    }
    for (const auto& line : response.diff().lines()) {
      const bool inserted = line.op() == reportflow::type::v1::DIFF_OP_INSERT;
      const bool deleted = line.op() == reportflow::type::v1::DIFF_OP_DELETE;
      std::cout << (inserted ? "+ " : deleted ? "- " : "  ");
      if (line.spans().empty()) {
        std::cout << line.text();
      } else {
        // Changed characters in brackets: [-删-] and {+增+}.
        for (const auto& span : line.spans()) {
          if (span.op() == reportflow::type::v1::DIFF_OP_DELETE)
            std::cout << "[-" << span.text() << "-]";
          else if (span.op() == reportflow::type::v1::DIFF_OP_INSERT)
            std::cout << "{+" << span.text() << "+}";
          else
            std::cout << span.text();
        }
      }
      std::cout << "\n";
    }
    std::cout << "新增 " << response.diff().inserted_lines() << " 行，删除 "
              << response.diff().deleted_lines() << " 行。\n";
  });

  CLI::App* templates_command = report->add_subcommand("templates", "列出可用的报告模板");
  templates_command->callback([&options, &exit_code] {
    v1::ListTemplatesResponse response;
    exit_code = Invoke(options, options.drafting_address, [&](auto& stub, auto& context) {
      return stub.ListTemplates(&context, v1::ListTemplatesRequest(), &response);
    });
    if (exit_code != 0) return;
    if (options.json) {
      PrintJson(response);
      return;
    }
    for (const v1::Template& report_template : response.templates()) {
      int sections = 0;
      for (const auto& part : report_template.parts()) sections += part.sections_size();
      std::cout << report_template.name() << "  " << report_template.display_name() << "  "
                << report_template.parts_size() << " 部分，" << sections << " 个章节\n";
    }
  });
}

}  // namespace reportflow::reportctl
