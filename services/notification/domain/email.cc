#include "services/notification/domain/email.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/notification/domain/base64.h"

namespace reportflow::notification {
namespace {

// Base64 in lines of 76 characters (RFC 2045).
std::string Base64Lines(absl::string_view bytes) {
  const std::string all = Base64(bytes);
  std::string out;
  for (size_t i = 0; i < all.size(); i += 76) absl::StrAppend(&out, all.substr(i, 76), "\r\n");
  return out;
}

// An RFC 2047 encoded word for non-ASCII text, else the text itself.
std::string EncodedWord(absl::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return absl::StrCat("=?UTF-8?B?", Base64(text), "?=");
  }
  return std::string(text);
}

bool HasLineBreak(absl::string_view value) {
  return absl::StrContains(value, "\r") || absl::StrContains(value, "\n");
}

std::string Mailbox(absl::string_view name, absl::string_view address) {
  return name.empty() ? absl::StrCat("<", address, ">")
                      : absl::StrCat(EncodedWord(name), " <", address, ">");
}

std::string Escape(absl::string_view text) {
  return absl::StrReplaceAll(text,
                             {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

}  // namespace

bool IsMailAddress(absl::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  const size_t at = address.find('@');
  if (at == absl::string_view::npos || at == 0 || at + 1 >= address.size() ||
      address.find('@', at + 1) != absl::string_view::npos) {
    return false;
  }
  for (unsigned char c : address) {
    if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' || c >= 0x7f) {
      return false;
    }
  }
  return absl::StrContains(address.substr(at + 1), ".");
}

std::string HtmlBody(absl::string_view title, const std::vector<std::string>& paragraphs,
                     const std::vector<MailLink>& links) {
  std::string html = absl::StrCat(
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>", Escape(title),
      "</title></head><body><h1 style=\"font-size:18px\">", Escape(title), "</h1>");
  for (const std::string& paragraph : paragraphs) {
    absl::StrAppend(&html, "<p>", Escape(paragraph), "</p>");
  }
  for (const MailLink& link : links) {
    if (link.url.empty()) continue;
    absl::StrAppend(&html, "<p><a href=\"", Escape(link.url), "\">",
                    Escape(link.text.empty() ? "打开" : link.text), "</a></p>");
  }
  absl::StrAppend(&html,
                  "<p style=\"color:#4e5561;font-size:12px\">此邮件由 ReportFlow "
                  "审批工作台自动发送，请勿直接回复。</p></body></html>");
  return html;
}

absl::StatusOr<std::string> FormatEmail(const Email& email, absl::Time date) {
  if (!IsMailAddress(email.from_address)) {
    return absl::InvalidArgumentError("from_address: 不是有效的邮箱地址 (not a mail address)");
  }
  if (!IsMailAddress(email.to_address)) {
    return absl::InvalidArgumentError("to_address: 不是有效的邮箱地址 (not a mail address)");
  }
  for (const auto& [field, value] :
       std::vector<std::pair<const char*, absl::string_view>>{{"from_name", email.from_name},
                                                              {"to_name", email.to_name},
                                                              {"subject", email.subject},
                                                              {"message_id", email.message_id}}) {
    if (HasLineBreak(value)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": 不能含换行 (no line breaks in a header)"));
    }
  }
  const size_t at = email.message_id.find('@');
  bool id_ok = at != std::string::npos && at > 0 && at + 1 < email.message_id.size();
  for (char c : email.message_id) {
    id_ok = id_ok && (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
                      c == '@');
  }
  if (!id_ok) {
    return absl::InvalidArgumentError(
        "message_id: 须形如 id@host，仅字母、数字、点和连字符 (letters, digits, . and - around one "
        "@)");
  }
  const std::string boundary =
      absl::StrCat("rf-", email.message_id.substr(0, email.message_id.find('@')));
  std::string out;
  absl::StrAppend(&out, "From: ", Mailbox(email.from_name, email.from_address), "\r\n");
  absl::StrAppend(&out, "To: ", Mailbox(email.to_name, email.to_address), "\r\n");
  absl::StrAppend(&out, "Subject: ", EncodedWord(email.subject), "\r\n");
  absl::StrAppend(&out, "Date: ",
                  absl::FormatTime("%a, %d %b %Y %H:%M:%S %z", date, absl::FixedTimeZone(8 * 3600)),
                  "\r\n");
  absl::StrAppend(&out, "Message-ID: <", email.message_id, ">\r\n");
  absl::StrAppend(&out, "MIME-Version: 1.0\r\n");
  absl::StrAppend(&out, "Auto-Submitted: auto-generated\r\n");
  absl::StrAppend(&out, "Content-Type: multipart/alternative; boundary=\"", boundary, "\"\r\n\r\n");
  absl::StrAppend(&out, "--", boundary, "\r\n",
                  "Content-Type: text/plain; charset=UTF-8\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n",
                  Base64Lines(email.plain));
  absl::StrAppend(&out, "--", boundary, "\r\n",
                  "Content-Type: text/html; charset=UTF-8\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n",
                  Base64Lines(email.html));
  absl::StrAppend(&out, "--", boundary, "--\r\n");
  return out;
}

}  // namespace reportflow::notification
