#include "services/identity/domain/directory.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_matchers.h"

namespace reportflow::identity {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;
using ::testing::HasSubstr;

const std::vector<std::string> kJinkouheOffice = {"510000", "511100", "511113",
                                                  "jinkouhe-gov-office"};
const std::vector<std::string> kShizhongOffice = {"510000", "511100", "511102",
                                                  "shizhong-gov-office"};
const std::vector<std::string> kChengduOffice = {"510000", "510100", "510104", "jinjiang-office"};

TEST(Covers, OneUnitOrASubtree) {
  EXPECT_TRUE(Covers({"drafter", "jinkouhe-gov-office", false}, kJinkouheOffice));
  EXPECT_FALSE(Covers({"drafter", "511113", false}, kJinkouheOffice)) << "not the subtree";
  EXPECT_TRUE(Covers({"review_1", "511100", true}, kJinkouheOffice)) << "city over county unit";
  EXPECT_TRUE(Covers({"review_1", "511100", true}, kShizhongOffice));
  EXPECT_FALSE(Covers({"review_1", "511100", true}, kChengduOffice)) << "sibling city";
  EXPECT_FALSE(Covers({"review_1", "511100", true}, {}));
}

TEST(RolesAt, OwnAndDelegatedWithinWindowAndScope) {
  const absl::Time now = absl::FromUnixSeconds(1764000000);
  const std::vector<Grant> wang = {{"review_1", "jinkouhe-gov-office", false}};
  const DelegationRule from_li{"u-lina", "李娜", "u-wangqiang",        {"proofread_1"},
                               "511113", true,   now - absl::Hours(1), now + absl::Hours(24),
                               false};
  const std::vector<std::pair<std::string, Grant>> li_grants = {
      {"u-lina", {"proofread_1", "511113", true}}};
  std::vector<HeldRole> held = RolesAt(kJinkouheOffice, wang, {from_li}, li_grants, now);
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[0].role, "review_1");
  EXPECT_EQ(held[0].delegator, "");
  EXPECT_EQ(held[1].role, "proofread_1");
  EXPECT_EQ(held[1].delegator_name, "李娜");
  // Outside the window, outside the scope, revoked, or the delegator lost it.
  EXPECT_EQ(RolesAt(kJinkouheOffice, wang, {from_li}, li_grants, now + absl::Hours(25)).size(), 1u);
  EXPECT_EQ(RolesAt(kShizhongOffice, {}, {from_li}, li_grants, now).size(), 0u);
  DelegationRule revoked = from_li;
  revoked.revoked = true;
  EXPECT_EQ(RolesAt(kJinkouheOffice, wang, {revoked}, li_grants, now).size(), 1u);
  EXPECT_EQ(RolesAt(kJinkouheOffice, wang, {from_li}, {}, now).size(), 1u);
}

TEST(HoldersAt, OwnOverTheUnitOrASubtreeThenDelegatesOfThoseHolders) {
  const absl::Time now = absl::FromUnixSeconds(1764000000);
  const std::vector<std::pair<std::string, Grant>> assignments = {
      {"u-wangqiang", {"review_1", "jinkouhe-gov-office", false}},
      {"u-cityreviewer", {"review_1", "511100", true}},            // 乐山市 and below
      {"u-shizhong", {"review_1", "shizhong-gov-office", false}},  // another unit
      {"u-lina", {"proofread_1", "jinkouhe-gov-office", false}},   // another role
  };
  const DelegationRule to_zhao{"u-wangqiang",
                               "王强",
                               "u-zhaoliu",
                               {"review_1"},
                               "jinkouhe-gov-office",
                               false,
                               now - absl::Hours(1),
                               now + absl::Hours(24),
                               false};
  // 李娜 lends review_1, which she does not hold: lends nothing.
  const DelegationRule from_non_holder{"u-lina",
                                       "李娜",
                                       "u-sun",
                                       {"review_1"},
                                       "jinkouhe-gov-office",
                                       false,
                                       now - absl::Hours(1),
                                       now + absl::Hours(24),
                                       false};
  // The city reviewer lends to 王强, who holds it already: listed once, as own.
  const DelegationRule to_own_holder{"u-cityreviewer",
                                     "审核员",
                                     "u-wangqiang",
                                     {"review_1"},
                                     "511100",
                                     true,
                                     now - absl::Hours(1),
                                     now + absl::Hours(24),
                                     false};
  std::vector<RoleHolder> holders = HoldersAt("review_1", kJinkouheOffice, assignments,
                                              {to_zhao, from_non_holder, to_own_holder}, now);
  ASSERT_EQ(holders.size(), 3u);
  EXPECT_EQ(holders[0].person, "u-wangqiang");
  EXPECT_EQ(holders[0].delegator, "");
  EXPECT_EQ(holders[1].person, "u-cityreviewer");
  EXPECT_EQ(holders[2].person, "u-zhaoliu");
  EXPECT_EQ(holders[2].delegator, "u-wangqiang");
  EXPECT_EQ(holders[2].delegator_name, "王强");
  // Out of the window or revoked: the delegate drops out.
  EXPECT_EQ(
      HoldersAt("review_1", kJinkouheOffice, assignments, {to_zhao}, now + absl::Hours(25)).size(),
      2u);
  DelegationRule revoked = to_zhao;
  revoked.revoked = true;
  EXPECT_EQ(HoldersAt("review_1", kJinkouheOffice, assignments, {revoked}, now).size(), 2u);
  // At 市中区's office only its own reviewer and the city reviewer.
  holders = HoldersAt("review_1", kShizhongOffice, assignments, {to_zhao}, now);
  ASSERT_EQ(holders.size(), 2u);
  EXPECT_EQ(holders[0].person, "u-cityreviewer");
  EXPECT_EQ(holders[1].person, "u-shizhong");
}

