// Every entry of data/wording.tsv flags its own `flags` example and leaves its
// `accepts` example alone.
#include "proofread/wording.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "proofread/proofreader.h"

namespace reportflow::proofread {
namespace {

int CountRule(const std::string& text, const std::string& rule) {
  ProofreadOptions options;
  options.template_name = "";
  int count = 0;
  for (const Finding& finding : Proofread(text, options)) {
    count += finding.rule == rule;
  }
  return count;
}

class WordingEntryTest : public ::testing::TestWithParam<size_t> {};

TEST_P(WordingEntryTest, FlagsItsExampleAndAcceptsTheCorrectText) {
  const WordingEntry& entry = WordingEntries()[GetParam()];
  SCOPED_TRACE(entry.id);
  EXPECT_FALSE(entry.message.empty());
  EXPECT_FALSE(entry.suggestion.empty());
  EXPECT_GE(CountRule(entry.flags, entry.id), 1) << "must flag: " << entry.flags;
  EXPECT_EQ(CountRule(entry.accepts, entry.id), 0) << "must accept: " << entry.accepts;
}

INSTANTIATE_TEST_SUITE_P(AllEntries, WordingEntryTest,
                         ::testing::Range<size_t>(0, WordingEntries().size()),
                         [](const ::testing::TestParamInfo<size_t>& info) {
                           std::string name = WordingEntries()[info.param].id;
                           for (char& c : name) {
                             if (c == '.') c = '_';
                           }
                           return name;
                         });

TEST(WordingEntries, AreLoadedWithUniqueIds) {
  ASSERT_GE(WordingEntries().size(), 10u);
  std::set<std::string> ids;
  for (const WordingEntry& entry : WordingEntries()) {
    EXPECT_TRUE(ids.insert(entry.id).second) << "duplicate id " << entry.id;
    EXPECT_EQ(entry.id.rfind("wording.", 0), 0u) << entry.id;
  }
}

}  // namespace
}  // namespace reportflow::proofread
