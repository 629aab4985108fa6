#include "rotproof/url.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "rotproof/text.h"

namespace rotproof {
namespace {

bool IsHex(char c) { return HexDigitValue(c) >= 0; }

// Bytes RFC 3986 allows unescaped somewhere in a URL (reserved and
// unreserved characters); '%' is handled apart.
bool IsUrlByte(unsigned char c) {
  if (c <= 0x20 || c >= 0x7f) return false;
  switch (c) {
    case '"':
    case '<':
    case '>':
    case '\\':
    case '^':
    case '`':
    case '{':
    case '|':
    case '}':
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

std::string PercentEncodePath(std::string_view path) {
  std::string out;
  for (size_t at = 0; at <= path.size();) {
    size_t slash = std::min(path.find('/', at), path.size());
    if (at > 0) out += '/';
    out += PercentEncode(path.substr(at, slash - at));
    at = slash + 1;
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
  if (iconv(cd.get(), &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<size_t>(-1)) return std::string(text);
  out.resize(out.size() - out_left);
  return out;
}

std::string DeclaredCharset(std::string_view head) {
  std::string lower(head.substr(0, 1024));
  lower = AsciiLower(lower);
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

bool IsLiveUrl(std::string_view input) { return input.starts_with("http://") || input.starts_with("https://"); }

bool HostMatches(const std::string& pattern, const std::string& host) {
  if (pattern.rfind("*.", 0) == 0) {
    std::string suffix = pattern.substr(1);
    return host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  return pattern == host;
}

std::optional<UrlParts> SplitUrl(const std::string& url) {
  UrlParts p;
  size_t rest;
  if (url.rfind("//", 0) == 0) {
    rest = 2;
  } else {
    size_t colon = url.find("://");
    if (colon == std::string::npos || colon == 0) return std::nullopt;
    p.scheme = AsciiLower(url.substr(0, colon));
    rest = colon + 3;
  }
  size_t auth_end = url.find_first_of("/?#", rest);
  if (auth_end == std::string::npos) auth_end = url.size();
  p.authority = url.substr(rest, auth_end - rest);
  std::string host = p.authority;
  if (size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  size_t host_end = !host.empty() && host[0] == '[' ? host.find(']') + 1 : host.find(':');
  if (host_end != std::string::npos && host_end < host.size()) {
    if (host[host_end] == ':') p.port = host.substr(host_end + 1);
    host = host.substr(0, host_end);
  }
  p.host = AsciiLower(host);
  if (p.host.empty()) return std::nullopt;
  size_t q = url.find('?', auth_end);
  size_t frag = url.find('#', auth_end);
  size_t path_end = std::min(q, frag);
  p.path_offset = auth_end;
  p.path = url.substr(auth_end, path_end == std::string::npos ? std::string::npos : path_end - auth_end);
  if (q != std::string::npos && (frag == std::string::npos || q < frag)) {
    p.has_query = true;
    p.query = url.substr(q + 1, frag == std::string::npos ? std::string::npos : frag - q - 1);
  }
  return p;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexDigitValue(s[i + 1]) >= 0 && HexDigitValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexDigitValue(s[i + 1]) * 16 + HexDigitValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string AbsoluteUrl(const std::string& url, const std::string& base) {
  bool protocol_relative = url.rfind("//", 0) == 0;
  if (SplitUrl(url) && !protocol_relative) return url;
  auto b = SplitUrl(base);
  bool usable_base = b && !b->scheme.empty();
  // "//host/x" with nothing to inherit from: https is what browsers use today.
  if (protocol_relative) return (usable_base ? b->scheme : std::string("https")) + ":" + url;
  if (!usable_base) return "";
  std::string root = b->scheme + "://" + b->authority;
  if (!url.empty() && url[0] == '/') return root + url;
  size_t slash = b->path.rfind('/');
  std::string dir = slash == std::string::npos ? std::string(1, '/') : b->path.substr(0, slash + 1);
  return root + dir + url;
}

bool EndsWithImageExtension(std::string_view text) {
  static constexpr std::string_view kExtensions[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif",
                                                     ".svg", ".bmp",  ".ico", ".tif", ".tiff", ".heic"};
  std::string tail = AsciiLower(text.substr(text.size() > 5 ? text.size() - 5 : 0));
  return std::any_of(std::begin(kExtensions), std::end(kExtensions),
                     [&](std::string_view e) { return tail.ends_with(e); });
}

bool HasImageExtension(std::string_view url) { return EndsWithImageExtension(url.substr(0, url.find_first_of("?#"))); }

}  // namespace rotproof