TEST(ValidateDelegation, RefusesWhatTheRulesForbid) {
  const absl::Time now = absl::FromUnixSeconds(1764000000);
  const std::vector<Grant> li = {{"proofread_1", "jinkouhe-gov-office", false}};
  DelegationRule d{"u-lina",
                   "李娜",
                   "u-wangqiang",
                   {"proofread_1"},
                   "jinkouhe-gov-office",
                   false,
                   now,
                   now + absl::Hours(48),
                   false};
  EXPECT_THAT(ValidateDelegation(d, true, li, kJinkouheOffice, now), IsOk());
  DelegationRule self = d;
  self.delegate = "u-lina";
  EXPECT_THAT(ValidateDelegation(self, true, li, kJinkouheOffice, now),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("自己")));
  EXPECT_THAT(ValidateDelegation(d, false, li, kJinkouheOffice, now),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("停用")));
  DelegationRule inverted = d;
  inverted.end = now - absl::Hours(1);
  EXPECT_THAT(ValidateDelegation(inverted, true, li, kJinkouheOffice, now),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("end_time")));
  DelegationRule other_role = d;
  other_role.roles = {"review_3"};
  EXPECT_THAT(ValidateDelegation(other_role, true, li, kJinkouheOffice, now),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("review_3")));
  DelegationRule wider = d;
  wider.subtree = true;
  EXPECT_THAT(ValidateDelegation(wider, true, li, kJinkouheOffice, now),
              StatusIs(absl::StatusCode::kFailedPrecondition))
      << "cannot lend over a subtree what one holds over one unit";
  DelegationRule service = d;
  service.roles = {"service:review"};
  EXPECT_THAT(ValidateDelegation(service, true, li, kJinkouheOffice, now),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("服务角色")));
}

TEST(PasswordPolicy, LengthClassesAndName) {
  EXPECT_THAT(CheckPasswordPolicy("Jinkouhe2024!", "u-zhangwei"), IsOk());
  EXPECT_THAT(CheckPasswordPolicy("short1", "u-zhangwei"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("至少 10 个字符")));
  EXPECT_THAT(CheckPasswordPolicy("onlyletterslong", "u-x"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("字母和数字")));
  EXPECT_THAT(CheckPasswordPolicy("U-ZHANGWEI2024", "u-zhangwei"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("用户名")));
  EXPECT_THAT(CheckPasswordPolicy(std::string(129, 'a') + "1", "u-x"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("128")));
}

TEST(Lockout, AfterFiveFailuresForFifteenMinutes) {
  const absl::Time t = absl::FromUnixSeconds(1764000000);
  EXPECT_FALSE(LockedUntil(4, t, t).has_value());
  ASSERT_TRUE(LockedUntil(5, t, t + absl::Minutes(1)).has_value());
  EXPECT_EQ(*LockedUntil(5, t, t), t + absl::Minutes(15));
  EXPECT_FALSE(LockedUntil(9, t, t + absl::Minutes(16)).has_value());
}

TEST(Ids, PeopleAndRoles) {
  EXPECT_THAT(ValidatePersonId("person", "u-zhangwei"), IsOk());
  EXPECT_THAT(ValidatePersonId("person", "U-x"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ValidatePersonId("person", "../x"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ValidateRole("role", "review_1"), IsOk());
  EXPECT_THAT(ValidateRole("role", "service:drafting"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("服务角色")));
}

}  // namespace
}  // namespace reportflow::identity
