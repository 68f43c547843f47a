#include "services/notification/domain/email.h"

#include <sodium.h>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow::notification {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;

using ::testing::HasSubstr;

std::string Unbase64(absl::string_view text) {
  std::string out(text.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), "\r\n", &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return "<bad base64>";
  }
  out.resize(length);
  return out;
}

Email Sample() {
  Email email;
  email.from_address = "reportflow@czj.example.gov.cn";
  email.from_name = "ReportFlow 审批工作台";
  email.to_address = "wangqiang@jinkouhe.example.gov.cn";
  email.to_name = "王强";
  email.subject = "待审校：2024 年度部门决算（初审）";
  email.plain = "王强，您好：\n第 2 版等待您初审。\nhttps://rf.example/reviews/2\n";
  email.html = HtmlBody("待审校", {"第 2 版等待您初审。", "<script>x</script>"},
                        {{"https://rf.example/reviews/2", "在审批工作台中打开"}});
  email.message_id = "n-42.wangqiang@rf.example";
  return email;
}

TEST(EmailTest, APlainAndAnHtmlPartInUtf8WithAnEncodedSubject) {
  ASSERT_TRUE(sodium_init() >= 0);
  absl::StatusOr<std::string> message = FormatEmail(Sample(), absl::FromUnixSeconds(1764554400));
  ASSERT_THAT(message, IsOk());
  EXPECT_THAT(*message, HasSubstr("From: =?UTF-8?B?"));
  EXPECT_THAT(*message, HasSubstr(" <reportflow@czj.example.gov.cn>\r\n"));
  EXPECT_THAT(*message, HasSubstr("Message-ID: <n-42.wangqiang@rf.example>\r\n"));
  EXPECT_THAT(*message, HasSubstr("Date: Mon, 01 Dec 2025 10:00:00 +0800\r\n"));
  EXPECT_THAT(*message,
              HasSubstr("Content-Type: multipart/alternative; boundary=\"rf-n-42.wangqiang\""));
  const size_t subject = message->find("Subject: =?UTF-8?B?");
  ASSERT_NE(subject, std::string::npos);
  const size_t end = message->find("?=", subject);
  EXPECT_EQ(Unbase64(message->substr(subject + 19, end - subject - 19)), Sample().subject);
  // The two parts decode to exactly what was given.
  std::vector<std::string> parts = absl::StrSplit(*message, "--rf-n-42.wangqiang");
  ASSERT_EQ(parts.size(), 4u);
  auto body_of = [](const std::string& part) {
    return Unbase64(part.substr(part.find("\r\n\r\n") + 4));
  };
  EXPECT_THAT(parts[1], HasSubstr("text/plain; charset=UTF-8"));
  EXPECT_EQ(body_of(parts[1]), Sample().plain);
  EXPECT_THAT(parts[2], HasSubstr("text/html; charset=UTF-8"));
  const std::string html = body_of(parts[2]);
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;x&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("<a href=\"https://rf.example/reviews/2\">在审批工作台中打开</a>"));
  EXPECT_EQ(parts[3], "--\r\n");
  for (absl::string_view line : absl::StrSplit(*message, "\r\n")) {
    EXPECT_LE(line.size(), 998u) << "RFC 5322 line length";
  }
}

TEST(EmailTest, NoHeaderCanBeInjectedAndAddressesAreChecked) {
  Email email = Sample();
  email.subject = "待审校\r\nBcc: everyone@example.com";
  EXPECT_THAT(FormatEmail(email, absl::Now()), StatusIs(absl::StatusCode::kInvalidArgument));
  email = Sample();
  email.to_name = "王强\nX-Evil: 1";
  EXPECT_THAT(FormatEmail(email, absl::Now()), StatusIs(absl::StatusCode::kInvalidArgument));
  email = Sample();
  email.to_address = "wangqiang@example.com>, everyone@example.com";
  absl::StatusOr<std::string> refused = FormatEmail(email, absl::Now());
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()), ::testing::StartsWith("to_address:"));
  email = Sample();
  email.message_id = "a\"b@c";
  EXPECT_THAT(FormatEmail(email, absl::Now()), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_TRUE(IsMailAddress("a.b-c@dept.example.gov.cn"));
  EXPECT_FALSE(IsMailAddress("no-at-sign"));
  EXPECT_FALSE(IsMailAddress("two@@example.com"));
  EXPECT_FALSE(IsMailAddress("space @example.com"));
  EXPECT_FALSE(IsMailAddress("user@localhost"));
}

}  // namespace
}  // namespace reportflow::notification
