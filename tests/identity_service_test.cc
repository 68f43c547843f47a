// Service-tier tests of the identity service: a real gRPC server in-process
// on the real MariaDB — the unit tree and subtree scopes, per-unit roles,
// delegations inside their window and scope and revoked at once, sign-in
// with lockout, rotating refresh tokens whose reuse ends the session, the
// unified identity (OIDC) refusing an unknown subject, and tokens that stay
// small whatever the scope.
#include "services/identity/api/identity_service.h"

#include <jwt.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "embedded/identity_migrations.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "reportflow/identity/v1/identity.grpc.pb.h"
#include "services/common/status_macros.h"
#include "services/common/status_matchers.h"
#include "tests/support/in_process.h"
#include "tests/support/query_plan.h"
#include "tests/support/test_db.h"

namespace reportflow::identity {
namespace {

using ::reportflow::testing::IsOk;
using ::reportflow::testing::TestSchema;
using Code = grpc::StatusCode;

constexpr char kPassword[] = "Jinkouhe2024abc";

class IdentityServiceTest : public ::testing::Test, protected testing::InProcessServers {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestSchema>> schema = TestSchema::Create();
    ASSERT_THAT(schema, IsOk());
    schema_ = *std::move(schema);
    db_ = testing::OpenMigrated(*schema_, Migrations());
    IdentityConfig config;
    config.token_private_key_pem = private_key();
    config.password_ops = 1;
    config.password_memory_bytes = 64 << 10;  // fast hashes for tests
    provider_key_ = MakeProviderKey();
    absl::StatusOr<std::vector<ProviderKey>> keys = ParseJwks(provider_jwks_);
    ASSERT_THAT(keys, IsOk());
    config.oidc = OidcProvider{"https://tyrz.sc.gov.cn", "reportflow", *keys};
    server_ = Start(
        "identity",
        [&](const CallerRegistry& callers) {
          ServiceContext context;
          context.db = db_.get();
          context.callers = &callers;
          context.now = [this] { return now_; };
          std::vector<std::unique_ptr<grpc::Service>> services;
          services.push_back(std::make_unique<IdentityServiceImpl>(context, config));
          return services;
        },
        kOpenMethods);
    stub_ = v1::IdentityService::NewStub(Channel(*server_));
    SeedDirectory();
  }

