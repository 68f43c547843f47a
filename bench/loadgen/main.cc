// bench/loadgen: drives a running ReportFlow stack (deploy/local/up, or the
// stack bench/run starts) with many concurrent gRPC calls over TLS and prints
// one JSON line per scenario (scenarios.h). Settings come from .local/env.
//
//   source .local/env
//   build/bench/loadgen setup --units 2000
//   build/bench/loadgen run --scenario approve --concurrency 16 --duration 10
#include <fstream>
#include <iostream>

#include "CLI/CLI.hpp"
#include "absl/strings/str_split.h"
#include "bench/loadgen/measure.h"
#include "bench/loadgen/scenarios.h"
#include "bench/loadgen/stack.h"
#include "services/common/grpc_client.h"

namespace reportflow::loadgen {
namespace {

// The bench units used so far ("next last" in the state file).
void ReadUnits(const std::string& path, int* next, int* last) {
  std::ifstream in(path);
  if (!(in >> *next >> *last)) {
    *next = 1;
    *last = 0;
  }
}

void WriteUnits(const std::string& path, int next, int last) {
  std::ofstream out(path, std::ios::trunc);
  out << next << " " << last << "\n";
}

int Fail(const absl::Status& status) {
  std::cerr << "loadgen: " << status.message() << "\n";
  return 1;
}

int Main(int argc, char** argv) {
  CLI::App app("ReportFlow 压力测试客户端：对运行中的服务发起并发 gRPC 调用，按场景输出 JSON");
  StackOptions stack_options;
  std::string state_file = ".local/bench-units";
  app.add_option("--drafting", stack_options.drafting_address)->envname("RF_DRAFTING_ADDR");
  app.add_option("--review", stack_options.review_address)->envname("RF_REVIEW_ADDR");
  app.add_option("--publication", stack_options.publication_address)
      ->envname("RF_PUBLICATION_ADDR");
  app.add_option("--identity", stack_options.identity_address)->envname("RF_IDENTITY_ADDR");
  app.add_option("--tls-ca", stack_options.tls_ca_file)->envname("RF_TLS_CA");
  app.add_option("--passwords-dir", stack_options.passwords_dir)->envname("RF_PASSWORDS_DIR");
  app.add_option("--tokens-dir", stack_options.tokens_dir)->envname("RF_TOKENS_DIR");
  app.add_option("--connections", stack_options.connections, "每个服务的连接数")
      ->capture_default_str();
  app.add_option("--state-file", state_file, "记录已用压力测试单位的文件")->capture_default_str();
  app.add_option("--session-cache", stack_options.session_cache,
                 "保存演示人员登录令牌的文件（0600），多次运行间复用，免受登录频率限制");
  app.require_subcommand(1);

  CLI::App* setup = app.add_subcommand("setup", "建立压力测试区及其单位，并授予演示人员角色");
  int units = 1000;
  setup->add_option("--units", units, "单位数")->capture_default_str()->check(CLI::Range(1, 99999));

  CLI::App* run = app.add_subcommand("run", "运行一个场景，输出一行 JSON");
  ScenarioOptions scenario;
  double duration = 10, warmup = 1, settle = 120;
  std::string run_dir, mysql_dir, db_socket, db_password_file;
  run->add_option("--scenario", scenario.scenario, "approve|submit|inbox|publish|mixed")
      ->required();
  run->add_option("--concurrency", scenario.concurrency, "并发线程数")
      ->capture_default_str()
      ->check(CLI::Range(1, 512));
  run->add_option("--duration", duration, "计时窗口（秒）")->capture_default_str();
  run->add_option("--warmup", warmup, "预热（秒），其间的操作不计")->capture_default_str();
  run->add_option("--pool", scenario.pool, "预先准备的报告数（0：按时长估算）")
      ->capture_default_str();
  run->add_option("--settle-timeout", settle, "窗口后等待投递完成的上限（秒）")
      ->capture_default_str();
  std::string text_file = "samples/jinkouhe-2024-final-accounts.corrected.txt";
  run->add_option("--text", text_file, "每份报告导入的文本")->capture_default_str();
  run->add_option("--run-dir", run_dir, "各服务的 pid 文件所在目录（.local/run）");
  run->add_option("--mysql-dir", mysql_dir, "MariaDB 数据目录（.local/mysql，取其 pid）");
  run->add_option("--db-socket", db_socket, "MariaDB socket（SHOW GLOBAL STATUS）")
      ->envname("RF_DB_SOCKET");
  run->add_option("--db-password-file", db_password_file, "MariaDB root 密码文件");

  CLI11_PARSE(app, argc, argv);

  absl::StatusOr<std::unique_ptr<Stack>> stack = Stack::Connect(stack_options);
  if (!stack.ok()) return Fail(stack.status());
  int next = 1, last = 0;
  ReadUnits(state_file, &next, &last);
  if (setup->parsed()) {
    if (absl::Status made = SetUp(**stack, last + 1, units); !made.ok()) return Fail(made);
    WriteUnits(state_file, next, std::max(last, units));
    return 0;
  }

  absl::StatusOr<std::string> text = ReadWholeFile(text_file);
  if (!text.ok()) return Fail(text.status());
  scenario.text = *std::move(text);
  scenario.duration = absl::Seconds(duration);
  scenario.warmup = absl::Seconds(warmup);
  scenario.settle_timeout = absl::Seconds(settle);
  std::unique_ptr<DbWatch> db;
  if (!db_socket.empty() && !db_password_file.empty()) {
    absl::StatusOr<std::unique_ptr<DbWatch>> opened = DbWatch::Open(db_socket, db_password_file);
    if (!opened.ok()) return Fail(opened.status());
    db = *std::move(opened);
  }
  UnitPool pool;
  pool.next = next;
  pool.last = last;
  absl::StatusOr<nlohmann::json> line =
      RunScenario(**stack, scenario, pool, WatchedProcesses(run_dir, mysql_dir), db.get());
  WriteUnits(state_file, pool.next.load(), last);
  if (!line.ok()) return Fail(line.status());
  std::cout << line->dump() << std::endl;
  return 0;
}

}  // namespace
}  // namespace reportflow::loadgen

int main(int argc, char** argv) { return reportflow::loadgen::Main(argc, argv); }
