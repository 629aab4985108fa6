#pragma once
// URLs: their parts, host matching, percent coding, absolute resolution,
// and URL text from outside made safe to write anywhere (WARC headers,
// CDXJ lines, JSON, the command line of a transfer).

#include <optional>
#include <string>
#include <string_view>

namespace rotproof {

// Longer URLs are not fetched or written into a WARC header (servers refuse
// past 8 KiB; browsers give up at 2 MiB; a WARC header holds 1 MiB).
inline constexpr size_t kMaxUrlBytes = size_t{64} << 10;

// `url` as a browser would request it (WHATWG URL parsing, the parts that
// matter for safety): leading and trailing C0 controls and spaces dropped,
// tabs, CRs and LFs removed wherever they are, and every byte that RFC 3986
// does not allow in a URL (other controls, space, non-ASCII, `"<>\^`{|}`, a
// '%' not followed by two hex digits) percent-encoded. Existing %XX escapes
// are kept as written. The result is printable ASCII with no spaces.
std::string CanonicalUrl(std::string_view url);

// True when `text` ends in an image file extension (.jpg, .png, .webp,
// .svg, ...), in any case.
bool EndsWithImageExtension(std::string_view text);

// True when the path of `url` (absolute or not; its query and fragment
// aside) ends in an image file extension.
bool HasImageExtension(std::string_view url);

// True when `input` is an http(s) URL rather than a file path.
bool IsLiveUrl(std::string_view input);

// `s` with every byte but RFC 3986's unreserved ones (letters, digits,
// "-._~") percent-encoded: a URI component from any text.
std::string PercentEncode(std::string_view s);

// A file path as a relative URL: each '/'-separated segment PercentEncoded.
std::string PercentEncodePath(std::string_view path);

// `text` decoded from `charset` (an IANA name such as "gbk", "shift_jis")
// into UTF-8, as a browser decodes a document before reading its URLs.
// Returns `text` unchanged when it is already valid UTF-8, when `charset` is
// empty or unknown to iconv, or when `text` is not valid in it.
std::string DecodeCharset(std::string_view text, std::string_view charset);

// The charset a document declares in its first 1024 bytes (`<meta
// charset=...>` or an http-equiv Content-Type), or in a Content-Type header
// value; lowercase, "" when none.
std::string DeclaredCharset(std::string_view head);

// The parts of an absolute URL that rules, fetching and naming look at. Nothing is decoded.
struct UrlParts {
  std::string scheme;  // lowercase, "" for protocol-relative "//host/x"
  std::string host;    // lowercase, without port
  std::string port;    // as written after the host, "" when none
  std::string authority;
  std::string path;        // from the first '/' after the authority, before '?'
  size_t path_offset = 0;  // where `path` starts in the URL
  std::string query;       // after the first '?', without '#fragment'
  bool has_query = false;
};
std::optional<UrlParts> SplitUrl(const std::string& url);

// True when `host` (lowercase) matches `pattern`: equal, or "*.suffix" and
// `host` ends in ".suffix".
bool HostMatches(const std::string& pattern, const std::string& host);

// Decodes %XX escapes once; invalid escapes are kept as they are.
std::string PercentDecode(std::string_view s);

// `url` made absolute against `base` ("//h/x", "/x", "x"); `url` itself when
// it already has a scheme; "//h/x" without a base gets https; empty when a
// relative URL has no base.
std::string AbsoluteUrl(const std::string& url, const std::string& base);

}  // namespace rotproof