  std::string MakeProviderKey() {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    auto bytes = [&](const char* name) {
      BIGNUM* number = nullptr;
      EVP_PKEY_get_bn_param(key.get(), name, &number);
      std::string out(BN_num_bytes(number), '\0');
      BN_bn2bin(number, reinterpret_cast<unsigned char*>(out.data()));
      BN_free(number);
      return absl::WebSafeBase64Escape(out);
    };
    provider_jwks_ =
        absl::StrCat(R"({"keys":[{"kty":"RSA","kid":"k1","n":")", bytes(OSSL_PKEY_PARAM_RSA_N),
                     R"(","e":")", bytes(OSSL_PKEY_PARAM_RSA_E), R"("}]})");
    return std::string(data, static_cast<size_t>(size));
  }

  std::string IdToken(const std::string& subject) {
    jwt_t* jwt = nullptr;
    jwt_new(&jwt);
    jwt_add_header(jwt, "kid", "k1");
    jwt_add_grant(jwt, "iss", "https://tyrz.sc.gov.cn");
    jwt_add_grant(jwt, "aud", "reportflow");
    jwt_add_grant(jwt, "sub", subject.c_str());
    jwt_add_grant_int(jwt, "exp", absl::ToUnixSeconds(now_ + absl::Minutes(5)));
    jwt_set_alg(jwt, JWT_ALG_RS256, reinterpret_cast<const unsigned char*>(provider_key_.data()),
                static_cast<int>(provider_key_.size()));
    char* encoded = jwt_encode_str(jwt);
    std::string token = encoded;
    std::free(encoded);
    jwt_free(jwt);
    return token;
  }

  std::unique_ptr<grpc::ClientContext> Admin() { return As("u-admin", "管理员", {"admin"}, {}); }
  std::unique_ptr<grpc::ClientContext> Service() {
    return As("svc-review", "review-server", {"service:review"}, {});
  }
  std::unique_ptr<grpc::ClientContext> Bearer(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }

  void Unit(const std::string& id, const std::string& parent, const std::string& name,
            v1::UnitKind kind = v1::UNIT_KIND_REGION) {
    v1::CreateUnitRequest request;
    request.mutable_unit()->set_name("units/" + id);
    request.mutable_unit()->set_display_name(name);
    if (!parent.empty()) request.mutable_unit()->set_parent("units/" + parent);
    request.mutable_unit()->set_kind(kind);
    v1::Unit unit;
    grpc::Status status = stub_->CreateUnit(Admin().get(), request, &unit);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  void Person(const std::string& id, const std::string& name, const std::string& unit,
              const std::string& oidc_subject = "") {
    v1::CreatePersonRequest request;
    request.mutable_person()->set_name("people/" + id);
    request.mutable_person()->set_display_name(name);
    request.mutable_person()->set_unit("units/" + unit);
    request.mutable_person()->set_oidc_subject(oidc_subject);
    request.set_password(kPassword);
    v1::Person person;
    grpc::Status status = stub_->CreatePerson(Admin().get(), request, &person);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  grpc::Status Grant(const std::string& person, const std::string& role, const std::string& unit,
                     bool subtree, v1::RoleAssignment* out = nullptr) {
    v1::CreateRoleAssignmentRequest request;
    request.mutable_role_assignment()->set_person("people/" + person);
    request.mutable_role_assignment()->set_role(role);
    request.mutable_role_assignment()->set_scope("units/" + unit);
    request.mutable_role_assignment()->set_subtree(subtree);
    v1::RoleAssignment assignment;
    return stub_->CreateRoleAssignment(Admin().get(), request, out ? out : &assignment);
  }
  bool Check(const std::string& person, const std::string& unit, const std::string& role,
             v1::CheckAccessResponse* out = nullptr) {
    v1::CheckAccessRequest request;
    request.set_person("people/" + person);
    request.set_unit("units/" + unit);
    request.set_role(role);
    v1::CheckAccessResponse response;
    grpc::Status status = stub_->CheckAccess(Service().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (out != nullptr) *out = response;
    return response.granted();
  }
  grpc::Status SignIn(const std::string& person, const std::string& password,
                      v1::Session* session) {
    v1::SignInRequest request;
    request.set_person(person);
    request.set_password(password);
    grpc::ClientContext context;
    return stub_->SignIn(&context, request, session);
  }

  // 四川省 → 乐山市 → 金口河区 → 金口河区人民政府办公室; 乐山市 → 市中区 → its
  // office; 四川省 → 成都市 → 锦江区 → its office.
  void SeedDirectory() {
    Unit("510000", "", "四川省");
    Unit("511100", "510000", "乐山市");
    Unit("511113", "511100", "金口河区");
    Unit("jinkouhe-gov-office", "511113", "金口河区人民政府办公室", v1::UNIT_KIND_BUDGET_UNIT);
    Unit("511102", "511100", "市中区");
    Unit("shizhong-gov-office", "511102", "市中区人民政府办公室", v1::UNIT_KIND_BUDGET_UNIT);
    Unit("510100", "510000", "成都市");
    Unit("510104", "510100", "锦江区");
    Unit("jinjiang-gov-office", "510104", "锦江区人民政府办公室", v1::UNIT_KIND_BUDGET_UNIT);
    Person("u-zhangwei", "张伟", "jinkouhe-gov-office");
    Person("u-lina", "李娜", "jinkouhe-gov-office");
    Person("u-wangqiang", "王强", "jinkouhe-gov-office");
    Person("u-cityreviewer", "乐山市财政局审核员", "511100", "510113199001011234");
  }

  // The injected clock starts at the real time: the servers verify the tokens
  // the service issues with the real clock.
  absl::Time now_ = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  std::unique_ptr<TestSchema> schema_;
  std::unique_ptr<Database> db_;
  std::string provider_key_, provider_jwks_;
  std::unique_ptr<RunningServer> server_;
  std::unique_ptr<v1::IdentityService::Stub> stub_;
};

TEST_F(IdentityServiceTest, TheTreeKeepsPathsAndRefusesBadUnits) {
  v1::GetUnitRequest get;
  get.set_name("units/jinkouhe-gov-office");
  v1::Unit unit;
  ASSERT_TRUE(stub_->GetUnit(Admin().get(), get, &unit).ok());
  EXPECT_EQ(absl::StrJoin(unit.path(), "/"), "510000/511100/511113/jinkouhe-gov-office");
  EXPECT_EQ(unit.parent(), "units/511113");
  v1::CreateUnitRequest bad;
  bad.mutable_unit()->set_name("units/../x");
  bad.mutable_unit()->set_display_name("x");
  bad.mutable_unit()->set_kind(v1::UNIT_KIND_REGION);
  EXPECT_EQ(stub_->CreateUnit(Admin().get(), bad, &unit).error_code(), Code::INVALID_ARGUMENT);
  bad.mutable_unit()->set_name("units/511113");
  EXPECT_EQ(stub_->CreateUnit(Admin().get(), bad, &unit).error_code(), Code::ALREADY_EXISTS);
  bad.mutable_unit()->set_name("units/new-unit");
  bad.mutable_unit()->set_parent("units/nowhere");
  EXPECT_EQ(stub_->CreateUnit(Admin().get(), bad, &unit).error_code(), Code::NOT_FOUND);
  EXPECT_EQ(stub_->CreateUnit(As("u-x", "x", {"drafter"}, {}).get(), bad, &unit).error_code(),
            Code::PERMISSION_DENIED);
  v1::RetireUnitRequest retire;
  retire.set_name("units/511113");
  EXPECT_EQ(stub_->RetireUnit(Admin().get(), retire, &unit).error_code(), Code::FAILED_PRECONDITION)
      << "it still has an active unit below";

  // A rename keeps the former name; a merger records where the unit went.
  v1::UpdateUnitRequest rename;
  rename.mutable_unit()->set_name("units/jinkouhe-gov-office");
  rename.mutable_unit()->set_display_name("金口河区人民政府办公室（区政务服务中心）");
  rename.mutable_update_mask()->add_paths("display_name");
  ASSERT_TRUE(stub_->UpdateUnit(Admin().get(), rename, &unit).ok());
  ASSERT_EQ(unit.former_names_size(), 1);
  EXPECT_EQ(unit.former_names(0).display_name(), "金口河区人民政府办公室");
  EXPECT_EQ(unit.display_name(), "金口河区人民政府办公室（区政务服务中心）");
  retire.set_name("units/shizhong-gov-office");
  retire.set_merged_into("units/jinkouhe-gov-office");
  ASSERT_TRUE(stub_->RetireUnit(Admin().get(), retire, &unit).ok());
  EXPECT_EQ(unit.state(), v1::ENTITY_STATE_INACTIVE);
  EXPECT_EQ(unit.merged_into(), "units/jinkouhe-gov-office");
}

TEST_F(IdentityServiceTest, SubtreeScopeCoversTheCountyUnitsBelowNotASiblingCity) {
  ASSERT_TRUE(Grant("u-cityreviewer", "review_1", "511100", true).ok());
  EXPECT_TRUE(Check("u-cityreviewer", "jinkouhe-gov-office", "review_1"));
  EXPECT_TRUE(Check("u-cityreviewer", "shizhong-gov-office", "review_1"));
  EXPECT_TRUE(Check("u-cityreviewer", "511113", ""));
  EXPECT_FALSE(Check("u-cityreviewer", "jinjiang-gov-office", "review_1")) << "sibling city";
  EXPECT_FALSE(Check("u-cityreviewer", "jinkouhe-gov-office", "review_3")) << "another role";
}

TEST_F(IdentityServiceTest, RolesArePerUnit) {
  ASSERT_TRUE(Grant("u-zhangwei", "drafter", "jinkouhe-gov-office", false).ok());
  ASSERT_TRUE(Grant("u-zhangwei", "review_1", "shizhong-gov-office", false).ok());
  EXPECT_TRUE(Check("u-zhangwei", "jinkouhe-gov-office", "drafter"));
  EXPECT_FALSE(Check("u-zhangwei", "jinkouhe-gov-office", "review_1"));
  EXPECT_TRUE(Check("u-zhangwei", "shizhong-gov-office", "review_1"));
  EXPECT_FALSE(Check("u-zhangwei", "shizhong-gov-office", "drafter"));
  EXPECT_FALSE(Check("u-zhangwei", "511113", "drafter")) << "one unit, not its parent";
  EXPECT_EQ(Grant("u-zhangwei", "service:review", "jinkouhe-gov-office", false).error_code(),
            Code::INVALID_ARGUMENT)
      << "no service role for a person";
}

TEST_F(IdentityServiceTest, DelegationWithinItsWindowAndScopeShownAndRevokedAtOnce) {
  ASSERT_TRUE(Grant("u-lina", "proofread_1", "jinkouhe-gov-office", false).ok());
  v1::CreateDelegationRequest request;
  v1::Delegation* d = request.mutable_delegation();
  d->set_delegator("people/u-lina");
  d->set_delegate("people/u-wangqiang");
  d->add_roles("proofread_1");
  d->set_scope("units/jinkouhe-gov-office");
  *d->mutable_start_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(now_));
  *d->mutable_end_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(
      absl::ToUnixSeconds(now_ + absl::Hours(48)));
  d->set_reason("出差");
  v1::Delegation delegation;
  // The delegator may delegate with their own (directory) token.
  auto lina = Bearer([&] {
    v1::Session session;
    EXPECT_TRUE(SignIn("u-lina", kPassword, &session).ok());
    return session.access_token();
  }());
  grpc::Status created = stub_->CreateDelegation(lina.get(), request, &delegation);
  ASSERT_TRUE(created.ok()) << created.error_message();

  v1::CheckAccessResponse access;
  EXPECT_TRUE(Check("u-wangqiang", "jinkouhe-gov-office", "proofread_1", &access));
  EXPECT_EQ(access.delegator(), "people/u-lina");
  EXPECT_EQ(access.delegator_display_name(), "李娜") << "for 王强（代 李娜）";
  EXPECT_FALSE(Check("u-wangqiang", "shizhong-gov-office", "proofread_1")) << "outside scope";
  now_ += absl::Hours(49);
  EXPECT_FALSE(Check("u-wangqiang", "jinkouhe-gov-office", "proofread_1")) << "after window";
  now_ -= absl::Hours(49);

  v1::RevokeDelegationRequest revoke;
  revoke.set_name(delegation.name());
  ASSERT_TRUE(stub_->RevokeDelegation(Admin().get(), revoke, &delegation).ok());
  EXPECT_FALSE(Check("u-wangqiang", "jinkouhe-gov-office", "proofread_1")) << "revoked";

  d->set_delegate("people/u-lina");
  EXPECT_EQ(stub_->CreateDelegation(Admin().get(), request, &delegation).error_code(),
            Code::INVALID_ARGUMENT)
      << "to oneself";
  d->set_delegate("people/u-zhangwei");
  v1::DisablePersonRequest disable;
  disable.set_name("people/u-zhangwei");
  v1::Person person;
  ASSERT_TRUE(stub_->DisablePerson(Admin().get(), disable, &person).ok());
  EXPECT_EQ(stub_->CreateDelegation(Admin().get(), request, &delegation).error_code(),
            Code::FAILED_PRECONDITION)
      << "to a disabled person";
}

TEST_F(IdentityServiceTest, SignInLocksOutAfterFiveFailures) {
  v1::Session session;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(SignIn("u-zhangwei", "WrongPassword1", &session).error_code(), Code::UNAUTHENTICATED);
  }
  grpc::Status locked = SignIn("u-zhangwei", kPassword, &session);
  EXPECT_EQ(locked.error_code(), Code::FAILED_PRECONDITION) << "the right password, but locked";
  EXPECT_NE(locked.error_message().find("锁定"), std::string::npos);
  EXPECT_EQ(SignIn("u-nobody", kPassword, &session).error_code(), Code::UNAUTHENTICATED)
      << "an unknown person answers like a wrong password";
  now_ += absl::Minutes(16);
  EXPECT_TRUE(SignIn("u-zhangwei", kPassword, &session).ok()) << "unlocked after 15 minutes";
}

