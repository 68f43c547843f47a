#include "services/notification/channels/smtp.h"

#include <curl/curl.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/notification/domain/email.h"

namespace reportflow::notification {
namespace {

struct Payload {
  absl::string_view data;
  size_t sent = 0;
};

size_t ReadPayload(char* buffer, size_t size, size_t count, void* user) {
  auto* payload = static_cast<Payload*>(user);
  const size_t room = size * count;
  const size_t left = payload->data.size() - payload->sent;
  const size_t n = left < room ? left : room;
  payload->data.copy(buffer, n, payload->sent);
  payload->sent += n;
  return n;
}

bool IsLoopback(absl::string_view host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

}  // namespace

absl::Status SendMail(const SmtpOptions& options, absl::string_view from, absl::string_view to,
                      absl::string_view message) {
  if (options.host.empty() || options.port <= 0 || options.port > 65535) {
    return absl::InvalidArgumentError("smtp: 须设置主机与端口 (host and port required)");
  }
  if (!options.starttls && !IsLoopback(options.host)) {
    return absl::InvalidArgumentError(
        "smtp: 只有本机测试服务器可以不加密 (STARTTLS is required except on loopback)");
  }
  if (!IsMailAddress(from) || !IsMailAddress(to)) {
    return absl::InvalidArgumentError("smtp: 发件人或收件人不是有效的邮箱地址 (bad address)");
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return absl::InternalError("curl_easy_init failed");
  const std::string url = absl::StrCat("smtp://", options.host, ":", options.port);
  const std::string mail_from = absl::StrCat("<", from, ">");
  const std::string rcpt = absl::StrCat("<", to, ">");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
      curl_slist_append(nullptr, rcpt.c_str()), curl_slist_free_all);
  Payload payload{message};
  char error[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadPayload);
  curl_easy_setopt(c, CURLOPT_READDATA, &payload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options.timeout_seconds));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_USE_SSL, options.starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE);
  if (!options.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options.ca_file.c_str());
  if (!options.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, options.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, options.password.c_str());
  }
  const CURLcode code = curl_easy_perform(c);
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  if (code == CURLE_OK) return absl::OkStatus();
  const std::string what = absl::StrCat("邮件服务器 ", options.host, ":", options.port, " 未接收（",
                                        error[0] ? error : curl_easy_strerror(code),
                                        reply ? absl::StrCat("，回复 ", reply) : "", "）");
  // 5xx replies and a missing STARTTLS will not pass by retrying.
  if ((reply >= 500 && reply < 600) || code == CURLE_USE_SSL_FAILED || code == CURLE_LOGIN_DENIED ||
      code == CURLE_PEER_FAILED_VERIFICATION) {
    return absl::FailedPreconditionError(what);
  }
  return absl::UnavailableError(what);
}

}  // namespace reportflow::notification
