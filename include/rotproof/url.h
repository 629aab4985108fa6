#pragma once
// URL text from outside made safe to write anywhere: WARC headers, CDXJ
// lines, JSON, the command line of a transfer.

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

// `s` with every byte but RFC 3986's unreserved ones (letters, digits,
// "-._~") percent-encoded: a URI component from any text.
std::string PercentEncode(std::string_view s);

// `text` decoded from `charset` (an IANA name such as "gbk", "shift_jis")
// into UTF-8, as a browser decodes a document before reading its URLs.
// Returns `text` unchanged when it is already valid UTF-8, when `charset` is
// empty or unknown to iconv, or when `text` is not valid in it.
std::string DecodeCharset(std::string_view text, std::string_view charset);

// The charset a document declares in its first 1024 bytes (`<meta
// charset=...>` or an http-equiv Content-Type), or in a Content-Type header
// value; lowercase, "" when none.
std::string DeclaredCharset(std::string_view head);

}  // namespace rotproof
