#pragma once
// `rotproof ls`: what an archive holds, as a table or as JSON.

#include <string>

#include "rotproof/status.h"

namespace rotproof {

// The records (offset, type, content type, length, target) and the
// manifest's references (where, status, local path or reason, URL) of the
// archive at `path`. Errors: NotFound or InvalidInput for an unreadable file.
Result<std::string> ListArchive(const std::string& path, bool json);

}  // namespace rotproof
