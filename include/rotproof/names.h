#pragma once
// One policy for the names of restored files, shared by the writer that
// makes them, the verifier that checks them and restore that writes them:
// an archive the verifier passes restores, and one it flags does not.

#include <string>
#include <string_view>

namespace rotproof {

// True when `name` is safe as one file name on the common file systems:
// valid UTF-8 of 1 to 255 bytes; no '/', '\', control characters or any of
// <>:"|?*; not hidden (no leading '.', so never "." or ".."); no trailing
// '.' or space (Windows drops them); not a Windows device name (CON, NUL,
// COM1...).
bool IsSafeFileName(std::string_view name);

// The key under which file names collide where the file system ignores case
// and Unicode normalization (APFS, NTFS, exFAT): NFKC case folding, so
// "Photo.PNG" and "photo.png", or NFC "é" and NFD "e\u0301", share one.
// REQUIRES: name is valid UTF-8.
std::string FileNameKey(std::string_view name);

}  // namespace rotproof
