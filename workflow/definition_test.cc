#include "workflow/definition.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace reportflow::workflow {
namespace {

using ::testing::HasSubstr;

RoleSet Roles() {
  absl::StatusOr<RoleSet> roles = RoleSet::Parse(
      "roles { id: \"proofread_1\" display_name: \"一校人\" }\n"
      "roles { id: \"review_1\" display_name: \"初审人\" }\n",
      "roles.textproto");
  EXPECT_TRUE(roles.ok()) << roles.status();
  return *roles;
}

constexpr char kGood[] =
    "id: \"two-step\"\n"
    "display_name: \"两级\"\n"
    "stages { key: \"check\" display_name: \"机器预检\" kind: STAGE_KIND_AUTOMATIC_CHECK }\n"
    "stages { key: \"p1\" display_name: \"一校\" kind: STAGE_KIND_PROOFREAD role: \"proofread_1\" "
    "}\n"
    "stages { key: \"r1\" display_name: \"初审\" kind: STAGE_KIND_REVIEW role: \"review_1\" }\n";

TEST(Definition, ParsesAndDefaultsToTheLastStageBlocking) {
  absl::StatusOr<std::shared_ptr<const Definition>> definition =
      Definition::Parse(kGood, "two-step.textproto", Roles());
  ASSERT_TRUE(definition.ok()) << definition.status();
  EXPECT_EQ((*definition)->id(), "two-step");
  EXPECT_EQ((*definition)->stage_count(), 3);
  EXPECT_EQ((*definition)->StageIndex("p1"), 1);
  EXPECT_EQ((*definition)->StageIndex("nope"), -1);
  EXPECT_FALSE((*definition)->IsHuman(0));
  EXPECT_TRUE((*definition)->IsHuman(2));
  EXPECT_FALSE((*definition)->IsBlocking(1));
  EXPECT_TRUE((*definition)->IsBlocking(2)) << "default: 终审 (the last stage) blocks";
  EXPECT_TRUE((*definition)->AllowOverride());
  EXPECT_FALSE((*definition)->AllowSamePersonMultipleStages());
  EXPECT_FALSE((*definition)->AllowAuthors());
  EXPECT_EQ((*definition)->return_policy(), RETURN_POLICY_RESTART);
}

struct BadCase {
  std::string name;
  std::string text;
  std::string location;  // "file:line:"
  std::string rule;
};

std::ostream& operator<<(std::ostream& out, const BadCase& c) { return out << c.name; }

class BadDefinitionTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadDefinitionTest, IsRejectedWithLineAndRule) {
  absl::StatusOr<std::shared_ptr<const Definition>> definition =
      Definition::Parse(GetParam().text, "bad.textproto", Roles());
  ASSERT_FALSE(definition.ok());
  EXPECT_EQ(definition.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(definition.status().message()), HasSubstr(GetParam().location));
  EXPECT_THAT(std::string(definition.status().message()), HasSubstr(GetParam().rule));
}

const std::string kHead = "id: \"x\"\ndisplay_name: \"X\"\n";
const std::string kP1 =
    "stages { key: \"p1\" display_name: \"一校\" kind: STAGE_KIND_PROOFREAD role: \"proofread_1\" "
    "}\n";
const std::string kR1 =
    "stages { key: \"r1\" display_name: \"初审\" kind: STAGE_KIND_REVIEW role: \"review_1\" }\n";

