#include "services/console/session.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow::console {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::testing::HasSubstr;

TEST(Session, SealedCookiesOpenOnlyWithTheKeyAndUnchanged) {
  absl::StatusOr<SessionSealer> sealer = SessionSealer::Create(std::string(32, 'k'));
  ASSERT_THAT(sealer, IsOk());
  ConsoleSession session{"s1",       "people/u-lina", "李娜",    "access",
                         1900000000, "refresh",       1900000000};
  const std::string sealed = sealer->Seal(session);
  EXPECT_EQ(sealed.find("access"), std::string::npos) << "the browser cannot read the tokens";
  absl::StatusOr<ConsoleSession> opened = sealer->Open(sealed);
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(opened->display_name, "李娜");
  EXPECT_EQ(opened->refresh_token, "refresh");
  std::string changed = sealed;
  changed[changed.size() / 2] = changed[changed.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_THAT(sealer->Open(changed), StatusIs(absl::StatusCode::kUnauthenticated));
  absl::StatusOr<SessionSealer> other = SessionSealer::Create(std::string(32, 'x'));
  EXPECT_THAT(other->Open(sealed), StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(SessionSealer::Create("short"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(Session, CsrfTokenIsBoundToTheSession) {
  absl::StatusOr<SessionSealer> sealer = SessionSealer::Create(std::string(32, 'k'));
  ConsoleSession a{"s1"}, b{"s2"};
  const std::string token = sealer->CsrfToken(a);
  EXPECT_TRUE(sealer->CsrfMatches(a, token));
  EXPECT_FALSE(sealer->CsrfMatches(b, token));
  EXPECT_FALSE(sealer->CsrfMatches(a, ""));
}

TEST(Session, CookieHeadersAreHttpOnlySecureStrict) {
  const std::string header = SessionCookieHeader("v", 3600);
  EXPECT_THAT(header, HasSubstr("rf_session=v"));
  EXPECT_THAT(header, HasSubstr("HttpOnly"));
  EXPECT_THAT(header, HasSubstr("Secure"));
  EXPECT_THAT(header, HasSubstr("SameSite=Strict"));
  EXPECT_EQ(CookieValue("a=1; rf_session=xyz; b=2", "rf_session"), "xyz");
  EXPECT_EQ(CookieValue("a=1", "rf_session"), std::nullopt);
}

}  // namespace
}  // namespace reportflow::console
