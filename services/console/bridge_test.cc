#include "services/console/bridge.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "reportflow/review/v1/review.pb.h"
#include "services/common/status_matchers.h"

namespace reportflow::console {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::testing::HasSubstr;

TEST(Bridge, FindsEveryServicesUnaryMethodsButNotSignIn) {
  absl::StatusOr<BridgedMethod> approve =
      FindMethod("reportflow.review.v1.ReviewService/ApproveTask");
  ASSERT_THAT(approve, IsOk());
  EXPECT_EQ(approve->backend, Backend::kReview);
  EXPECT_EQ(approve->grpc_path, "/reportflow.review.v1.ReviewService/ApproveTask");
  EXPECT_EQ(FindMethod("reportflow.drafting.v1.DraftingService/ListReports")->backend,
            Backend::kDrafting);
  EXPECT_EQ(FindMethod("reportflow.identity.v1.IdentityService/GetAccess")->backend,
            Backend::kIdentity);
  EXPECT_THAT(FindMethod("reportflow.identity.v1.IdentityService/SignIn"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(FindMethod("grpc.health.v1.Health/Check"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(FindMethod("reportflow.review.v1.ReviewService/Nope"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(Bridge, JsonToWireAndBack) {
  absl::StatusOr<BridgedMethod> approve =
      FindMethod("reportflow.review.v1.ReviewService/ApproveTask");
  ASSERT_THAT(approve, IsOk());
  absl::StatusOr<std::string> bytes = RequestFromJson(
      *approve, R"({"name":"reviews/1/tasks/proofread-1","digest":"ab","opinion":"同意"})");
  ASSERT_THAT(bytes, IsOk());
  review::v1::ApproveTaskRequest request;
  ASSERT_TRUE(request.ParseFromString(*bytes));
  EXPECT_EQ(request.opinion(), "同意");
  EXPECT_THAT(RequestFromJson(*approve, R"({"colour":"red"})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ApproveTaskRequest")));
  EXPECT_THAT(RequestFromJson(*approve, "not json"), StatusIs(absl::StatusCode::kInvalidArgument));
  review::v1::Review review;
  review.set_name("reviews/1");
  review.set_state(review::v1::REVIEW_STATE_APPROVED);
  absl::StatusOr<std::string> json = ResponseToJson(*approve, review.SerializeAsString());
  ASSERT_THAT(json, IsOk());
  const nlohmann::json parsed = nlohmann::json::parse(*json);
  EXPECT_EQ(parsed["name"], "reviews/1");
  EXPECT_EQ(parsed["state"], "REVIEW_STATE_APPROVED");
  EXPECT_TRUE(parsed.contains("allowed_actions")) << "proto field names, defaults printed";
}

TEST(Bridge, GrpcCodesBecomeHttpStatusesAndTheMessageStays) {
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::NOT_FOUND), 404);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::PERMISSION_DENIED), 403);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::FAILED_PRECONDITION), 412);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::UNAUTHENTICATED), 401);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::RESOURCE_EXHAUSTED), 429);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::INTERNAL), 500);
  const nlohmann::json error = nlohmann::json::parse(
      ErrorJson(grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "摘要不符，请重新打开")));
  EXPECT_EQ(error["code"], "FAILED_PRECONDITION");
  EXPECT_EQ(error["message"], "摘要不符，请重新打开");
}

}  // namespace
}  // namespace reportflow::console