TEST_F(IdentityServiceTest, ManySignInsFromOneAddressAreSlowedAcrossNames) {
  // Guessing over many names dodges the per-person lockout, not this.
  int exhausted = 0;
  v1::Session session;
  for (int i = 0; i < 40 && exhausted == 0; ++i) {
    exhausted += SignIn(absl::StrCat("u-guess", i), "WrongPassword1", &session).error_code() ==
                 Code::RESOURCE_EXHAUSTED;
  }
  EXPECT_EQ(exhausted, 1);
}

TEST_F(IdentityServiceTest, TokensAreSmallAndRefreshReuseEndsTheSession) {
  // A reviewer of a whole province's subtree: the token does not list it.
  ASSERT_TRUE(Grant("u-cityreviewer", "review_1", "510000", true).ok());
  v1::Session first;
  ASSERT_TRUE(SignIn("u-cityreviewer", kPassword, &first).ok());
  EXPECT_LT(first.access_token().size(), 700u);
  v1::GetAccessRequest get_access;
  v1::Access access;
  ASSERT_TRUE(stub_->GetAccess(Bearer(first.access_token()).get(), get_access, &access).ok());
  EXPECT_EQ(access.person().name(), "people/u-cityreviewer");
  ASSERT_EQ(access.role_assignments_size(), 1);

  v1::RefreshSessionRequest refresh;
  refresh.set_refresh_token(first.refresh_token());
  v1::Session second;
  grpc::ClientContext c1;
  ASSERT_TRUE(stub_->RefreshSession(&c1, refresh, &second).ok());
  EXPECT_NE(second.refresh_token(), first.refresh_token());
  // The first refresh token again: stolen. The whole session ends.
  grpc::ClientContext c2;
  v1::Session stolen;
  EXPECT_EQ(stub_->RefreshSession(&c2, refresh, &stolen).error_code(), Code::UNAUTHENTICATED);
  refresh.set_refresh_token(second.refresh_token());
  grpc::ClientContext c3;
  EXPECT_EQ(stub_->RefreshSession(&c3, refresh, &stolen).error_code(), Code::UNAUTHENTICATED)
      << "the legitimate holder's token died with the session";

  // Sign-out ends a session too.
  v1::Session third;
  ASSERT_TRUE(SignIn("u-cityreviewer", kPassword, &third).ok());
  v1::SignOutRequest sign_out;
  sign_out.set_refresh_token(third.refresh_token());
  v1::SignOutResponse out;
  ASSERT_TRUE(stub_->SignOut(Bearer(third.access_token()).get(), sign_out, &out).ok());
  refresh.set_refresh_token(third.refresh_token());
  grpc::ClientContext c4;
  EXPECT_EQ(stub_->RefreshSession(&c4, refresh, &stolen).error_code(), Code::UNAUTHENTICATED);
}

