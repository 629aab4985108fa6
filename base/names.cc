#include "rotproof/names.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>

#include "rotproof/text.h"

namespace rotproof {

bool IsSafeFileName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '.' || name.back() == '.' || name.back() == ' ')
    return false;
  if (!IsValidUtf8(name)) return false;
  bool bad_byte = std::any_of(name.begin(), name.end(), [](unsigned char c) {
    return c < 0x20 || c == 0x7f ||
           std::string_view("/\\<>:\"|?*").find(static_cast<char>(c)) != std::string_view::npos;
  });
  if (bad_byte) return false;
  std::string stem(name.substr(0, name.find('.')));
  std::transform(stem.begin(), stem.end(), stem.begin(), [](unsigned char c) { return std::toupper(c); });
  static constexpr std::string_view kDevices[] = {"CON", "PRN", "AUX", "NUL"};
  bool device = std::find(std::begin(kDevices), std::end(kDevices), stem) != std::end(kDevices) ||
                (stem.size() == 4 && (stem.rfind("COM", 0) == 0 || stem.rfind("LPT", 0) == 0) &&
                 std::isdigit(static_cast<unsigned char>(stem[3])));
  return !device;
}

std::string FileNameKey(std::string_view name) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  icu::UnicodeString folded = U_SUCCESS(status) ? fold->normalize(text, status) : text;
  std::string key;
  (U_SUCCESS(status) ? folded : text).toUTF8String(key);
  return key;
}

}  // namespace rotproof
