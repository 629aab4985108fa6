#pragma once
// HTTP heads as rotproof stores them (a status line, header lines, CRLF
// CRLF): the one reader of header fields the archiver's stages share. (The
// verifier keeps its own on purpose: it shares no code with the writer.)

#include <string>
#include <string_view>

namespace rotproof {

struct HeaderField {
  std::string name;   // lowercase
  std::string value;  // without the blanks around it
};

// Splits a "Name: value" line (without its CRLF).
HeaderField SplitHeaderLine(std::string_view line);

// The value of the first header field `name` (lowercase) of `head`, or ""
// when it has none. The status line is not a field.
std::string HeaderValue(std::string_view head, std::string_view name);

// The media type of a Content-Type value: lowercase, without parameters;
// "application/octet-stream" when empty.
std::string MediaTypeOf(std::string_view content_type);

}  // namespace rotproof