TEST_F(IdentityServiceTest, UnifiedIdentitySignsInAMappedSubjectOnly) {
  v1::SignInWithIdTokenRequest request;
  request.set_id_token(IdToken("510113199001011234"));
  v1::Session session;
  grpc::ClientContext c1;
  grpc::Status mapped = stub_->SignInWithIdToken(&c1, request, &session);
  ASSERT_TRUE(mapped.ok()) << mapped.error_message();
  EXPECT_EQ(session.person().name(), "people/u-cityreviewer");
  request.set_id_token(IdToken("999999199901019999"));
  grpc::ClientContext c2;
  EXPECT_EQ(stub_->SignInWithIdToken(&c2, request, &session).error_code(), Code::PERMISSION_DENIED)
      << "an unknown subject";
}

TEST_F(IdentityServiceTest, PasswordPolicyAndSelfService) {
  v1::SetPasswordRequest set;
  set.set_name("people/u-zhangwei");
  set.set_new_password("short");
  v1::Person person;
  EXPECT_EQ(stub_->SetPassword(Admin().get(), set, &person).error_code(), Code::INVALID_ARGUMENT);
  v1::Session session;
  ASSERT_TRUE(SignIn("u-zhangwei", kPassword, &session).ok());
  set.set_new_password("NewPassword2025");
  set.set_old_password("wrong-old-1");
  EXPECT_EQ(stub_->SetPassword(Bearer(session.access_token()).get(), set, &person).error_code(),
            Code::PERMISSION_DENIED);
  set.set_old_password(kPassword);
  ASSERT_TRUE(stub_->SetPassword(Bearer(session.access_token()).get(), set, &person).ok());
  EXPECT_EQ(SignIn("u-zhangwei", kPassword, &session).error_code(), Code::UNAUTHENTICATED);
  EXPECT_TRUE(SignIn("u-zhangwei", "NewPassword2025", &session).ok());
}

