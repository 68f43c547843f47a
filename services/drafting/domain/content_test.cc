#include "services/drafting/domain/content.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow::drafting {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::testing::HasSubstr;

TEST(ValidateContent, NamesTheFieldAndTheRule) {
  EXPECT_THAT(ValidateContent(v1::SECTION_KIND_TEXT, "一、收入支出决算总体情况说明\n"), IsOk());
  EXPECT_THAT(ValidateContent(v1::SECTION_KIND_TEXT, "ok\xff"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("revision.content: 第 3 字节起不是有效的 UTF-8")));
  EXPECT_THAT(ValidateContent(v1::SECTION_KIND_TEXT, std::string(kMaxContentBytes + 1, 'a')),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("超过 1048576 字节的上限 (limit max_section_bytes)")));
  EXPECT_THAT(ValidateContent(v1::SECTION_KIND_TEXT, std::string(kMaxContentBytes, 'a')), IsOk());
  EXPECT_THAT(ValidateContent(v1::SECTION_KIND_TABLE, "a,b\n1\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("revision.content: CSV")));
  EXPECT_THAT(ValidateContent(v1::SECTION_KIND_TABLE, "项目,金额\n基本支出,764.27\n"), IsOk());
  EXPECT_THAT(ValidateContent(v1::SECTION_KIND_TEXT, "a,b\n1\n"), IsOk()) << "text is not CSV";
  EXPECT_THAT(ValidateContent(v1::SECTION_KIND_TEXT, "\xff", "revisions[3].content"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("revisions[3].content")));
}

TEST(ValidateContent, TableLimits) {
  const ContentLimits limits{1 << 20, 3, 2};
  EXPECT_THAT(ValidateContent(v1::SECTION_KIND_TABLE, "a,b\n1,2\n3,4\n5,6\n", "t", limits), IsOk());
  EXPECT_THAT(ValidateContent(v1::SECTION_KIND_TABLE, "a,b\n1,2\n3,4\n5,6\n7,8\n", "t", limits),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("limit max_table_rows")));
  EXPECT_THAT(ValidateContent(v1::SECTION_KIND_TABLE, "a,b,c\n1,2,3\n", "t", limits),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("limit max_table_columns")));
}

}  // namespace
}  // namespace reportflow::drafting
