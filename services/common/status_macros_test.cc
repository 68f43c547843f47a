#include "services/common/status_macros.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::IsOkAndHolds;
using ::reportflow::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

absl::Status Check(bool fail) {
  return fail ? absl::InvalidArgumentError("fiscal_year: must be 2000..2100") : absl::OkStatus();
}

absl::StatusOr<int> Parse(bool fail) {
  if (fail) {
    return absl::NotFoundError("no such report");
  }
  return 42;
}

absl::Status UsesReturnIfError(bool fail, int* reached) {
  RETURN_IF_ERROR(Check(fail));
  ++*reached;
  return absl::OkStatus();
}

absl::StatusOr<int> UsesAssignOrReturn(bool fail) {
  ASSIGN_OR_RETURN(int value, Parse(fail));
  return value + 1;
}

absl::StatusOr<std::unique_ptr<int>> MakeUnique() { return std::make_unique<int>(7); }

absl::StatusOr<int> MovesOnlyValue() {
  ASSIGN_OR_RETURN(std::unique_ptr<int> value, MakeUnique());
  ASSIGN_OR_RETURN(auto again, MakeUnique());  // twice on one line is fine
  return *value + *again;
}

TEST(StatusMacros, ReturnIfErrorPassesOkThrough) {
  int reached = 0;
  EXPECT_THAT(UsesReturnIfError(false, &reached), IsOk());
  EXPECT_EQ(reached, 1);
}

TEST(StatusMacros, ReturnIfErrorReturnsTheErrorUnchanged) {
  int reached = 0;
  EXPECT_THAT(UsesReturnIfError(true, &reached),
              StatusIs(absl::StatusCode::kInvalidArgument, "fiscal_year: must be 2000..2100"));
  EXPECT_EQ(reached, 0);
}

TEST(StatusMacros, ReturnIfErrorAcceptsStatusOr) {
  auto function = []() -> absl::Status {
    RETURN_IF_ERROR(Parse(true));
    return absl::OkStatus();
  };
  EXPECT_THAT(function(), StatusIs(absl::StatusCode::kNotFound));
}

TEST(StatusMacros, AssignOrReturnAssignsOrReturns) {
  EXPECT_THAT(UsesAssignOrReturn(false), IsOkAndHolds(43));
  EXPECT_THAT(UsesAssignOrReturn(true), StatusIs(absl::StatusCode::kNotFound, "no such report"));
}

TEST(StatusMacros, AssignOrReturnMovesMoveOnlyValues) {
  EXPECT_THAT(MovesOnlyValue(), IsOkAndHolds(14));
}

TEST(StatusMatchers, DescribeMismatches) {
  EXPECT_THAT(absl::AbortedError("x"), Not(IsOk()));
  EXPECT_THAT(absl::AbortedError("stale etag"), Not(StatusIs(absl::StatusCode::kNotFound)));
  EXPECT_THAT(absl::AbortedError("stale etag"),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("etag")));
  EXPECT_THAT(absl::AbortedError("stale etag"),
              Not(StatusIs(absl::StatusCode::kAborted, HasSubstr("digest"))));
  EXPECT_THAT(absl::StatusOr<int>(3), Not(IsOkAndHolds(4)));
  EXPECT_THAT(absl::StatusOr<int>(absl::InternalError("boom")), Not(IsOkAndHolds(3)));
}

}  // namespace
}  // namespace reportflow