TEST_F(IdentityServiceTest, RoleHoldersAreOwnThenDelegatesAndOnlyMembersMayAsk) {
  ASSERT_TRUE(Grant("u-wangqiang", "review_1", "jinkouhe-gov-office", false).ok());
  ASSERT_TRUE(Grant("u-cityreviewer", "review_1", "511100", true).ok());
  ASSERT_TRUE(Grant("u-zhangwei", "drafter", "jinkouhe-gov-office", false).ok());
  Person("u-zhaoliu", "赵六", "jinkouhe-gov-office");
  Person("u-gone", "离职人员", "jinkouhe-gov-office");
  ASSERT_TRUE(Grant("u-gone", "review_1", "jinkouhe-gov-office", false).ok());
  v1::DisablePersonRequest disable;
  disable.set_name("people/u-gone");
  v1::Person disabled;
  ASSERT_TRUE(stub_->DisablePerson(Admin().get(), disable, &disabled).ok());
  v1::CreateDelegationRequest delegate;
  v1::Delegation* d = delegate.mutable_delegation();
  d->set_delegator("people/u-wangqiang");
  d->set_delegate("people/u-zhaoliu");
  d->add_roles("review_1");
  d->set_scope("units/jinkouhe-gov-office");
  *d->mutable_start_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(now_));
  *d->mutable_end_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(
      absl::ToUnixSeconds(now_ + absl::Hours(48)));
  d->set_reason("出差");
  v1::Delegation delegation;
  ASSERT_TRUE(stub_->CreateDelegation(Admin().get(), delegate, &delegation).ok());

  v1::ListRoleHoldersRequest request;
  request.set_unit("units/jinkouhe-gov-office");
  request.set_role("review_1");
  v1::ListRoleHoldersResponse response;
  ASSERT_TRUE(stub_->ListRoleHolders(Service().get(), request, &response).ok());
  ASSERT_EQ(response.holders_size(), 3) << response.DebugString();
  EXPECT_EQ(response.holders(0).person(), "people/u-cityreviewer") << "own holders by person";
  EXPECT_EQ(response.holders(1).person(), "people/u-wangqiang");
  EXPECT_EQ(response.holders(1).display_name(), "王强");
  EXPECT_EQ(response.holders(2).person(), "people/u-zhaoliu");
  EXPECT_EQ(response.holders(2).delegator(), "people/u-wangqiang");
  EXPECT_EQ(response.holders(2).delegator_display_name(), "王强") << "赵六（代 王强）";

  // A member of the unit (the drafter) may ask; someone of another unit may
  // not, and learns nothing of whether a unit exists.
  auto zhangwei = Bearer([&] {
    v1::Session session;
    EXPECT_TRUE(SignIn("u-zhangwei", kPassword, &session).ok());
    return session.access_token();
  }());
  EXPECT_TRUE(stub_->ListRoleHolders(zhangwei.get(), request, &response).ok());
  Person("u-outsider", "外单位", "shizhong-gov-office");
  ASSERT_TRUE(Grant("u-outsider", "drafter", "shizhong-gov-office", false).ok());
  const std::string outsider = [&] {
    v1::Session session;
    EXPECT_TRUE(SignIn("u-outsider", kPassword, &session).ok());
    return session.access_token();
  }();
  EXPECT_EQ(stub_->ListRoleHolders(Bearer(outsider).get(), request, &response).error_code(),
            Code::PERMISSION_DENIED);
  request.set_unit("units/no-such-unit");
  EXPECT_EQ(stub_->ListRoleHolders(Bearer(outsider).get(), request, &response).error_code(),
            Code::PERMISSION_DENIED);
  EXPECT_EQ(stub_->ListRoleHolders(Service().get(), request, &response).error_code(),
            Code::NOT_FOUND);
  request.set_unit("units/jinkouhe-gov-office");
  request.set_role("Bad Role");
  EXPECT_EQ(stub_->ListRoleHolders(Service().get(), request, &response).error_code(),
            Code::INVALID_ARGUMENT);
}

