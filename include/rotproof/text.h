#pragma once
// Small text checks shared by the archiver and the verifier.

#include <string>
#include <string_view>

namespace rotproof {

// True when `s` is well-formed UTF-8 (no overlong forms are rejected: the
// check is for mislabelled legacy encodings, not for security).
bool IsValidUtf8(std::string_view s);

// `s` with & < > " escaped for HTML text and attribute values.
std::string EscapeHtml(std::string_view s);

}  // namespace rotproof
