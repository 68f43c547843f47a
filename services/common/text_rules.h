// The rules every service applies to text a person sends, at the edge,
// before any SQL: valid UTF-8, not blank (Unicode-aware: an ideographic
// space U+3000 is as blank as an ASCII one), within its length limit, and
// unit ids of one strict alphabet (they reach file paths on the portal).
// Every refusal is INVALID_ARGUMENT naming the field and the rule, and echoes
// at most a short excerpt of the input (QuoteInput), so an error message
// stays small whatever was sent.
#ifndef REPORTFLOW_SERVICES_COMMON_TEXT_RULES_H_
#define REPORTFLOW_SERVICES_COMMON_TEXT_RULES_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace reportflow {

// The byte offset of the first invalid UTF-8 sequence in `text`, or -1.
long InvalidUtf8Offset(absl::string_view text);

// The number of code points of valid UTF-8 `text`.
size_t CodePointCount(absl::string_view text);

// Whether `text` holds nothing but white space, ASCII or Unicode (U+00A0,
// U+1680, U+2000..U+200B, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF).
bool IsBlank(absl::string_view text);

// `text` without leading and trailing white space in IsBlank's sense.
absl::string_view StripBlank(absl::string_view text);

// At most the first `max_chars` code points of `text` (valid UTF-8 assumed),
// with "…" when cut.
std::string TruncateText(absl::string_view text, size_t max_chars);

// At most the first 40 code points of `text` (valid UTF-8 assumed, invalid
// bytes dropped), with "…" when cut: for echoing input in error messages.
std::string QuoteInput(absl::string_view text);

// How ValidateText treats an empty value.
enum class Presence { kOptional, kRequired };

// INVALID_ARGUMENT naming `field` when `text` is not valid UTF-8, is blank
// while required, or has more than `max_chars` code points.
absl::Status ValidateText(absl::string_view field, absl::string_view text, size_t max_chars,
                          Presence presence = Presence::kOptional);

// The longest unit id: it becomes a directory on the portal and part of the
// page's 索引号.
inline constexpr size_t kMaxUnitIdChars = 48;

// INVALID_ARGUMENT naming `field` unless `unit` is 1..48 characters of
// [a-z0-9-], starting and ending with a letter or digit, e.g.
// "jinkouhe-gov-office". Never "..", "/", or an absolute path.
absl::Status ValidateUnitId(absl::string_view field, absl::string_view unit);

// Whether ValidateUnitId accepts `unit`.
bool IsValidUnitId(absl::string_view unit);

// A person's id: 1..64 of [a-z0-9-], not starting with '-' ("u-zhangwei").
bool IsValidPersonId(absl::string_view id);

// A role's name: 1..64 of [a-z0-9_] ("review_1"); never a `service:` role.
bool IsValidRoleName(absl::string_view role);

}  // namespace reportflow

#endif  // REPORTFLOW_SERVICES_COMMON_TEXT_RULES_H_
