#include "services/common/limits.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::testing::HasSubstr;

TEST(LimitsTest, DefaultsAndOverrides) {
  absl::StatusOr<Limits> limits = ParseLimits(R"({"max_comments_per_request": 7})");
  ASSERT_THAT(limits, IsOk());
  EXPECT_EQ(limits->max_comments_per_request, 7);
  EXPECT_EQ(limits->max_comments_per_review, Limits{}.max_comments_per_review);
  absl::StatusOr<Limits> off = ParseLimits(R"({"mutations_per_minute": 0})");
  ASSERT_THAT(off, IsOk());
  EXPECT_EQ(off->mutations_per_minute, 0);
}

TEST(LimitsTest, RefusesUnknownAndBadValues) {
  EXPECT_THAT(ParseLimits(R"({"max_comments": 7})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("max_comments")));
  EXPECT_THAT(ParseLimits(R"({"max_table_rows": 0})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("limits.max_table_rows")));
  EXPECT_THAT(ParseLimits(R"({"max_table_rows": "5"})"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseLimits("[1]"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(LimitsTest, RateLimiterRefusesBeyondBurstAndRefills) {
  RateLimiter limiter(60);  // one a second, burst 12
  const absl::Time t0 = absl::FromUnixSeconds(1700000000);
  for (int i = 0; i < 12; ++i) {
    EXPECT_THAT(limiter.Admit("u-a", t0), IsOk()) << i;
  }
  EXPECT_THAT(limiter.Admit("u-a", t0),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("mutations_per_minute=60")));
  EXPECT_THAT(limiter.Admit("u-b", t0), IsOk()) << "per person";
  EXPECT_THAT(limiter.Admit("u-a", t0 + absl::Seconds(1)), IsOk()) << "refilled";
  RateLimiter off(0);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_THAT(off.Admit("u-a", t0), IsOk());
  }
}

}  // namespace
}  // namespace reportflow
