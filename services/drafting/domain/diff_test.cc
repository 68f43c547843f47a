#include "services/drafting/domain/diff.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace reportflow::drafting {
namespace {

std::string Rebuild(const DiffLine& line, DiffOp kept) {
  std::string text;
  for (const DiffSpan& span : line.spans) {
    if (span.op == DiffOp::kEqual || span.op == kept) text += span.text;
  }
  return text;
}

TEST(DiffTexts, LineLevelInsertAndDelete) {
  const TextDiff diff = DiffTexts("甲\n乙\n丙\n", "甲\n丙\n丁\n");
  ASSERT_EQ(diff.lines.size(), 4u);
  EXPECT_EQ(diff.deleted_lines, 1);
  EXPECT_EQ(diff.inserted_lines, 1);
  EXPECT_EQ(diff.lines[0].op, DiffOp::kEqual);
  EXPECT_EQ(diff.lines[1].op, DiffOp::kDelete);
  EXPECT_EQ(diff.lines[1].text, "乙");
  EXPECT_EQ(diff.lines[1].old_line, 2);
  EXPECT_EQ(diff.lines[1].new_line, 0);
  EXPECT_EQ(diff.lines[3].op, DiffOp::kInsert);
  EXPECT_EQ(diff.lines[3].new_line, 3);
}

TEST(DiffTexts, AChineseEditShowsAsTheCharactersChanged) {
  const TextDiff diff = DiffTexts("收入、支出总计各减少 106.9 万元，下降 9.01%。\n",
                                  "收入、支出总计各减少 106.9 万元，下降 8.93%。\n");
  ASSERT_EQ(diff.lines.size(), 2u);
  const DiffLine& before = diff.lines[0];
  const DiffLine& after = diff.lines[1];
  ASSERT_EQ(before.op, DiffOp::kDelete);
  ASSERT_EQ(after.op, DiffOp::kInsert);
  EXPECT_EQ(Rebuild(before, DiffOp::kDelete), before.text);
  EXPECT_EQ(Rebuild(after, DiffOp::kInsert), after.text);
  std::string removed;
  std::string added;
  for (const DiffSpan& span : before.spans) {
    if (span.op == DiffOp::kDelete) removed += span.text;
  }
  for (const DiffSpan& span : after.spans) {
    if (span.op == DiffOp::kInsert) added += span.text;
  }
  EXPECT_EQ(removed, "901") << "only the changed digits, not the line";
  EXPECT_EQ(added, "893");
  EXPECT_EQ(before.spans.front().op, DiffOp::kEqual);
  EXPECT_THAT(before.spans.front().text,
              ::testing::StartsWith("收入、支出总计各减少 106.9 万元，下降 "));
}

TEST(DiffTexts, ContextLinesLeaveOutFarUnchangedLines) {
  const TextDiff diff = DiffTexts("1\n2\n3\n4\n5\n6\n7\n", "1\n2\n3\nX\n5\n6\n7\n", 1);
  std::vector<std::string> texts;
  for (const DiffLine& line : diff.lines) texts.push_back(line.text);
  EXPECT_THAT(texts, ::testing::ElementsAre("3", "4", "X", "5"));
}

TEST(DiffTexts, IdenticalAndEmptyTexts) {
  EXPECT_EQ(DiffTexts("a\n", "a\n").inserted_lines, 0);
  EXPECT_EQ(DiffTexts("", "").lines.size(), 0u);
  const TextDiff added = DiffTexts("", "新增\n");
  ASSERT_EQ(added.lines.size(), 1u);
  EXPECT_EQ(added.lines[0].op, DiffOp::kInsert);
  EXPECT_TRUE(added.lines[0].spans.empty());
}

TEST(DiffTexts, BoundedOnHugeInput) {
  // Two 1 MiB one-line revisions (F8): one changed line, no character search.
  const std::string a(1 << 20, 'a');
  const std::string b(1 << 20, 'b');
  TextDiff one_line = DiffTexts(a, b);
  ASSERT_EQ(one_line.lines.size(), 2u);
  EXPECT_TRUE(one_line.lines[0].spans.empty());
  EXPECT_EQ(one_line.deleted_lines, 1);
  EXPECT_EQ(one_line.inserted_lines, 1);
  // 200k different lines each side: shown as replaced, not searched.
  std::string many_a;
  std::string many_b;
  for (int i = 0; i < 200000; ++i) {
    many_a += "x\n";
    many_b += "y\n";
  }
  TextDiff many = DiffTexts("head\n" + many_a + "tail\n", "head\n" + many_b + "tail\n");
  EXPECT_EQ(many.deleted_lines, 200000);
  EXPECT_EQ(many.inserted_lines, 200000);
  EXPECT_EQ(many.lines.front().op, DiffOp::kEqual);
  EXPECT_EQ(many.lines.back().op, DiffOp::kEqual);
  EXPECT_EQ(many.lines.back().old_line, 200002);
  EXPECT_EQ(many.lines.back().new_line, 200002);
}

}  // namespace
}  // namespace reportflow::drafting
