#include "services/drafting/domain/digest.h"

#include "gtest/gtest.h"
#include "services/common/sha256.h"

namespace reportflow::drafting {
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

}  // namespace
}  // namespace reportflow::drafting
