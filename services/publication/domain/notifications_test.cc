#include "services/publication/domain/notifications.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace reportflow::publication {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace nv1 = notification::v1;

PublicationSummary Summary() {
  return {12, "jinkouhe-gov-office", "reports/r-1/versions/2",
          "乐山市金口河区人民政府办公室2024年度部门决算",
          "https://www.jkh.gov.cn/gk/jinkouhe-gov-office/2024/r-1-v2/index.html"};
}

TEST(PublicationNotificationTest, PublishedWithdrawnCorrectedGoToDraftersAndPublisher) {
  nv1::NotifyRequest published =
      PublicationNotification(PublicationEvent::kPublished, Summary(), "");
  EXPECT_EQ(published.event(), "n-pub-12-published");
  EXPECT_EQ(published.kind(), nv1::EVENT_KIND_PUBLISHED);
  EXPECT_EQ(published.unit(), "jinkouhe-gov-office");
  EXPECT_EQ(published.role(), "drafter");
  EXPECT_THAT(published.roles(), ElementsAre("publisher"));
  EXPECT_EQ(published.title(), "已公开：乐山市金口河区人民政府办公室2024年度部门决算（第 2 版）");
  EXPECT_THAT(published.text(), HasSubstr(Summary().url));
  EXPECT_EQ(published.link(), "/publications");

  nv1::NotifyRequest withdrawn =
      PublicationNotification(PublicationEvent::kWithdrawn, Summary(), "附表数据待核实");
  EXPECT_EQ(withdrawn.event(), "n-pub-12-withdrawn");
  EXPECT_EQ(withdrawn.kind(), nv1::EVENT_KIND_PUBLICATION_WITHDRAWN);
  EXPECT_THAT(withdrawn.text(), HasSubstr("撤回理由：附表数据待核实"));

  nv1::NotifyRequest corrected =
      PublicationNotification(PublicationEvent::kCorrected, Summary(), "publications/13");
  EXPECT_EQ(corrected.event(), "n-pub-12-corrected");
  EXPECT_THAT(corrected.text(), HasSubstr("publications/13"));
}

TEST(PublicationNotificationTest, AFailingPushIsToldToThePublisherAfterAnHour) {
  const absl::Time accepted = absl::FromUnixSeconds(1764554400);
  EXPECT_FALSE(PushFailingLongEnough(accepted, accepted + absl::Minutes(59)));
  EXPECT_TRUE(PushFailingLongEnough(accepted, accepted + absl::Hours(1)));
  nv1::NotifyRequest failing =
      PublicationNotification(PublicationEvent::kPushFailing, Summary(), "HTTP 503");
  EXPECT_EQ(failing.event(), "n-pub-12-push-failing");
  EXPECT_EQ(failing.kind(), nv1::EVENT_KIND_PORTAL_PUSH_FAILING);
  EXPECT_EQ(failing.role(), "publisher");
  EXPECT_TRUE(failing.roles().empty()) << "the publisher alone";
  EXPECT_THAT(failing.text(), HasSubstr("最近一次错误：HTTP 503"));
}

TEST(PortalDriftNotification, TellsThePublisherOncePerDrift) {
  const PublicationSummary summary{7, "unit-a", "reports/r-1/versions/2", "某单位2024年度部门决算",
                                   "https://portal.example/unit-a/2024/r-1-v2/index.html"};
  const nv1::NotifyRequest first =
      PortalDriftNotification(summary, "index.html 被修改", absl::FromUnixSeconds(1000));
  EXPECT_EQ(first.kind(), nv1::EVENT_KIND_PORTAL_DRIFT);
  EXPECT_EQ(first.role(), "publisher");
  EXPECT_EQ(first.roles_size(), 0);
  EXPECT_EQ(first.event(), "n-pub-7-drift-1000");
  EXPECT_NE(first.text().find("第 2 版的公开页面"), std::string::npos);
  EXPECT_NE(first.text().find("index.html 被修改"), std::string::npos);
  EXPECT_NE(PortalDriftNotification(summary, "x", absl::FromUnixSeconds(2000)).event(),
            first.event())
      << "a later drift is told again";
}

}  // namespace
}  // namespace reportflow::publication
