#include "services/review/domain/audit_anchor.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace reportflow::review {
namespace {

using ::testing::HasSubstr;

AuditEntry Entry(int64_t sequence, std::string hash) {
  AuditEntry entry;
  entry.report_id = "r-1";
  entry.sequence = sequence;
  entry.hash = std::move(hash);
  return entry;
}

TEST(AuditAnchor, SignsAndVerifiesAndRoundTripsThroughALine) {
  const SigningKey key = GenerateSigningKey();
  const AuditAnchor anchor =
      SignAnchor(key, "r-1", 7, std::string(64, 'a'), absl::FromUnixMicros(1764000000123456));
  EXPECT_TRUE(AnchorVerifies(anchor, key.public_key));
  EXPECT_FALSE(AnchorVerifies(anchor, GenerateSigningKey().public_key)) << "another key";
  AuditAnchor moved = anchor;
  moved.sequence = 6;
  EXPECT_FALSE(AnchorVerifies(moved, key.public_key)) << "the sequence is signed";
  std::optional<AuditAnchor> parsed = AnchorFromLine(AnchorLine(anchor));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(AnchorVerifies(*parsed, key.public_key));
  EXPECT_EQ(parsed->signed_time, anchor.signed_time);
  EXPECT_FALSE(AnchorFromLine("{\"report\":1}").has_value());
  EXPECT_FALSE(AnchorFromLine("not json").has_value());
}

TEST(AnchorCheck, NamesARewriteUnderASignedHead) {
  const SigningKey key = GenerateSigningKey();
  const absl::Time t = absl::FromUnixSeconds(1764000000);
  AnchorCheck check({SignAnchor(key, "r-1", 2, std::string(64, 'b'), t)}, std::nullopt,
                    key.public_key);
  EXPECT_FALSE(check.Start().has_value());
  EXPECT_FALSE(check.Entry(Entry(1, std::string(64, 'a'))).has_value());
  std::optional<ChainBreak> broken = check.Entry(Entry(2, std::string(64, 'c')));
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->sequence, 2);
  EXPECT_THAT(broken->reason, HasSubstr("已被改写"));
  EXPECT_FALSE(check.Finish(3).has_value());
  EXPECT_EQ(check.anchored_sequence(), 2);
}

TEST(AnchorCheck, NamesATruncationSeenByTheDatabaseOrTheWitness) {
  const SigningKey key = GenerateSigningKey();
  const absl::Time t = absl::FromUnixSeconds(1764000000);
  AnchorCheck in_database({SignAnchor(key, "r-1", 5, std::string(64, 'b'), t)}, std::nullopt,
                          key.public_key);
  ASSERT_TRUE(in_database.Finish(3).has_value());
  EXPECT_THAT(in_database.Finish(3)->reason, HasSubstr("截断"));
  // The database's heads were cut too; the witness still knows.
  AnchorCheck witnessed({SignAnchor(key, "r-1", 2, std::string(64, 'a'), t)},
                        SignAnchor(key, "r-1", 9, std::string(64, 'f'), t), key.public_key);
  ASSERT_TRUE(witnessed.Finish(4).has_value());
  EXPECT_THAT(witnessed.Finish(4)->reason, HasSubstr("库外留存"));
  EXPECT_EQ(witnessed.anchored_sequence(), 9);
}

TEST(AnchorCheck, RefusesAForgedHead) {
  const SigningKey key = GenerateSigningKey();
  const SigningKey forger = GenerateSigningKey();
  AnchorCheck check({SignAnchor(forger, "r-1", 2, std::string(64, 'b'), absl::Now())}, std::nullopt,
                    key.public_key);
  ASSERT_TRUE(check.Start().has_value());
  EXPECT_THAT(check.Start()->reason, HasSubstr("签名无效"));
}

}  // namespace
}  // namespace reportflow::review
