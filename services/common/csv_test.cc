#include "services/common/csv.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOkAndHolds;
using ::reportflow::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Csv, ParsesQuotedFieldsAndLineEnds) {
  EXPECT_THAT(
      ParseCsv("项目,金额\r\n\"基本支出,合计\",764.27\n\"说\"\"明\",\"多\n行\"\n"),
      IsOkAndHolds(ElementsAre(ElementsAre("项目", "金额"), ElementsAre("基本支出,合计", "764.27"),
                               ElementsAre("说\"明", "多\n行"))));
  EXPECT_THAT(ParseCsv(""), IsOkAndHolds(::testing::IsEmpty()));
}

TEST(Csv, RejectsMalformedTablesNamingTheLine) {
  EXPECT_THAT(ParseCsv("a,b\n1,\"2\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("第 2 行：引号未闭合")));
  EXPECT_THAT(ParseCsv("a,b\n1,2,3\n"), StatusIs(absl::StatusCode::kInvalidArgument,
                                                 HasSubstr("第 2 行有 3 列，表头有 2 列")));
  EXPECT_THAT(ParseCsv("a,b\n\"1\"x,2\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("引号结束后")));
}

}  // namespace
}  // namespace reportflow
