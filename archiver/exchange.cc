#include "rotproof/exchange.h"

#include <fstream>
#include <sstream>

#include "rotproof/content_coding.h"
#include "rotproof/digest.h"
#include "rotproof/http_head.h"
#include "rotproof/text.h"
#include "rotproof/warc_format.h"

namespace rotproof {

std::string SniffMediaType(std::string_view h) {
  auto starts = [&](std::string_view magic, size_t at = 0) {
    return h.size() >= at + magic.size() && h.substr(at, magic.size()) == magic;
  };
  if (starts("\xFF\xD8\xFF")) return "image/jpeg";
  if (starts("\x89PNG\r\n\x1a\n")) return "image/png";
  if (starts("GIF87a") || starts("GIF89a")) return "image/gif";
  if (starts("RIFF") && starts("WEBP", 8)) return "image/webp";
  if (starts("ftypavif", 4) || starts("ftypavis", 4)) return "image/avif";
  if (starts("ftyp", 4)) return "video/mp4";
  if (starts("BM")) return "image/bmp";
  if (starts(std::string_view("\0\0\1\0", 4))) return "image/x-icon";
  size_t i = h.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  std::string text = AsciiLower(h.substr(i == std::string_view::npos ? h.size() : i, 256));
  if (text.rfind("<!doctype html", 0) == 0 || text.rfind("<html", 0) == 0 || text.rfind("<head", 0) == 0 ||
      text.rfind("<body", 0) == 0)
    return "text/html";
  if (text.rfind("<svg", 0) == 0 || (text.rfind("<?xml", 0) == 0 && text.find("<svg") != std::string::npos))
    return "image/svg+xml";
  return "";
}

std::string WhyUnusable(const FetchOutcome& o, bool must_be_image) {
  if (!o.ok) return o.error;
  const Exchange& x = *o.Final();
  // Stored as received, an encoding restore cannot undo would verify and
  // never come back.
  if (Status coding = CheckContentCoding(ContentEncodingOf(x.response_head)); !coding.ok())
    return "served with " + coding.message() + ", which restore cannot undo";
  bool html = x.sniffed_type == "text/html" || (x.sniffed_type.empty() && MediaTypeOf(x.content_type) == "text/html");
  if (html) return "served an HTML page, not the asset (soft 404)";
  if (must_be_image && !x.sniffed_type.starts_with("image/"))
    return "not an image (" + (x.sniffed_type.empty() ? std::string("unknown bytes") : x.sniffed_type) +
           "), and this origin was a guess from the URL's structure";
  return "";
}

FetchOutcome ServeLocalFile(const std::string& url, const std::string& path) {
  FetchOutcome o;
  o.url = url;
  o.attempts = 1;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    o.error = path + ": cannot read local file";
    return o;
  }
  Exchange x;
  x.url = url;
  x.status = 200;
  x.body_path = path;
  x.local = true;
  Sha256 hash;
  std::string head;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    std::string_view chunk(buffer, static_cast<size_t>(in.gcount()));
    if (head.size() < 512) head.append(chunk.substr(0, 512 - head.size()));
    hash.Update(chunk);
    x.body_bytes += chunk.size();
    if (x.body_bytes > warc_format::kMaxBodyBytes) {
      o.error = path + ": local file larger than a WARC record may hold";
      return o;
    }
  }
  if (in.bad()) {
    o.error = path + ": cannot read local file";
    return o;
  }
  x.payload_digest = hash.Finish();
  x.sniffed_type = SniffMediaType(head);
  x.content_type = x.sniffed_type.empty() ? "application/octet-stream" : x.sniffed_type;
  o.hops.push_back(std::move(x));
  o.ok = true;
  return o;
}

Result<std::string> ReadBody(const Exchange& x) {
  if (x.body_path.empty()) return x.body;
  std::ifstream in(x.body_path, std::ios::binary);
  if (!in) return Status::IoError(x.body_path + ": cannot read spooled body");
  std::ostringstream body;
  body << in.rdbuf();
  return body.str();
}

}  // namespace rotproof
