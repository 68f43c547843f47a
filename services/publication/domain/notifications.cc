#include "services/publication/domain/notifications.h"

#include "absl/strings/str_cat.h"
#include "services/common/text_rules.h"

namespace reportflow::publication {

namespace nv1 = notification::v1;

namespace {

// "2" of "reports/r-1/versions/2".
std::string VersionNumber(const PublicationSummary& summary) {
  return summary.report_version.substr(summary.report_version.rfind('/') + 1);
}

// A message about the publication, to the publisher, linked to 发布.
nv1::NotifyRequest AboutPublication(const PublicationSummary& summary) {
  nv1::NotifyRequest request;
  request.set_unit(summary.unit);
  request.set_subject(absl::StrCat("publications/", summary.id));
  request.set_link("/publications");
  request.set_role("publisher");
  return request;
}

}  // namespace

nv1::NotifyRequest PublicationNotification(PublicationEvent event,
                                           const PublicationSummary& summary,
                                           absl::string_view detail) {
  const std::string title = TruncateText(summary.title, 120);
  const std::string version = VersionNumber(summary);
  nv1::NotifyRequest request = AboutPublication(summary);
  request.set_role("drafter");
  request.add_roles("publisher");
  const std::string key = absl::StrCat("n-pub-", summary.id, "-");
  switch (event) {
    case PublicationEvent::kPublished:
      request.set_event(key + "published");
      request.set_kind(nv1::EVENT_KIND_PUBLISHED);
      request.set_title(absl::StrCat("已公开：", title, "（第 ", version, " 版）"));
      request.set_text(TruncateText(absl::StrCat("审定原文已发布到门户网站：", summary.url), 1900));
      break;
    case PublicationEvent::kWithdrawn:
      request.set_event(key + "withdrawn");
      request.set_kind(nv1::EVENT_KIND_PUBLICATION_WITHDRAWN);
      request.set_title(absl::StrCat("已撤回：", title, "（第 ", version, " 版）"));
      request.set_text(
          TruncateText(absl::StrCat("门户网站上的页面已替换为撤回说明。撤回理由：", detail), 1900));
      break;
    case PublicationEvent::kCorrected:
      request.set_event(key + "corrected");
      request.set_kind(nv1::EVENT_KIND_PUBLICATION_CORRECTED);
      request.set_title(absl::StrCat("已更正：", title, "（第 ", version, " 版）"));
      request.set_text(TruncateText(absl::StrCat("第 ", version, " 版已被更正版本取代（", detail,
                                                 "），原页面改为更正说明并链接到新版本。"),
                                    1900));
      break;
    case PublicationEvent::kPushFailing:
      request.set_event(key + "push-failing");
      request.set_kind(nv1::EVENT_KIND_PORTAL_PUSH_FAILING);
      request.clear_roles();
      request.set_role("publisher");
      request.set_title(absl::StrCat("推送门户网站失败已超过 1 小时：", title));
      request.set_text(
          TruncateText(absl::StrCat("第 ", version,
                                    " 版的页面仍未推送到门户网站，系统会继续重试。最近一次错误：",
                                    detail, "。请检查门户网站接口，必要时在“发布”页面手动重试。"),
                       1900));
      break;
  }
  return request;
}

nv1::NotifyRequest PortalDriftNotification(const PublicationSummary& summary,
                                           absl::string_view drifts, absl::Time since) {
  const std::string version = VersionNumber(summary);
  nv1::NotifyRequest request = AboutPublication(summary);
  request.set_event(absl::StrCat("n-pub-", summary.id, "-drift-", absl::ToUnixSeconds(since)));
  request.set_kind(nv1::EVENT_KIND_PORTAL_DRIFT);
  request.set_title(
      absl::StrCat("门户网站上的页面与审定版本不一致：", TruncateText(summary.title, 100)));
  request.set_text(TruncateText(
      absl::StrCat("核验发现第 ", version, " 版的公开页面（", summary.url, "）已被改动：", drifts,
                   "。系统已重新推送审定内容，请核查门户网站的访问与修改记录。"),
      1900));
  return request;
}

bool PushFailingLongEnough(absl::Time accepted, absl::Time now) {
  return now - accepted >= kPushFailingNotice;
}

}  // namespace reportflow::publication
