#include "services/drafting/domain/templates.h"

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow::drafting {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::testing::HasSubstr;

TEST(ShippedTemplates, SichuanMatchesTheSampleReportsShape) {
  absl::StatusOr<std::map<std::string, v1::Template>> templates = ShippedTemplates();
  ASSERT_THAT(templates, IsOk());
  ASSERT_EQ(templates->size(), 2u);
  const v1::Template& sichuan = templates->at("templates/sichuan-final-accounts-2024");
  EXPECT_EQ(sichuan.province(), "sichuan");
  EXPECT_EQ(sichuan.kind(), v1::REPORT_KIND_FINAL_ACCOUNTS);
  EXPECT_EQ(sichuan.fiscal_year(), 2024);
  ASSERT_EQ(sichuan.parts_size(), 5);
  EXPECT_EQ(sichuan.parts(1).sections_size(), 10) << "the ten numbered items of part two";
  EXPECT_EQ(sichuan.parts(1).sections(8).title(), "九、国有资本经营预算支出决算情况说明");
  EXPECT_EQ(sichuan.parts(2).sections(0).title(), "名词解释");
  EXPECT_EQ(sichuan.parts(3).sections(0).title(), "附件");
  ASSERT_EQ(sichuan.parts(4).sections_size(), 13) << "the thirteen tables of part five";
  for (const v1::TemplateSection& table : sichuan.parts(4).sections()) {
    EXPECT_EQ(table.kind(), v1::SECTION_KIND_TABLE) << table.key();
  }
  EXPECT_EQ(sichuan.parts(4).sections(12).title(), "十三、财政拨款“三公”经费支出决算表");
}

TEST(ShippedTemplates, NationalIsAnotherShape) {
  absl::StatusOr<std::map<std::string, v1::Template>> templates = ShippedTemplates();
  ASSERT_THAT(templates, IsOk());
  const v1::Template& national = templates->at("templates/national-final-accounts-2024");
  ASSERT_EQ(national.parts_size(), 5);
  EXPECT_EQ(national.parts(1).title(), "第二部分 部门决算表");
  EXPECT_EQ(national.parts(1).sections_size(), 9) << "the national nine-table set";
  std::set<std::string> keys;
  for (const v1::TemplatePart& part : national.parts()) {
    for (const v1::TemplateSection& section : part.sections()) {
      EXPECT_TRUE(keys.insert(section.key()).second) << section.key();
    }
  }
}

constexpr char kHead[] =
    "name: \"templates/t\" display_name: \"T\" kind: REPORT_KIND_BUDGET fiscal_year: 2025\n";

TEST(ParseTemplate, RejectsBadTemplatesNamingTheRule) {
  EXPECT_THAT(ParseTemplate("name: \"templates/t\"\nparts { key: \n", "t.textproto"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("t.textproto:3:")));
  EXPECT_THAT(ParseTemplate(kHead, "t.textproto"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at least one part")));
  EXPECT_THAT(
      ParseTemplate(std::string(kHead) + "parts { key: \"p1\" title: \"一\" sections { key: \"a\" "
                                         "title: \"甲\" kind: SECTION_KIND_TEXT } }\n"
                                         "parts { key: \"p2\" title: \"二\" sections { key: \"a\" "
                                         "title: \"乙\" kind: SECTION_KIND_TEXT } }\n",
                    "t.textproto"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("section key \"a\"")));
  EXPECT_THAT(ParseTemplate(
                  std::string(kHead) +
                      "parts { key: \"p1\" title: \"一\" sections { key: \"a\" title: \"甲\" } }\n",
                  "t.textproto"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("needs a kind")));
  EXPECT_THAT(ParseTemplate("name: \"Templates/X\" display_name: \"T\" kind: REPORT_KIND_BUDGET "
                            "fiscal_year: 2025\n",
                            "t.textproto"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name must be")));
}

TEST(NormalizeHeading, DropsNumberingSpacesAndYear) {
  EXPECT_EQ(NormalizeHeading("第二部分 2024 年度单位决算情况说明"), "单位决算情况说明");
  EXPECT_EQ(NormalizeHeading("一、收入支出决算总体情况说明"), "收入支出决算总体情况说明");
  EXPECT_EQ(NormalizeHeading("（三）国有资产占有使用情况"), "国有资产占有使用情况");
  EXPECT_EQ(NormalizeHeading("十三、财政拨款“三公”经费支出决算表"), "财政拨款“三公”经费支出决算表");
  EXPECT_EQ(NormalizeHeading("名词解释"), "名词解释");
}

}  // namespace
}  // namespace reportflow::drafting
