#include "services/common/text_rules.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::testing::HasSubstr;

TEST(TextRulesTest, Utf8Offsets) {
  EXPECT_EQ(InvalidUtf8Offset("收入支出决算 1089.82 万元 😀"), -1);
  EXPECT_EQ(InvalidUtf8Offset("ab\xff"), 2);
  EXPECT_EQ(InvalidUtf8Offset("a\xe6\x94"), 1);
  EXPECT_EQ(InvalidUtf8Offset("\xc0\xaf"), 0) << "overlong '/'";
  EXPECT_EQ(InvalidUtf8Offset("\xed\xa0\x80"), 0) << "surrogate";
  EXPECT_EQ(CodePointCount("决算ab"), 4u);
}

TEST(TextRulesTest, BlankIsUnicodeAware) {
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank(" \t\n"));
  EXPECT_TRUE(IsBlank("\u3000\u3000\u3000"));
  EXPECT_TRUE(IsBlank("\u00a0\u2003\ufeff\u200b"));
  EXPECT_FALSE(IsBlank("\u3000同意\u3000"));
  EXPECT_EQ(StripBlank("\u3000 同意 \u3000"), "同意");
  EXPECT_EQ(StripBlank("同意"), "同意");
}

TEST(TextRulesTest, ValidateTextNamesFieldAndRule) {
  EXPECT_THAT(ValidateText("reason", "\u3000\u3000", 10, Presence::kRequired),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason: 不能为空")));
  EXPECT_THAT(ValidateText("opinion", "ok\xff", 10),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("opinion: 第 3 字节")));
  EXPECT_THAT(ValidateText("opinion", "一二三四五六", 5),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("超过 5 字的上限")));
  EXPECT_THAT(ValidateText("opinion", "一二三四五", 5), IsOk());
  EXPECT_THAT(ValidateText("opinion", "", 5), IsOk());
}

TEST(TextRulesTest, QuoteInputIsShortAndValid) {
  const std::string long_input(10000, 'a');
  const std::string quoted = QuoteInput(long_input);
  EXPECT_EQ(quoted, std::string(40, 'a') + "…");
  EXPECT_EQ(QuoteInput("单位\xff名"), "单位名");
  EXPECT_EQ(InvalidUtf8Offset(QuoteInput("\xe6\x94\xe6\x94\xb6")), -1);
}

TEST(TextRulesTest, TruncateText) {
  EXPECT_EQ(TruncateText("一二三四", 2), "一二…");
  EXPECT_EQ(TruncateText("一二", 2), "一二");
  EXPECT_EQ(TruncateText("", 0), "");
}

TEST(TextRulesTest, UnitIds) {
  for (const char* good : {"jinkouhe-gov-office", "a", "510113", "unit-3"}) {
    EXPECT_THAT(ValidateUnitId("report.unit", good), IsOk()) << good;
  }
  for (const std::string& bad :
       std::vector<std::string>{"", "..", "../x", "/etc", "a/b", "Upper", "-x", "x-", "a b", "单位",
                                "a.b", std::string(49, 'a')}) {
    EXPECT_THAT(ValidateUnitId("report.unit", bad),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("report.unit")))
        << bad;
  }
  EXPECT_THAT(ValidateUnitId("report.unit", std::string(48, 'a')), IsOk());
}

}  // namespace
}  // namespace reportflow
