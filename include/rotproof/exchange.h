#pragma once
// What fetching leaves: every HTTP exchange as it went over the wire, and
// what fetching one URL came to.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rotproof/status.h"

namespace rotproof {

// One HTTP request and its response, as they went over the wire.
struct Exchange {
  std::string url;
  std::string ip;             // the peer's address
  std::string request_head;   // request line and headers, CRLF CRLF ended
  std::string response_head;  // status line and headers, CRLF CRLF ended;
                              // Transfer-Encoding renamed X-Orig-..., with a
                              // Content-Length matching the stored body
  long status = 0;
  std::string content_type;
  std::string location;   // absolute redirect target of a 3xx
  std::string body;       // the body exactly as received, when small;
  std::string body_path;  // else its spool file
  uint64_t body_bytes = 0;
  std::string payload_digest;  // "sha256:<hex>" of the body
  std::string sniffed_type;    // media type the body's first bytes show, or ""
  // The body is body_path, a file of a site's source tree read from disk
  // (no HTTP: a resource record), not a spool file of rotproof's.
  bool local = false;
};

// The body of `x`, from memory or its spool file.
Result<std::string> ReadBody(const Exchange& x);

// The media type that `head` (a body's first bytes) shows: image/jpeg,
// image/png, image/gif, image/webp, image/avif, image/svg+xml, image/bmp,
// image/x-icon, video/mp4, text/html; "" when unknown.
std::string SniffMediaType(std::string_view head);

// What fetching one URL came to.
struct FetchOutcome;

// `url` served by the local file at `path`: one 200 exchange whose body is
// the file (read to digest and sniff it), or a failed outcome naming the
// file when it cannot be read or is larger than a WARC record may hold.
FetchOutcome ServeLocalFile(const std::string& url, const std::string& path);

struct FetchOutcome {
  std::string url;
  std::vector<Exchange> hops;  // every complete response, redirects first
  bool ok = false;             // the last hop is a 2xx with its whole body
  std::string error;           // why not, one line
  int attempts = 0;

  // The last complete response, or nullptr when none arrived.
  const Exchange* Final() const { return hops.empty() ? nullptr : &hops.back(); }
};

// Why a finished fetch does not give a reference its asset, or "" when it
// does: the fetch failed, the body is in a Content-Encoding restore cannot
// undo, or it is an HTML page where an asset was asked for (a soft 404).
// With `must_be_image` (a guessed candidate), a body that does not sniff as
// an image is refused too.
std::string WhyUnusable(const FetchOutcome& outcome, bool must_be_image = false);

}  // namespace rotproof
