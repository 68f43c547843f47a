#include "clients/reportctl/admin_command.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "clients/reportctl/client.h"
#include "services/common/auth.h"
#include "services/common/signing.h"

namespace reportflow::reportctl {
namespace {

struct InitOptions {
  std::string dir = ".local/keys";
  bool force = false;
};

struct TokenOptions {
  std::string key_file = ".local/keys/jwt-signing.key";
  TokenClaims claims;
  double ttl_hours = 24 * 30;
};

bool WriteFile(const std::filesystem::path& path, const std::string& content, mode_t mode) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  return out.good() && ::chmod(path.c_str(), mode) == 0;
}

int RunInit(const InitOptions& options) {
  const std::filesystem::path dir(options.dir);
  const auto private_path = dir / "jwt-signing.key";
  const auto public_path = dir / "jwt-signing.pub";
  const auto review_private_path = dir / "review-signing.key";
  const auto review_public_path = dir / "review-signing.pub";
  const bool make_jwt = options.force || !std::filesystem::exists(private_path);
  const bool make_review = options.force || !std::filesystem::exists(review_private_path);
  if (!make_jwt && !make_review) {
    std::cerr << "密钥已存在：" << private_path.string() << "、" << review_private_path.string()
              << "（重新生成会使已签发的令牌和证书全部失效；确需重新生成请加 --force）\n";
    return 1;
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (make_jwt) {
    absl::StatusOr<KeyPair> keys = GenerateSigningKeyPair();
    if (!keys.ok()) {
      std::cerr << "生成密钥失败：" << keys.status().message() << "\n";
      return 1;
    }
    if (!WriteFile(private_path, keys->private_key_pem, 0600) ||
        !WriteFile(public_path, keys->public_key_pem, 0644)) {
      std::cerr << "无法写入 " << dir.string() << "\n";
      return 2;
    }
    std::cout << "已生成令牌签名密钥（ES256）：\n  私钥 " << private_path.string()
              << "（仅签发令牌时使用，妥善保管）\n  公钥 " << public_path.string()
              << "（各服务用它验证令牌）\n";
  }
  if (make_review) {
    const SigningKey key = GenerateSigningKey();
    if (!WriteFile(review_private_path, SigningKeyFileText(key), 0600) ||
        !WriteFile(review_public_path, PublicKeyFileText(key), 0644)) {
      std::cerr << "无法写入 " << dir.string() << "\n";
      return 2;
    }
    std::cout << "已生成审定证书签名密钥（Ed25519，" << key.id << "）：\n  私钥 "
              << review_private_path.string() << "（审核服务 --signing-key-file）\n  公钥 "
              << review_public_path.string() << "（发布服务用它验证审定证书）\n";
  }
  return 0;
}

int RunToken(const TokenOptions& options) {
  for (const std::string& role : options.claims.roles) {
    if (absl::StartsWith(role, kServiceRolePrefix)) {
      std::cerr << "不能为人签发服务角色 " << role
                << "：服务令牌请用 reportctl admin service-token --service <服务名>，"
                   "且服务间调用还须出示该服务的客户端证书（双向 TLS）\n";
      return 2;
    }
  }
  absl::StatusOr<std::string> key = ReadFile(options.key_file);
  if (!key.ok()) {
    std::cerr << key.status().message() << "（请先运行 reportctl admin init）\n";
    return 2;
  }
  absl::StatusOr<std::string> token =
      IssueToken(*key, options.claims, absl::Now(),
                 absl::Seconds(static_cast<int64_t>(options.ttl_hours * 3600)));
  if (!token.ok()) {
    std::cerr << "签发令牌失败：" << token.status().message() << "\n";
    return 1;
  }
  std::cout << *token << "\n";
  return 0;
}

}  // namespace

void AddAdminCommands(CLI::App& app, int& exit_code) {
  CLI::App* admin = app.add_subcommand("admin", "本地安装的管理：签名密钥与访问令牌");
  admin->require_subcommand(1);

  auto init = std::make_shared<InitOptions>();
  CLI::App* init_command =
      admin->add_subcommand("init", "生成令牌签名密钥对（ES256）和审定证书签名密钥（Ed25519）");
  init_command->add_option("--dir", init->dir, "密钥目录")->capture_default_str();
  init_command->add_flag("--force", init->force, "覆盖已有密钥");
  init_command->callback([init, &exit_code] { exit_code = RunInit(*init); });

  auto token = std::make_shared<TokenOptions>();
  CLI::App* token_command = admin->add_subcommand("token", "为一个人（或服务）签发访问令牌");
  token_command->add_option("--key", token->key_file, "签名私钥文件")
      ->envname("RF_JWT_SIGNING_KEY")
      ->capture_default_str();
  token_command->add_option("--user", token->claims.user_id, "用户标识，如 u-zhangwei")->required();
  token_command->add_option("--name", token->claims.display_name, "显示名，如 张伟")->required();
  token_command->add_option("--roles", token->claims.roles, "角色，逗号分隔，如 drafter,review_1")
      ->delimiter(',');
  token_command->add_option("--units", token->claims.units, "所属单位，逗号分隔")->delimiter(',');
  token_command->add_option("--ttl-hours", token->ttl_hours, "有效期（小时）")
      ->capture_default_str();
  token_command->callback([token, &exit_code] { exit_code = RunToken(*token); });

  // A service's own token: the service role alone, honoured only together
  // with the service's client certificate (mutual TLS, see server.h).
  auto service = std::make_shared<TokenOptions>();
  auto service_name = std::make_shared<std::string>();
  CLI::App* service_command = admin->add_subcommand(
      "service-token",
      "为一个服务（drafting、review、publication、identity、notification）签发服务令牌");
  service_command->add_option("--key", service->key_file, "签名私钥文件")
      ->envname("RF_JWT_SIGNING_KEY")
      ->capture_default_str();
  service_command->add_option("--service", *service_name, "服务名")
      ->required()
      ->check(CLI::IsMember({"drafting", "review", "publication", "identity", "notification"}));
  service_command->add_option("--ttl-hours", service->ttl_hours, "有效期（小时）")
      ->capture_default_str();
  service_command->callback([service, service_name, &exit_code] {
    TokenOptions options = *service;
    options.claims.user_id = "svc-" + *service_name;
    options.claims.display_name = *service_name + "-server";
    options.claims.roles = {std::string(kServiceRolePrefix) + *service_name};
    absl::StatusOr<std::string> key = ReadFile(options.key_file);
    if (!key.ok()) {
      std::cerr << key.status().message() << "（请先运行 reportctl admin init）\n";
      exit_code = 2;
      return;
    }
    absl::StatusOr<std::string> token =
        IssueToken(*key, options.claims, absl::Now(),
                   absl::Seconds(static_cast<int64_t>(options.ttl_hours * 3600)));
    if (!token.ok()) {
      std::cerr << "签发令牌失败：" << token.status().message() << "\n";
      exit_code = 1;
      return;
    }
    std::cout << *token << "\n";
    exit_code = 0;
  });
}

}  // namespace reportflow::reportctl
