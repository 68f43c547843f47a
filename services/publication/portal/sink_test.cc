#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "services/common/status_matchers.h"
#include "services/publication/portal/http_sink.h"
#include "services/publication/portal/static_sink.h"

namespace reportflow::publication {
namespace {

namespace fs = std::filesystem;
using ::reportflow::testing::IsOk;
using ::reportflow::testing::StatusIs;

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class StaticSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("rf-static-sink-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

PortalBundle Page(const std::string& body) {
  return {"page",
          "publications/1",
          "unit-a/2024/r-1-v1",
          true,
          "page-1",
          {{"index.html", "text/html", body}, {"tables/t.csv", "text/csv", "a,b\n"}}};
}

TEST_F(StaticSinkTest, PutsAPageInPlaceAndARepeatLeavesOneCopy) {
  StaticSink sink(root_.string(), "");
  ASSERT_THAT(sink.Push(Page("<p>v1</p>")), IsOk());
  ASSERT_THAT(sink.Push(Page("<p>v1</p>")), IsOk());
  EXPECT_EQ(Read(root_ / "unit-a/2024/r-1-v1/index.html"), "<p>v1</p>");
  EXPECT_EQ(Read(root_ / "unit-a/2024/r-1-v1/tables/t.csv"), "a,b\n");
  int directories = 0;
  for (const auto& entry : fs::directory_iterator(root_ / "unit-a/2024")) {
    (void)entry;
    ++directories;
  }
  EXPECT_EQ(directories, 1);
  EXPECT_TRUE(fs::is_empty(root_ / ".staging")) << "nothing left half-written";
  EXPECT_EQ(sink.PageLocation("unit-a/2024/r-1-v1"),
            (root_ / "unit-a/2024/r-1-v1/index.html").string());
}

TEST_F(StaticSinkTest, ANoticeReplacesTheWholeDirectory) {
  StaticSink sink(root_.string(), "https://portal.example/");
  ASSERT_THAT(sink.Push(Page("<p>v1</p>")), IsOk());
  PortalBundle notice{"withdrawal",         "publications/1",
                      "unit-a/2024/r-1-v1", true,
                      "withdrawal-1",       {{"index.html", "text/html", "<p>已撤回</p>"}}};
  ASSERT_THAT(sink.Push(notice), IsOk());
  EXPECT_EQ(Read(root_ / "unit-a/2024/r-1-v1/index.html"), "<p>已撤回</p>");
  EXPECT_FALSE(fs::exists(root_ / "unit-a/2024/r-1-v1/tables/t.csv"));
  EXPECT_EQ(sink.PageLocation("unit-a/2024/r-1-v1"),
            "https://portal.example/unit-a/2024/r-1-v1/index.html");
}

TEST_F(StaticSinkTest, AnIndexReplacesOnlyItsOwnFile) {
  StaticSink sink(root_.string(), "");
  ASSERT_THAT(sink.Push(Page("<p>v1</p>")), IsOk());
  PortalBundle index{"index", "publications/1",    "unit-a/2024",
                     false,   "index-1-published", {{"index.html", "text/html", "<ul></ul>"}}};
  ASSERT_THAT(sink.Push(index), IsOk());
  EXPECT_EQ(Read(root_ / "unit-a/2024/index.html"), "<ul></ul>");
  EXPECT_EQ(Read(root_ / "unit-a/2024/r-1-v1/index.html"), "<p>v1</p>");
}

TEST(PortalBundle, RoundTripsAndRefusesPathsOutsideItsDirectory) {
  PortalBundle bundle = Page("<p>“引号”</p>");
  absl::StatusOr<PortalBundle> parsed = ParseBundle(SerializeBundle(bundle));
  ASSERT_THAT(parsed.status(), IsOk());
  EXPECT_EQ(parsed->files[0].content, "<p>“引号”</p>");
  EXPECT_EQ(parsed->idempotency_key, "page-1");
  bundle.files[0].path = "../escape.html";
  EXPECT_THAT(ParseBundle(SerializeBundle(bundle)).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  bundle = Page("x");
  bundle.directory = "/etc";
  EXPECT_THAT(ParseBundle(SerializeBundle(bundle)).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseBundle("not json").status(), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(PortalBundle, CarriesThePdfByteForByteAsBase64) {
  PortalBundle bundle = Page("<p>x</p>");
  constexpr char kPdf[] =
      "%PDF-1.5\n\x00\xff\xfe\x80\x81"
      "binary";
  const std::string pdf(kPdf, sizeof(kPdf) - 1);
  bundle.files.push_back({"report.pdf", "application/pdf", pdf});
  const std::string payload = SerializeBundle(bundle);
  EXPECT_NE(payload.find("\"encoding\":\"base64\""), std::string::npos);
  EXPECT_EQ(payload.find("binary"), std::string::npos) << "the PDF is not sent as raw bytes";
  absl::StatusOr<PortalBundle> parsed = ParseBundle(payload);
  ASSERT_THAT(parsed.status(), IsOk());
  ASSERT_EQ(parsed->files.size(), 3u);
  EXPECT_EQ(parsed->files[2].content, pdf);
  EXPECT_EQ(parsed->files[0].content, "<p>x</p>") << "text stays text";
  EXPECT_FALSE(IsBinaryContentType("text/html; charset=utf-8"));
  EXPECT_FALSE(IsBinaryContentType("application/json; charset=utf-8"));
  EXPECT_TRUE(IsBinaryContentType("application/pdf"));

  std::string broken = payload;
  const size_t content = broken.rfind("\"content\":\"");
  broken.insert(content + 11, "!!");
  EXPECT_THAT(ParseBundle(broken).status(), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(HttpSink, SignsWithHmacSha256AndChecksItsOptions) {
  // RFC 4231, test case 2.
  EXPECT_EQ(PortalSignature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_THAT(HttpSink::Create({"ftp://portal", "secret"}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(HttpSink::Create({"https://portal.example/api", ""}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  absl::StatusOr<std::unique_ptr<HttpSink>> sink =
      HttpSink::Create({"https://portal.example/api/publications", "secret"});
  ASSERT_THAT(sink.status(), IsOk());
  EXPECT_EQ((*sink)->PageLocation("unit-a/2024/r-1-v1"),
            "https://portal.example/unit-a/2024/r-1-v1/index.html");
}

}  // namespace
}  // namespace reportflow::publication
