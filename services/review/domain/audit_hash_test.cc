#include "services/review/domain/audit_hash.h"

#include "gtest/gtest.h"
#include "services/common/sha256.h"

namespace reportflow::review {
namespace {

// A chain of three linked entries.
std::vector<AuditEntry> Chain() {
  std::vector<AuditEntry> chain;
  std::string previous = kGenesisHash;
  for (int i = 1; i <= 3; ++i) {
    AuditEntry entry;
    entry.report_id = "r-1";
    entry.sequence = i;
    entry.action = i == 1 ? "review.start" : "stage.approve";
    entry.actor_id = "u-lina";
    entry.actor_name = "李娜";
    entry.subject = "reviews/1/tasks/proofread-1";
    entry.details_json = "{\"detail\":\"同意\"}";
    entry.create_time = absl::FromUnixMicros(1764000000123456 + i);
    entry.previous_hash = previous;
    entry.hash = AuditEntryHash(entry);
    previous = entry.hash;
    chain.push_back(entry);
  }
  return chain;
}

TEST(AuditHash, IsTheSha256OfTheCanonicalContent) {
  const AuditEntry entry = Chain()[0];
  const std::string content = CanonicalAuditContent(entry);
  EXPECT_EQ(
      content,
      "{\"action\":\"review.start\",\"actor_id\":\"u-lina\",\"actor_name\":\"李娜\","
      "\"create_time\":\"2025-11-24T16:00:00.123457Z\",\"details_json\":"
      "\"{\\\"detail\\\":\\\"同意\\\"}\",\"previous_hash\":\"" +
          kGenesisHash +
          "\",\"report\":\"r-1\",\"sequence\":1,\"subject\":\"reviews/1/tasks/proofread-1\"}");
  EXPECT_EQ(entry.hash, Sha256Hex(content));
}

TEST(VerifyChainSegment, AcceptsAnIntactChain) {
  EXPECT_FALSE(VerifyChainSegment(Chain(), 0, kGenesisHash).has_value());
  const std::vector<AuditEntry> chain = Chain();
  EXPECT_FALSE(VerifyChainSegment({chain[1], chain[2]}, 1, chain[0].hash).has_value())
      << "a segment continues from the last verified entry";
}

TEST(VerifyChainSegment, NamesTheFirstEntryThatDoesNotVerify) {
  std::vector<AuditEntry> chain = Chain();
  chain[1].details_json = "{\"detail\":\"不同意\"}";
  std::optional<ChainBreak> broken = VerifyChainSegment(chain, 0, kGenesisHash);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->sequence, 2);

  chain = Chain();
  chain[2].previous_hash = std::string(64, 'f');
  chain[2].hash = AuditEntryHash(chain[2]);  // rehashed, but the link is broken
  broken = VerifyChainSegment(chain, 0, kGenesisHash);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->sequence, 3);

  chain = Chain();
  chain.erase(chain.begin() + 1);
  broken = VerifyChainSegment(chain, 0, kGenesisHash);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->sequence, 2) << "a removed entry is named";
}

}  // namespace
}  // namespace reportflow::review