TEST_F(IdentityServiceTest, ContactDetailsOnlyForThePersonTheirUnitAndTheServices) {
  ASSERT_TRUE(Grant("u-zhangwei", "drafter", "jinkouhe-gov-office", false).ok());
  Person("u-outsider", "外单位", "shizhong-gov-office");
  ASSERT_TRUE(Grant("u-outsider", "drafter", "shizhong-gov-office", false).ok());
  auto token = [&](const std::string& who) {
    v1::Session session;
    EXPECT_TRUE(SignIn(who, kPassword, &session).ok());
    return session.access_token();
  };
  const std::string zhangwei = token("u-zhangwei");
  const std::string outsider = token("u-outsider");
  v1::GetPersonRequest get;
  get.set_name("people/u-lina");
  v1::Person person;
  EXPECT_TRUE(stub_->GetPerson(Bearer(zhangwei).get(), get, &person).ok()) << "a colleague";
  EXPECT_TRUE(stub_->GetPerson(Service().get(), get, &person).ok()) << "a service";
  EXPECT_EQ(stub_->GetPerson(Bearer(outsider).get(), get, &person).error_code(),
            Code::PERMISSION_DENIED)
      << "another unit's person";
  get.set_name("people/u-outsider");
  EXPECT_TRUE(stub_->GetPerson(Bearer(outsider).get(), get, &person).ok()) << "oneself";
  get.set_name("people/u-nobody");
  EXPECT_EQ(stub_->GetPerson(Bearer(outsider).get(), get, &person).error_code(),
            Code::PERMISSION_DENIED)
      << "existence is not disclosed";
  EXPECT_EQ(stub_->GetPerson(Admin().get(), get, &person).error_code(), Code::NOT_FOUND);
  v1::ListPeopleRequest list;
  list.set_unit("units/jinkouhe-gov-office");
  v1::ListPeopleResponse people;
  EXPECT_TRUE(stub_->ListPeople(Bearer(zhangwei).get(), list, &people).ok());
  EXPECT_GE(people.people_size(), 3);
  EXPECT_EQ(stub_->ListPeople(Bearer(outsider).get(), list, &people).error_code(),
            Code::PERMISSION_DENIED);
}

