#include "services/common/grpc_status.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace reportflow {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ToGrpcStatus, OkIsOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

TEST(ToGrpcStatus, KeepsCodeAndMessageOfClientErrors) {
  const struct {
    absl::Status in;
    grpc::StatusCode code;
  } cases[] = {
      {absl::InvalidArgumentError("fiscal_year: must be 2000..2100"),
       grpc::StatusCode::INVALID_ARGUMENT},
      {absl::NotFoundError("report not found"), grpc::StatusCode::NOT_FOUND},
      {absl::AlreadyExistsError("report exists"), grpc::StatusCode::ALREADY_EXISTS},
      {absl::FailedPreconditionError("report is IN_REVIEW"), grpc::StatusCode::FAILED_PRECONDITION},
      {absl::AbortedError("stale etag"), grpc::StatusCode::ABORTED},
      {absl::PermissionDeniedError("not your unit"), grpc::StatusCode::PERMISSION_DENIED},
      {absl::UnauthenticatedError("token expired"), grpc::StatusCode::UNAUTHENTICATED},
      {absl::UnavailableError("database busy"), grpc::StatusCode::UNAVAILABLE},
      {absl::UnimplementedError("later"), grpc::StatusCode::UNIMPLEMENTED},
      {absl::DeadlineExceededError("slow"), grpc::StatusCode::DEADLINE_EXCEEDED},
      {absl::ResourceExhaustedError("too big"), grpc::StatusCode::RESOURCE_EXHAUSTED},
      {absl::OutOfRangeError("page"), grpc::StatusCode::OUT_OF_RANGE},
      {absl::CancelledError("gone"), grpc::StatusCode::CANCELLED},
  };
  for (const auto& c : cases) {
    grpc::Status out = ToGrpcStatus(c.in);
    EXPECT_EQ(out.error_code(), c.code) << c.in;
    EXPECT_EQ(out.error_message(), c.in.message()) << c.in;
  }
}

TEST(ToGrpcStatus, HidesServerDetailsOfInternalErrors) {
  for (const absl::Status& in :
       {absl::InternalError("MySQL error 1146: Table 'reportflow_drafting.x' doesn't exist"),
        absl::UnknownError("/srv/reportflow/secret path"), absl::DataLossError("row 17 corrupt")}) {
    grpc::Status out = ToGrpcStatus(in);
    EXPECT_EQ(static_cast<int>(out.error_code()), static_cast<int>(in.code()));
    EXPECT_THAT(out.error_message(), HasSubstr("服务器内部错误"));
    EXPECT_THAT(out.error_message(), Not(HasSubstr("MySQL")));
    EXPECT_THAT(out.error_message(), Not(HasSubstr("/srv")));
  }
}

TEST(FromGrpcStatus, RoundTrips) {
  absl::Status back = FromGrpcStatus(grpc::Status(grpc::StatusCode::ABORTED, "stale etag"));
  EXPECT_EQ(back.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(back.message(), "stale etag");
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

}  // namespace
}  // namespace reportflow
