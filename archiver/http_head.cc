#include "rotproof/http_head.h"

#include "rotproof/text.h"

namespace rotproof {
namespace {

std::string_view Trimmed(std::string_view s) {
  size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t") + 1 - begin);
}

}  // namespace

HeaderField SplitHeaderLine(std::string_view line) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return {AsciiLower(line), ""};
  return {AsciiLower(line.substr(0, colon)), std::string(Trimmed(line.substr(colon + 1)))};
}

std::string HeaderValue(std::string_view head, std::string_view name) {
  size_t pos = head.find("\r\n");  // past the status line
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    pos += 2;
    size_t end = head.find("\r\n", pos);
    std::string_view line = head.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (line.empty()) break;
    if (HeaderField f = SplitHeaderLine(line); f.name == name) return f.value;
    pos = end;
  }
  return "";
}

std::string MediaTypeOf(std::string_view content_type) {
  std::string type = AsciiLower(Trimmed(content_type.substr(0, content_type.find(';'))));
  return type.empty() ? "application/octet-stream" : type;
}

}  // namespace rotproof
