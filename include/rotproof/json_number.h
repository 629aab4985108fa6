#pragma once
// Integers in JSON that someone else wrote (manifests, journals, indexes).
// nlohmann's get<uint64_t>() turns a float into an integer with a plain cast,
// undefined behaviour when it does not fit (1e300), so a field counts as an
// integer only when the JSON holds an unsigned one.

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace rotproof {

// `v` when it is an unsigned integer; nullopt for anything else.
template <class Json>
std::optional<uint64_t> UnsignedOf(const Json& v) {
  if (v.is_number_unsigned()) return v.template get<uint64_t>();
  return std::nullopt;
}

// Also a string of 1 to 19 decimal digits: py-wacz writes CDXJ offsets so,
// ArchiveWeb.page as numbers.
template <class Json>
std::optional<uint64_t> UnsignedOrDigitsOf(const Json& v) {
  if (!v.is_string()) return UnsignedOf(v);
  const std::string& s = v.template get_ref<const std::string&>();
  if (s.empty() || s.size() > 19 || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  return std::stoull(s);
}

// `object[key]`, or `fallback` when the key is absent; std::invalid_argument
// when the value is anything but an unsigned integer (a float, a negative, text).
template <class Json>
uint64_t UnsignedField(const Json& object, const char* key, uint64_t fallback) {
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (std::optional<uint64_t> n = UnsignedOf(*it)) return *n;
  throw std::invalid_argument(std::string(key) + " is not an unsigned integer");
}

}  // namespace rotproof
