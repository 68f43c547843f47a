#include "services/notification/domain/action_links.h"

#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow::notification {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;

TEST(ActionLinksTest, TokensAre43Base64UrlCharactersAndOnlyTheirHashIsKept) {
  const std::string zeros(32, '\0');
  EXPECT_EQ(TokenFromBytes(zeros), std::string(43, 'A'));
  const std::string ones(32, '\xff');
  EXPECT_EQ(TokenFromBytes(ones), std::string(42, '_') + "8");
  EXPECT_TRUE(IsWellFormedToken(TokenFromBytes(ones)));
  EXPECT_FALSE(IsWellFormedToken(std::string(42, 'A')));
  EXPECT_FALSE(IsWellFormedToken(std::string(42, 'A') + "/"));
  EXPECT_FALSE(IsWellFormedToken(std::string(42, 'A') + "=")) << "no padding, no other alphabet";
  EXPECT_EQ(TokenHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ActionLinkPath("tok"), "/act/tok");
}

TEST(ActionLinksTest, ALinkExpiresAfter72HoursAndEachEndIsItsOwnRefusal) {
  const absl::Time made = absl::FromUnixSeconds(1764554400);
  const absl::Time expires = made + kActionLinkLifetime;
  EXPECT_EQ(StateAt(v1::ACTION_LINK_STATE_VALID, expires, made + absl::Hours(71)),
            v1::ACTION_LINK_STATE_VALID);
  EXPECT_EQ(StateAt(v1::ACTION_LINK_STATE_VALID, expires, made + absl::Hours(72)),
            v1::ACTION_LINK_STATE_EXPIRED);
  EXPECT_EQ(StateAt(v1::ACTION_LINK_STATE_USED, expires, made + absl::Hours(100)),
            v1::ACTION_LINK_STATE_USED)
      << "a used link stays used";
  EXPECT_THAT(Refusal(v1::ACTION_LINK_STATE_VALID), IsOk());
  EXPECT_THAT(Refusal(v1::ACTION_LINK_STATE_USED), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Refusal(v1::ACTION_LINK_STATE_EXPIRED),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Refusal(v1::ACTION_LINK_STATE_DEAD), StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace reportflow::notification
