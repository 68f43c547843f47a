#include "services/common/resource_name.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOkAndHolds;
using ::reportflow::testing::StatusIs;

TEST(ParseResourceName, ReadsTheIdsInOrder) {
  EXPECT_THAT(ParseResourceName("publications/7/pushes/9", "publications/{p}/pushes/{q}", "name"),
              IsOkAndHolds(::testing::ElementsAre("7", "9")));
  EXPECT_THAT(ParseVersionName("reports/r-1/versions/2", "version"),
              IsOkAndHolds(std::make_pair(std::string("r-1"), 2)));
  EXPECT_THAT(ParseReportName("reports/r-1", "report"), IsOkAndHolds(std::string("r-1")));
  EXPECT_THAT(ParseNumericName("publications/12", "publications/{publication}", "name"),
              IsOkAndHolds(::testing::ElementsAre(12)));
}

TEST(ParseResourceName, NamesTheFieldAndTheForm) {
  absl::StatusOr<std::pair<std::string, int>> bad = ParseVersionName("reports/r-1/versions/0", "x");
  EXPECT_THAT(bad.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(bad.status().message(),
            "x: \"reports/r-1/versions/0\" is not of the form reports/{report}/versions/{version}");
  EXPECT_THAT(ParseReportName("reports//", "report").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseNumericName("publications/x", "publications/{publication}", "name").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace reportflow
