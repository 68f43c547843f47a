// The e-mail channel against a real SMTP server: Debian's aiosmtpd
// (python3-aiosmtpd) on loopback, requiring STARTTLS with a certificate the
// test makes, delivering into a maildir the test reads.
#include "services/notification/channels/smtp.h"

#include <dirent.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"
#include "services/notification/domain/email.h"
#include "tests/support/process.h"

namespace reportflow::notification {
namespace {

using ::reportflow::testing::ChildProcess;
using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::reportflow::testing::TempDir;
using ::testing::HasSubstr;

std::vector<std::string> Delivered(const std::string& maildir) {
  std::vector<std::string> messages;
  if (DIR* dir = opendir((maildir + "/new").c_str())) {
    while (dirent* entry = readdir(dir)) {
      if (entry->d_name[0] == '.') continue;
      messages.push_back(testing::ReadFileOrEmpty(maildir + "/new/" + entry->d_name));
    }
    closedir(dir);
  }
  return messages;
}

class SmtpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string d = dir_.path();
    ASSERT_EQ(
        std::system(absl::StrCat("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
                                 "-nodes -days 1 -subj /CN=127.0.0.1 -addext "
                                 "subjectAltName=IP:127.0.0.1 -keyout ",
                                 d, "/smtp.key -out ", d, "/smtp.crt 2>/dev/null")
                        .c_str()),
        0);
    port_ = testing::FreeLoopbackPort();
    maildir_ = d + "/maildir";
    absl::StatusOr<std::unique_ptr<ChildProcess>> server = ChildProcess::Start(
        {"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", absl::StrCat("127.0.0.1:", port_),
         "--tlscert", d + "/smtp.crt", "--tlskey", d + "/smtp.key", "-c",
         "aiosmtpd.handlers.Mailbox", maildir_},
        d + "/smtpd.log");
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
    for (int i = 0; i < 100 && !testing::AcceptsOnLoopback(port_); ++i)
      absl::SleepFor(absl::Milliseconds(100));
    ASSERT_TRUE(testing::AcceptsOnLoopback(port_)) << testing::ReadFileOrEmpty(d + "/smtpd.log");
  }

  SmtpOptions Options() const {
    SmtpOptions options;
    options.host = "127.0.0.1";
    options.port = port_;
    options.ca_file = dir_.path() + "/smtp.crt";
    options.timeout_seconds = 10;
    return options;
  }

  std::string Message() const {
    Email email;
    email.from_address = "reportflow@rf.example.gov.cn";
    email.from_name = "ReportFlow 审批工作台";
    email.to_address = "wangqiang@jinkouhe.example.gov.cn";
    email.to_name = "王强";
    email.subject = "待审校：2024 年度部门决算（初审）";
    email.plain = "王强，您好：第 2 版等待您初审。\n";
    email.html =
        HtmlBody("待审校", {"第 2 版等待您初审。"}, {{"https://rf.example/reviews/2", "打开"}});
    email.message_id = "n-7.wangqiang@rf.example";
    absl::StatusOr<std::string> message = FormatEmail(email, absl::Now());
    return message.ok() ? *message : "";
  }

  TempDir dir_;
  int port_ = 0;
  std::string maildir_;
  std::unique_ptr<ChildProcess> server_;
};

TEST_F(SmtpTest, DeliversOverStartTlsExactlyTheFormattedMessage) {
  ASSERT_THAT(SendMail(Options(), "reportflow@rf.example.gov.cn",
                       "wangqiang@jinkouhe.example.gov.cn", Message()),
              IsOk());
  std::vector<std::string> delivered = Delivered(maildir_);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_THAT(delivered[0], HasSubstr("Message-ID: <n-7.wangqiang@rf.example>"));
  EXPECT_THAT(delivered[0], HasSubstr("Subject: =?UTF-8?B?"));
  EXPECT_THAT(delivered[0], HasSubstr("Content-Type: text/html; charset=UTF-8"));
}

TEST_F(SmtpTest, RefusesToSendInClearAndSaysWhatTheServerSaid) {
  SmtpOptions clear = Options();
  clear.starttls = false;  // the server requires STARTTLS: 530 before MAIL FROM
  absl::Status refused = SendMail(clear, "reportflow@rf.example.gov.cn",
                                  "wangqiang@jinkouhe.example.gov.cn", Message());
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(refused.message()), HasSubstr("530"));
  EXPECT_TRUE(Delivered(maildir_).empty());

  SmtpOptions remote = Options();
  remote.host = "smtp.example.gov.cn";
  remote.starttls = false;
  EXPECT_THAT(SendMail(remote, "a@b.cn", "c@d.cn", Message()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(SendMail(Options(), "not an address", "c@d.cn", Message()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(SmtpTest, AServerThatIsDownIsWorthRetrying) {
  server_->Signal(SIGKILL);
  ASSERT_THAT(server_->Wait(absl::Seconds(10)), IsOk());
  absl::Status down = SendMail(Options(), "reportflow@rf.example.gov.cn",
                               "wangqiang@jinkouhe.example.gov.cn", Message());
  EXPECT_THAT(down, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(std::string(down.message()), HasSubstr("邮件服务器 127.0.0.1"));
}

}  // namespace
}  // namespace reportflow::notification
