#include "services/notification/domain/notify_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow::notification {
namespace {

using ::reportflow::testing::IsOk;
using ::testing::StartsWith;

v1::NotifyRequest Valid() {
  v1::NotifyRequest request;
  request.set_event("reviews/3/tasks/review-1#active-2");
  request.set_kind(v1::EVENT_KIND_TASK_ACTIVE);
  request.set_unit("jinkouhe-gov-office");
  request.set_subject("reports/r-1/versions/2");
  request.set_role("review_1");
  request.set_title("待审校：2024年度部门决算（初审）");
  request.set_text("第 2 版等待您初审。");
  request.set_link("/reviews/3");
  return request;
}

std::string Refusal(const v1::NotifyRequest& request) {
  absl::Status status = ValidateNotify(request);
  return status.ok() ? "" : std::string(status.message());
}

TEST(NotifyRules, AcceptsAWellFormedEventAndNamesTheFieldOfABadOne) {
  EXPECT_THAT(ValidateNotify(Valid()), IsOk());
  v1::NotifyRequest r = Valid();
  r.set_event("");
  EXPECT_THAT(Refusal(r), StartsWith("event:"));
  r = Valid();
  r.set_event("has space");
  EXPECT_THAT(Refusal(r), StartsWith("event:"));
  r = Valid();
  r.set_kind(v1::EVENT_KIND_UNSPECIFIED);
  EXPECT_THAT(Refusal(r), StartsWith("kind:"));
  r = Valid();
  r.set_unit("../etc");
  EXPECT_THAT(Refusal(r), StartsWith("unit:"));
  r = Valid();
  r.set_role("Review 1");
  EXPECT_THAT(Refusal(r), StartsWith("role:"));
  r = Valid();
  r.set_role("");
  EXPECT_THAT(Refusal(r), StartsWith("role:")) << "neither role nor people";
  r.add_people("people/u-zhangwei");
  EXPECT_THAT(ValidateNotify(r), IsOk());
  r.add_people("u-lina");
  EXPECT_THAT(Refusal(r), StartsWith("people:"));
  r = Valid();
  r.set_title("");
  EXPECT_THAT(Refusal(r), StartsWith("title:"));
  r = Valid();
  r.set_title(std::string(201 * 3, 'x'));
  EXPECT_THAT(Refusal(r), StartsWith("title:"));
  for (const char* link :
       {"https://evil.example/", "//evil.example/x", "javascript:alert(1)", "reviews/3"}) {
    r = Valid();
    r.set_link(link);
    EXPECT_THAT(Refusal(r), StartsWith("link:")) << link;
  }
}

}  // namespace
}  // namespace reportflow::notification
