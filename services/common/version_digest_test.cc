#include "services/common/version_digest.h"

#include "gtest/gtest.h"
#include "services/common/sha256.h"
#include "services/common/status_matchers.h"

namespace reportflow {
namespace {

std::vector<ManifestLine> Manifest() {
  return {
      {"p1-duties", 3, Sha256Hex("x")}, {"p2-01-overview", 1, Sha256Hex("y")}, {"p5-t01", 0, ""}};
}

TEST(ManifestDigest, IsTheSha256OfTheCanonicalManifest) {
  EXPECT_EQ(CanonicalManifest(Manifest()),
            "p1-duties\t3\t2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881\n"
            "p2-01-overview\t1\ta1fce4363854ff888cff4b8e7875d600c2682390412a8cf79b37d0b11148b0fa\n"
            "p5-t01\t0\t\n");
  // Computed independently: printf '<the text above>' | sha256sum
  EXPECT_EQ(ManifestDigest(Manifest()),
            "2901123128084e63c8aa3a9a26e1e53c4aaeeca19ff4f9a2678ce2c21ba693cf");
}

TEST(ManifestDigest, ChangesWithEveryField) {
  const std::string digest = ManifestDigest(Manifest());
  std::vector<ManifestLine> other = Manifest();
  other[0].revision = 4;
  EXPECT_NE(ManifestDigest(other), digest);
  other = Manifest();
  other[1].content_sha256 = Sha256Hex("z");
  EXPECT_NE(ManifestDigest(other), digest);
  other = Manifest();
  std::swap(other[0], other[1]);
  EXPECT_NE(ManifestDigest(other), digest) << "order is part of the manifest";
  EXPECT_EQ(ManifestDigest(Manifest()), digest) << "deterministic";
}

// A FULL-view version of two sections, one empty, with a correct digest.
drafting::v1::ReportVersion Version() {
  drafting::v1::ReportVersion version;
  version.set_name("reports/r-1/versions/2");
  drafting::v1::ManifestEntry* duties = version.add_manifest();
  duties->set_section("reports/r-1/sections/p1-duties");
  duties->set_revision("reports/r-1/sections/p1-duties/revisions/3");
  duties->set_content("主要职责……");
  duties->set_content_sha256(Sha256Hex(duties->content()));
  version.add_manifest()->set_section("reports/r-1/sections/p5-t01");
  version.set_digest(
      ManifestDigest({{"p1-duties", 3, Sha256Hex("主要职责……")}, {"p5-t01", 0, ""}}));
  return version;
}

TEST(VerifyReportVersion, AcceptsAnIntactVersion) {
  EXPECT_THAT(VerifyReportVersion(Version(), ""), testing::IsOk());
  EXPECT_THAT(VerifyReportVersion(Version(), Version().digest()), testing::IsOk());
}

TEST(VerifyReportVersion, RefusesEveryKindOfTampering) {
  using testing::StatusIs;
  EXPECT_THAT(VerifyReportVersion(Version(), Sha256Hex("another version")),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  drafting::v1::ReportVersion changed = Version();
  changed.mutable_manifest(0)->set_content("主要职责……改");
  EXPECT_THAT(VerifyReportVersion(changed, ""), StatusIs(absl::StatusCode::kFailedPrecondition));
  changed = Version();
  changed.mutable_manifest(0)->set_revision("reports/r-1/sections/p1-duties/revisions/4");
  EXPECT_THAT(VerifyReportVersion(changed, ""), StatusIs(absl::StatusCode::kFailedPrecondition));
  changed = Version();
  changed.mutable_manifest(0)->set_content("x");
  changed.mutable_manifest(0)->set_content_sha256(Sha256Hex("x"));
  EXPECT_THAT(VerifyReportVersion(changed, ""), StatusIs(absl::StatusCode::kFailedPrecondition))
      << "content and its hash changed together still break the digest";
  changed = Version();
  changed.mutable_manifest(1)->set_section("p5-t01");
  EXPECT_THAT(VerifyReportVersion(changed, ""), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace reportflow
