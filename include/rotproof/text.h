#pragma once
// Small text checks shared by the archiver and the verifier.

#include <string>
#include <string_view>

namespace rotproof {

// The length of the UTF-8 sequence that byte `lead` starts: 1 to 4, or 0
// when `lead` cannot start one.
inline size_t Utf8SequenceLength(unsigned char lead) {
  return lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : (lead >> 3) == 30 ? 4 : 0;
}

// True when `s` is well-formed UTF-8 (no overlong forms are rejected: the
// check is for mislabelled legacy encodings, not for security).
bool IsValidUtf8(std::string_view s);

// `s` with & < > " escaped for HTML text and attribute values.
std::string EscapeHtml(std::string_view s);

// `s` with ASCII letters lowercased; other bytes as they are (the protocol
// names, hosts and header names it is for are ASCII).
std::string AsciiLower(std::string_view s);

// True when `s` starts with `prefix`, ASCII letters compared without case.
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// The value of hex digit `c`, or -1 when it is not one.
inline int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace rotproof
