#include "services/common/text_rules.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace reportflow {
namespace {

// Decodes the code point at `text[i]` of valid UTF-8; sets `length`.
uint32_t DecodeAt(absl::string_view text, size_t i, size_t* length) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *length = 1;
    return c;
  }
  size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
  if (i + n > text.size()) {
    n = 1;
  }
  uint32_t code = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : n == 4 ? (c & 0x07) : c;
  for (size_t k = 1; k < n; ++k) {
    code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  }
  *length = n;
  return code;
}

bool IsSpaceCodePoint(uint32_t code) {
  return code == ' ' || (code >= '\t' && code <= '\r') || code == 0xA0 || code == 0x1680 ||
         (code >= 0x2000 && code <= 0x200B) || code == 0x2028 || code == 0x2029 || code == 0x202F ||
         code == 0x205F || code == 0x3000 || code == 0xFEFF;
}

}  // namespace

long InvalidUtf8Offset(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      code = c & 0x07;
    } else {
      return static_cast<long>(i);
    }
    if (i + length > text.size()) {
      return static_cast<long>(i);
    }
    for (size_t k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) {
        return static_cast<long>(i);
      }
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values beyond U+10FFFF are invalid.
    static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
      return static_cast<long>(i);
    }
    i += length;
  }
  return -1;
}

size_t CodePointCount(absl::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++count;
    }
  }
  return count;
}

absl::string_view StripBlank(absl::string_view text) {
  size_t begin = 0;
  while (begin < text.size()) {
    size_t length = 0;
    if (!IsSpaceCodePoint(DecodeAt(text, begin, &length))) {
      break;
    }
    begin += length;
  }
  size_t end = text.size();
  while (end > begin) {
    size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
      --start;
    }
    size_t length = 0;
    if (!IsSpaceCodePoint(DecodeAt(text, start, &length)) || start + length != end) {
      break;
    }
    end = start;
  }
  return text.substr(begin, end - begin);
}

bool IsBlank(absl::string_view text) { return StripBlank(text).empty(); }

std::string TruncateText(absl::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && chars++ == max_chars) {
      return std::string(text.substr(0, i)) + "…";
    }
  }
  return std::string(text);
}

std::string QuoteInput(absl::string_view text) {
  constexpr size_t kMaxQuoted = 40;
  std::string out;
  size_t chars = 0;
  size_t i = 0;
  while (i < text.size() && chars < kMaxQuoted) {
    const long bad = InvalidUtf8Offset(text.substr(i, 4));
    size_t length = 0;
    DecodeAt(text, i, &length);
    if (bad == 0) {
      ++i;  // an invalid byte is dropped, not echoed
      continue;
    }
    out.append(text.data() + i, length);
    i += length;
    ++chars;
  }
  if (i < text.size()) {
    out += "…";
  }
  return out;
}

absl::Status ValidateText(absl::string_view field, absl::string_view text, size_t max_chars,
                          Presence presence) {
  if (const long bad = InvalidUtf8Offset(text); bad >= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": 第 ", bad + 1, " 字节起不是有效的 UTF-8 文本 (must be valid UTF-8)"));
  }
  if (presence == Presence::kRequired && IsBlank(text)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 不能为空或只含空白字符 (must not be blank)"));
  }
  if (const size_t chars = CodePointCount(text); chars > max_chars) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": 共 ", chars, " 字，超过 ", max_chars,
                                                   " 字的上限 (at most ", max_chars,
                                                   " characters)"));
  }
  return absl::OkStatus();
}

bool IsValidPersonId(absl::string_view id) {
  return !id.empty() && id.size() <= 64 && id.front() != '-' &&
         std::all_of(id.begin(), id.end(), [](char c) {
           return absl::ascii_islower(static_cast<unsigned char>(c)) ||
                  absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-';
         });
}

bool IsValidRoleName(absl::string_view role) {
  return !role.empty() && role.size() <= 64 && std::all_of(role.begin(), role.end(), [](char c) {
    return absl::ascii_islower(static_cast<unsigned char>(c)) ||
           absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool IsValidUnitId(absl::string_view unit) {
  if (unit.empty() || unit.size() > kMaxUnitIdChars || unit.front() == '-' || unit.back() == '-') {
    return false;
  }
  for (char c : unit) {
    if (!(absl::ascii_islower(static_cast<unsigned char>(c)) ||
          absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-')) {
      return false;
    }
  }
  return true;
}

absl::Status ValidateUnitId(absl::string_view field, absl::string_view unit) {
  if (IsValidUnitId(unit)) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      field, ": 单位标识“", QuoteInput(unit), "”不合规：须为 1 至 ", kMaxUnitIdChars,
      " 个小写字母、数字或连字符，且不以连字符开头或结尾，如 jinkouhe-gov-office (must match "
      "[a-z0-9](-?[a-z0-9])*, at most ",
      kMaxUnitIdChars, " characters)"));
}

}  // namespace reportflow