INSTANTIATE_TEST_SUITE_P(
    Rules, BadDefinitionTest,
    ::testing::Values(
        BadCase{"SigningGroupOfOne", kHead + kP1 + "signing_groups { stages: \"p1\" }\n",
                "bad.textproto:", "at least two stages"},
        BadCase{"SigningGroupUnknownStage",
                kHead + kP1 + "signing_groups { stages: \"p1\" stages: \"p9\" }\n",
                "bad.textproto:", "\"p9\" is not a stage"},
        BadCase{"SyntaxError", kHead + "stages { key: \"p1\" \n", "bad.textproto:4:", "Expected"},
        BadCase{"UnknownField", kHead + "colour: 3\n", "bad.textproto:3:", "colour"},
        BadCase{"MissingId", "display_name: \"X\"\n" + kP1, "bad.textproto:1:", "id must be"},
        BadCase{"BadId", "id: \"Gov Flow\"\ndisplay_name: \"X\"\n" + kP1,
                "bad.textproto:1:", "id must be"},
        BadCase{"MissingDisplayName", "id: \"x\"\n" + kP1,
                "bad.textproto:1:", "display_name must not be empty"},
        BadCase{"NoStages", kHead, "bad.textproto:1:", "at least one stage"},
        BadCase{"OnlyAutomatic",
                kHead + "stages { key: \"c\" display_name: \"机器预检\" kind: "
                        "STAGE_KIND_AUTOMATIC_CHECK }\n",
                "bad.textproto:3:", "at least one human stage"},
        BadCase{"DuplicateStageKey",
                kHead + kP1 +
                    "stages { key: \"p1\" display_name: \"二校\" kind: STAGE_KIND_PROOFREAD role: "
                    "\"proofread_1\" }\n",
                "bad.textproto:4:", "stage key \"p1\" is used twice"},
        BadCase{"DuplicateDisplayName",
                kHead + kP1 +
                    "stages { key: \"p2\" display_name: \"一校\" kind: STAGE_KIND_PROOFREAD role: "
                    "\"proofread_1\" }\n",
                "bad.textproto:4:", "display_name \"一校\" is used twice"},
        BadCase{"MissingKind",
                kHead + "stages { key: \"p1\" display_name: \"一校\" role: \"proofread_1\" }\n",
                "bad.textproto:3:", "stage kind must be set"},
        BadCase{"UnknownRole",
                kHead + "stages { key: \"p1\" display_name: \"一校\" kind: STAGE_KIND_PROOFREAD "
                        "role: \"editor\" }\n",
                "bad.textproto:3:", "unknown role \"editor\""},
        BadCase{
            "HumanStageWithoutRole",
            kHead + "stages { key: \"p1\" display_name: \"一校\" kind: STAGE_KIND_PROOFREAD }\n",
            "bad.textproto:3:", "needs the role"},
        BadCase{"AutomaticStageWithRole",
                kHead +
                    "stages { key: \"c\" display_name: \"机器预检\" kind: "
                    "STAGE_KIND_AUTOMATIC_CHECK role: \"review_1\" }\n" +
                    kP1,
                "bad.textproto:3:", "automatic stage has no role"},
        BadCase{"AutomaticStageAfterHuman",
                kHead + kP1 +
                    "stages { key: \"c\" display_name: \"机器预检\" kind: "
                    "STAGE_KIND_AUTOMATIC_CHECK }\n",
                "bad.textproto:4:", "before every human stage"},
        BadCase{"UnknownBlockingStage",
                kHead + kP1 + kR1 + "findings_policy {\n  blocking_stages: \"r9\"\n}\n",
                "bad.textproto:6:", "blocking stage \"r9\" is not a stage"},
        BadCase{"AutomaticBlockingStage",
                kHead +
                    "stages { key: \"c\" display_name: \"机器预检\" kind: "
                    "STAGE_KIND_AUTOMATIC_CHECK }\n" +
                    kP1 + "findings_policy { blocking_stages: \"c\" }\n",
                "bad.textproto:5:", "must be a human stage"},
        BadCase{
            "BlockingStageTwice",
            kHead + kP1 + "findings_policy { blocking_stages: \"p1\" blocking_stages: \"p1\" }\n",
            "bad.textproto:4:", "listed twice"},
        BadCase{"OverrideWithoutBlockingStage",
                kHead + kP1 + kR1 + "findings_policy {\n  allow_override: true\n}\n",
                "bad.textproto:6:", "override is allowed but no stage is blocking"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return info.param.name; });

TEST(RoleSet, RejectsDuplicatesWithLine) {
  absl::StatusOr<RoleSet> roles =
      RoleSet::Parse("roles { id: \"review_1\" }\nroles { id: \"review_1\" }\n", "roles.textproto");
  ASSERT_FALSE(roles.ok());
  EXPECT_EQ(roles.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(roles.status().message()), HasSubstr("roles.textproto:2:"));
  EXPECT_THAT(std::string(roles.status().message()), HasSubstr("defined twice"));
}

TEST(ShippedWorkflows, BothDefinitionsLoadWithTheirStagesInOrder) {
  absl::StatusOr<ShippedWorkflows> shipped = LoadShippedWorkflows();
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  ASSERT_EQ(shipped->definitions.size(), 3u);
  auto names = [](const Definition& definition) {
    std::vector<std::string> result;
    for (int i = 0; i < definition.stage_count(); ++i) {
      result.push_back(definition.stage(i).display_name());
    }
    return result;
  };
  const Definition& gov = *shipped->definitions.at("gov-interleaved");
  EXPECT_THAT(names(gov),
              ::testing::ElementsAre("机器预检", "一校", "初审", "二校", "复审", "三校", "终审"));
  EXPECT_TRUE(gov.IsBlocking(gov.StageIndex("review-3")));
  EXPECT_EQ(gov.return_policy(), RETURN_POLICY_RESTART);
  const Definition& house = *shipped->definitions.at("publishing-house");
  EXPECT_THAT(names(house), ::testing::ElementsAre("初审", "复审", "终审", "一校", "二校", "三校"));
  EXPECT_EQ(house.return_policy(), RETURN_POLICY_RESUME);
  EXPECT_EQ(shipped->roles.DisplayName("review_3"), "终审人");
  const Definition& three = *shipped->definitions.at("gov-three-signers");
  EXPECT_THAT(names(three), ::testing::ElementsAre("机器预检", "一校", "初审", "二校", "复审",
                                                   "三校", "终审", "保密审查", "主要负责人审签"));
  EXPECT_TRUE(
      three.SameSigningGroup(three.StageIndex("proofread-1"), three.StageIndex("review-1")));
  EXPECT_FALSE(
      three.SameSigningGroup(three.StageIndex("review-1"), three.StageIndex("proofread-2")));
  EXPECT_FALSE(gov.SameSigningGroup(gov.StageIndex("proofread-1"), gov.StageIndex("review-1")));
  EXPECT_EQ(std::string(kDefaultDefinition), "gov-interleaved");
}

}  // namespace
}  // namespace reportflow::workflow
