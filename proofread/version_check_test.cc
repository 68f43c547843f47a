#include "proofread/version_check.h"

#include "gtest/gtest.h"

namespace reportflow::proofread {
namespace {

drafting::v1::Template TwoParts() {
  drafting::v1::Template report_template;
  report_template.set_name("templates/other-2024");
  drafting::v1::TemplatePart* part = report_template.add_parts();
  part->set_title("第二部分 2024 年度单位决算情况说明");
  drafting::v1::TemplateSection* section = part->add_sections();
  section->set_key("overview");
  section->set_title("一、收入支出决算总体情况说明");
  section = part->add_sections();
  section->set_key("income");
  section->set_title("二、收入决算情况说明");
  return report_template;
}

drafting::v1::ReportVersion Version() {
  drafting::v1::ReportVersion version;
  version.set_fiscal_year(2024);
  version.set_unit_display_name("某某单位");
  drafting::v1::ManifestEntry* entry = version.add_manifest();
  entry->set_section("reports/r-1/sections/overview");
  entry->set_title("一、收入支出决算总体情况说明");
  entry->set_content("2024 年度收入总计 100 万元。");
  entry = version.add_manifest();
  entry->set_section("reports/r-1/sections/income");
  entry->set_title("二、收入决算情况说明");
  entry->set_content(
      "本年收入情况如下。\n\n本年收入合计 100.00 万元，其中：财政拨款收入 60.00 万元；"
      "其他收入 30.00 万元。");
  return version;
}

TEST(CheckVersion, PlacesFindingsInTheirSectionAndLine) {
  const std::vector<SectionFinding> findings = CheckVersion(Version(), TwoParts());
  // 60 + 30 is not the total of 100.
  auto sum = std::find_if(findings.begin(), findings.end(), [](const SectionFinding& found) {
    return found.finding.rule == "figures.sum";
  });
  ASSERT_NE(sum, findings.end());
  EXPECT_EQ(sum->section, "reports/r-1/sections/income");
  EXPECT_EQ(sum->line, 3) << "the 其中 line, counted within the section's content";
  for (const SectionFinding& found : findings) {
    EXPECT_FALSE(found.section.empty()) << found.finding.rule;
  }
}

TEST(CheckVersion, RunsWithoutATemplate) {
  const std::vector<SectionFinding> findings = CheckVersion(Version(), {});
  EXPECT_TRUE(std::any_of(findings.begin(), findings.end(), [](const SectionFinding& found) {
    return found.finding.rule == "figures.sum" && found.section == "reports/r-1/sections/income";
  }));
}

TEST(CheckVersion, ChecksTheTextAgainstTheTableSections) {
  drafting::v1::ReportVersion version = Version();
  drafting::v1::ManifestEntry* entry = version.mutable_manifest(0);
  entry->set_content("2024 年度收入总计 100 万元。公务接待费支出决算 31.00 万元。");
  entry = version.add_manifest();
  entry->set_section("reports/r-1/sections/t13");
  entry->set_title("十三、财政拨款“三公”经费支出决算表");
  entry->set_kind(drafting::v1::SECTION_KIND_TABLE);
  entry->set_content("项目,预算数（万元）,决算数（万元）\n公务接待费,30.00,30.00\n");
  const std::vector<SectionFinding> findings = CheckVersion(version, {});
  auto table = std::find_if(findings.begin(), findings.end(), [](const SectionFinding& found) {
    return found.finding.rule == "figures.table";
  });
  ASSERT_NE(table, findings.end());
  EXPECT_EQ(table->section, "reports/r-1/sections/overview") << "placed at the text's figure";
  EXPECT_EQ(table->line, 1);
  EXPECT_NE(table->finding.message.find("十三、财政拨款“三公”经费支出决算表"), std::string::npos);
}

}  // namespace
}  // namespace reportflow::proofread
