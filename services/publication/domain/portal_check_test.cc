#include "services/publication/domain/portal_check.h"

#include "gtest/gtest.h"
#include "services/common/sha256.h"

namespace reportflow::publication {
namespace {

std::vector<ExpectedFile> Page() {
  return {{"index.html", Sha256Hex("<p>公开</p>"), 13},
          {"report.pdf", Sha256Hex("%PDF-1.5 ...."), 13},
          {"data.json", Sha256Hex("{}"), 2}};
}

std::vector<ServedFile> Served(const std::string& index, absl::StatusOr<std::string> pdf,
                               absl::StatusOr<std::string> data) {
  return {{"index.html", index}, {"report.pdf", std::move(pdf)}, {"data.json", std::move(data)}};
}

TEST(ComparePortal, AnUntouchedPageMatches) {
  const CheckResult result =
      ComparePortal(PageExpectation(Page()), Served("<p>公开</p>", "%PDF-1.5 ....", "{}"));
  EXPECT_EQ(result.state, PortalState::kMatches);
  EXPECT_TRUE(result.drifts.empty());
}

TEST(ComparePortal, FindsEditedMissingAndTruncatedFiles) {
  const CheckResult result =
      ComparePortal(PageExpectation(Page()),
                    Served("<p>公开（已被改）</p>", "%PDF-1", absl::NotFoundError("404")));
  ASSERT_EQ(result.state, PortalState::kDrifted);
  ASSERT_EQ(result.drifts.size(), 3u);
  EXPECT_EQ(result.drifts[0].path, "index.html");
  EXPECT_EQ(result.drifts[0].kind, DriftKind::kModified);
  EXPECT_EQ(result.drifts[1].path, "report.pdf");
  EXPECT_EQ(result.drifts[1].kind, DriftKind::kTruncated);
  EXPECT_EQ(result.drifts[1].detail, "应为 13 字节，实为 6 字节");
  EXPECT_EQ(result.drifts[2].kind, DriftKind::kMissing);
  EXPECT_EQ(DriftSummary(result.drifts), "index.html 被修改；report.pdf 被截断；data.json 缺失");
}

TEST(ComparePortal, AWithdrawnPageShowsItsNoticeAndNothingElse) {
  const PortalExpectation expected = NoticeExpectation("<p>已撤回</p>", Page());
  ASSERT_EQ(expected.absent.size(), 2u);
  EXPECT_EQ(ComparePortal(expected, Served("<p>已撤回</p>", absl::NotFoundError("404"),
                                           absl::NotFoundError("404")))
                .state,
            PortalState::kMatches);
  const CheckResult back = ComparePortal(
      expected, Served("<p>公开的页面原文</p>", absl::NotFoundError("404"), std::string("{}")));
  ASSERT_EQ(back.state, PortalState::kDrifted);
  ASSERT_EQ(back.drifts.size(), 2u);
  EXPECT_EQ(back.drifts[0].kind, DriftKind::kModified) << "the page instead of its notice";
  EXPECT_EQ(back.drifts[1].path, "data.json");
  EXPECT_EQ(back.drifts[1].kind, DriftKind::kReappeared);
}

TEST(ComparePortal, APortalThatCannotBeAskedIsUnreachableNotTampered) {
  const CheckResult result = ComparePortal(
      PageExpectation(Page()),
      Served("<p>改</p>", absl::UnavailableError("超时"), absl::NotFoundError("404")));
  EXPECT_EQ(result.state, PortalState::kUnreachable);
  EXPECT_TRUE(result.drifts.empty());
  EXPECT_EQ(result.unreachable, "report.pdf：超时");
  EXPECT_EQ(ComparePortal(PageExpectation(Page()), {}).state, PortalState::kUnreachable)
      << "a path never asked is not a match";
}

}  // namespace
}  // namespace reportflow::publication
