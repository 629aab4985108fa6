#include "rotproof/url.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "rotproof/text.h"

namespace rotproof {
namespace {

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// Bytes RFC 3986 allows unescaped somewhere in a URL (reserved and
// unreserved characters); '%' is handled apart.
bool IsUrlByte(unsigned char c) {
  if (c <= 0x20 || c >= 0x7f) return false;
  switch (c) {
    case '"': case '<': case '>': case '\\': case '^': case '`': case '{': case '|': case '}':
      return false;
    default:
      return true;
  }
}

bool IsDroppedAtEnds(unsigned char c) { return c <= 0x20; }

void AppendEscaped(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('%');
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 15]);
}

struct IconvCloser {
  void operator()(iconv_t cd) const { iconv_close(cd); }
};

}  // namespace

std::string CanonicalUrl(std::string_view url) {
  while (!url.empty() && IsDroppedAtEnds(static_cast<unsigned char>(url.front()))) url.remove_prefix(1);
  while (!url.empty() && IsDroppedAtEnds(static_cast<unsigned char>(url.back()))) url.remove_suffix(1);
  std::string out;
  out.reserve(url.size());
  for (size_t i = 0; i < url.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(url[i]);
    if (c == '\t' || c == '\r' || c == '\n') continue;
    bool escape_kept = c == '%' && i + 2 < url.size() && IsHex(url[i + 1]) && IsHex(url[i + 2]);
    if (IsUrlByte(c) && (c != '%' || escape_kept)) {
      out.push_back(static_cast<char>(c));
    } else {
      AppendEscaped(c, &out);
    }
  }
  return out;
}

std::string PercentEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      AppendEscaped(c, &out);
    }
  }
  return out;
}

std::string DecodeCharset(std::string_view text, std::string_view charset) {
  if (charset.empty() || IsValidUtf8(text)) return std::string(text);
  iconv_t raw = iconv_open("UTF-8", std::string(charset).c_str());
  if (raw == reinterpret_cast<iconv_t>(-1)) return std::string(text);
  std::unique_ptr<std::remove_pointer_t<iconv_t>, IconvCloser> cd(raw);
  std::string in(text);
  std::string out(text.size() * 4 + 4, '\0');
  char* in_ptr = in.data();
  size_t in_left = in.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  if (iconv(cd.get(), &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<size_t>(-1))
    return std::string(text);
  out.resize(out.size() - out_left);
  return out;
}

std::string DeclaredCharset(std::string_view head) {
  std::string lower(head.substr(0, 1024));
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  at += 8;
  while (at < lower.size() && (lower[at] == '"' || lower[at] == '\'' || lower[at] == ' ')) ++at;
  size_t end = at;
  while (end < lower.size() && (std::isalnum(static_cast<unsigned char>(lower[end])) || lower[end] == '-' ||
                                lower[end] == '_' || lower[end] == ':' || lower[end] == '.'))
    ++end;
  return lower.substr(at, end - at);
}

}  // namespace rotproof
