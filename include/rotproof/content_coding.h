#pragma once
// HTTP Content-Encoding, undone: archives keep bodies exactly as the server
// sent them, and restore turns them back into the files a browser would see.

#include <string>
#include <string_view>

#include "rotproof/status.h"

namespace rotproof {

// Decodes `body` per `coding` (a Content-Encoding value: "gzip", "x-gzip",
// "deflate", "br", "identity", or a comma-separated chain applied in order).
// Errors: InvalidInput for an unknown coding or corrupt data.
Result<std::string> DecodeContent(std::string_view body, std::string_view coding);

// The Content-Encoding value of an HTTP head ("HTTP/1.1 200 OK\r\n..."), or "".
std::string ContentEncodingOf(std::string_view http_head);

}  // namespace rotproof
