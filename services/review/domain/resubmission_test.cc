#include "services/review/domain/resubmission.h"

#include "gtest/gtest.h"

namespace reportflow::review {
namespace {

v1::Finding MakeFinding(const std::string& section, const std::string& rule,
                        const std::string& excerpt, const std::string& carried_from = "") {
  v1::Finding finding;
  finding.set_section(section);
  finding.set_rule(rule);
  finding.set_excerpt(excerpt);
  finding.set_carried_from(carried_from);
  return finding;
}

v1::Comment MakeComment(const std::string& section, bool resolved,
                        const std::string& carried_from = "") {
  v1::Comment comment;
  comment.mutable_anchor()->set_section(section);
  comment.set_text("缺少计量单位");
  comment.set_resolved(resolved);
  comment.set_carried_from(carried_from);
  return comment;
}

const SectionChanges& Changes() {
  static const SectionChanges* const kChanges =
      new SectionChanges({{"p1", "aaa"}, {"p2", "bbb"}, {"gone", "ccc"}},
                         {{"p1", "aaa"}, {"p2", "BBB"}, {"new", "d"}});
  return *kChanges;
}

TEST(SectionChanges, OnlyASectionInBothWithTheSameContentIsUnchanged) {
  EXPECT_TRUE(Changes().Unchanged("p1"));
  EXPECT_FALSE(Changes().Unchanged("p2"));    // edited
  EXPECT_FALSE(Changes().Unchanged("gone"));  // no longer in the version
  EXPECT_FALSE(Changes().Unchanged("new"));   // not in the previous one
}

TEST(FindingOrigin, TheSameFindingOnAnUnchangedSectionNamesWhereItWasFirstRaised) {
  const std::vector<v1::Finding> previous = {
      MakeFinding("p1", "figures.sum", "合计 10"),
      MakeFinding("p1", "leftover.hint", "（具体工作）", "reviews/3"),
      MakeFinding("p2", "figures.sum", "合计 20")};
  EXPECT_EQ(
      FindingOrigin(MakeFinding("p1", "figures.sum", "合计 10"), previous, Changes(), "reviews/7"),
      "reviews/7");
  // Carried before: it keeps the review it was first raised in.
  EXPECT_EQ(FindingOrigin(MakeFinding("p1", "leftover.hint", "（具体工作）"), previous, Changes(),
                          "reviews/7"),
            "reviews/3");
  // Another excerpt, another rule, or a changed section: a new finding.
  EXPECT_EQ(
      FindingOrigin(MakeFinding("p1", "figures.sum", "合计 11"), previous, Changes(), "reviews/7"),
      "");
  EXPECT_EQ(FindingOrigin(MakeFinding("p1", "figures.share", "合计 10"), previous, Changes(),
                          "reviews/7"),
            "");
  EXPECT_EQ(
      FindingOrigin(MakeFinding("p2", "figures.sum", "合计 20"), previous, Changes(), "reviews/7"),
      "");
}

TEST(CarriedComments, UnresolvedCommentsOnUnchangedSectionsGoOnWithTheirOrigin) {
  const std::vector<v1::Comment> carried =
      CarriedComments({MakeComment("p1", false), MakeComment("p1", true), MakeComment("p2", false),
                       MakeComment("p1", false, "reviews/2"), MakeComment("gone", false)},
                      Changes(), "reviews/7");
  ASSERT_EQ(carried.size(), 2u);
  EXPECT_EQ(carried[0].carried_from(), "reviews/7");
  EXPECT_EQ(carried[0].text(), "缺少计量单位");
  EXPECT_EQ(carried[1].carried_from(), "reviews/2");
}

TEST(Supersede, CancelsTheOlderReviewNamingTheNewVersion) {
  const workflow::Action action = Supersede("reports/r-1/versions/3");
  EXPECT_EQ(action.kind, workflow::ActionKind::kCancel);
  EXPECT_EQ(action.text, "已被新提交的版本 reports/r-1/versions/3 取代");
}

}  // namespace
}  // namespace reportflow::review
