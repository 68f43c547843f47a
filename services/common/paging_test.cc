#include "services/common/paging.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOkAndHolds;
using ::reportflow::testing::StatusIs;
using ::testing::ElementsAre;

std::string Token(int last) { return absl::StrCat(last); }

TEST(Paging, AFetchOfPageSizePlusOneSplitsIntoAPageAndAToken) {
  const std::vector<int> more = {4, 5, 6};  // fetched with LIMIT 2 + 1
  EXPECT_THAT(PageOf(more, 2), ElementsAre(4, 5));
  EXPECT_EQ(NextPageToken(more, 2, Token), "5");
  const std::vector<int> last = {4, 5};
  EXPECT_THAT(PageOf(last, 2), ElementsAre(4, 5));
  EXPECT_EQ(NextPageToken(last, 2, Token), "") << "the last page has no token";
  EXPECT_TRUE(PageOf(std::vector<int>(), 2).empty());
  EXPECT_EQ(NameTail("reviews/7/comments/13"), "13");
}

TEST(Paging, SizesAndTokensAreChecked) {
  EXPECT_THAT(PageSize(0, 100), IsOkAndHolds(50));
  EXPECT_THAT(PageSize(500, 100), IsOkAndHolds(100));
  EXPECT_THAT(PageSize(-1, 100).status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(NumberToken("", 1), IsOkAndHolds(0));
  EXPECT_THAT(NumberToken("x", 1).status(), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace reportflow