TEST_F(IdentityServiceTest, EveryQueryUsesAnIndex) {
  ASSERT_THAT(db_->Transact([&](Transaction& tx) -> absl::Status {
    for (int i = 0; i < 300; ++i) {
      const std::string unit = absl::StrCat("unit-", i);
      RETURN_IF_ERROR(tx.Execute("INSERT INTO units (id, display_name, parent_id, kind, state, "
                                 "path) VALUES (?, 'u', '511113', 2, 1, ?)",
                                 {unit, absl::StrCat("/510000/511100/511113/", unit, "/")})
                          .status());
      const std::string person = absl::StrCat("u-", i);
      RETURN_IF_ERROR(tx.Execute("INSERT INTO people (id, display_name, unit_id, state) VALUES "
                                 "(?, 'p', ?, 1)",
                                 {person, unit})
                          .status());
      RETURN_IF_ERROR(tx.Execute("INSERT INTO role_assignments (person_id, role, scope_unit, "
                                 "subtree) VALUES (?, 'drafter', ?, 0)",
                                 {person, unit})
                          .status());
      RETURN_IF_ERROR(tx.Execute("INSERT INTO delegations (delegator_id, delegate_id, roles, "
                                 "scope_unit, subtree, start_time, end_time, reason) VALUES "
                                 "(?, ?, 'drafter', ?, 0, NOW(), NOW() + INTERVAL 1 DAY, 'r')",
                                 {person, absl::StrCat("u-", (i + 1) % 300), unit})
                          .status());
      RETURN_IF_ERROR(tx.Execute("INSERT INTO sessions (id, person_id, generation, "
                                 "refresh_sha256, state, expire_time) VALUES (?, ?, 1, '', 1, "
                                 "NOW())",
                                 {absl::StrCat(std::string(28, '0'), 1000 + i), person})
                          .status());
    }
    for (const char* table : {"units", "people", "role_assignments", "delegations", "sessions"}) {
      RETURN_IF_ERROR(tx.ExecuteDirect(absl::StrCat("ANALYZE TABLE ", table)));
    }
    return absl::OkStatus();
  }),
              IsOk());
  testing::ExpectIndexed(
      *db_,
      {{"a unit's children",
        "SELECT id FROM units WHERE parent_id = ? AND id > ? ORDER BY id LIMIT ?",
        {"511113", "", 101}},
       {"a unit's people",
        "SELECT id FROM people WHERE unit_id = ? AND id > ? ORDER BY id LIMIT ?",
        {"unit-7", "", 101}},
       {"a person's grants",
        "SELECT role FROM role_assignments WHERE person_id = ? AND revoke_time IS NULL LIMIT 10000",
        {"u-7"}},
       {"grants over a unit",
        "SELECT id FROM role_assignments WHERE scope_unit = ? AND revoke_time IS NULL LIMIT 10000",
        {"unit-7"}},
       {"delegations received",
        "SELECT id FROM delegations WHERE delegate_id = ? AND end_time > ? LIMIT 1000",
        {"u-7", "2025-01-01 00:00:00"}},
       {"delegations given",
        "SELECT id FROM delegations WHERE delegator_id = ? ORDER BY id DESC LIMIT 1000",
        {"u-7"}},
       {"holders of a role over a unit and its ancestors",
        "SELECT a.person_id FROM role_assignments a JOIN people p ON p.id = a.person_id WHERE "
        "a.scope_unit IN (?, ?, ?) AND a.revoke_time IS NULL AND a.role = ? AND p.state = 1 "
        "ORDER BY a.person_id LIMIT 10000",
        {"510000", "511100", "unit-7", "drafter"}},
       {"delegations given by holders",
        "SELECT d.id FROM delegations d JOIN people p ON p.id = d.delegate_id WHERE "
        "d.delegator_id IN (?, ?) AND d.end_time > ? ORDER BY d.id LIMIT 1000",
        {"u-7", "u-8", "2025-01-01 00:00:00"}},
       {"a person's sessions",
        "UPDATE sessions SET state = 2 WHERE person_id = ? AND state = 1",
        {"u-7"}}});
}

}  // namespace
}  // namespace reportflow::identity
