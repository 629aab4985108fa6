#include "rotproof/address_policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "rotproof/text.h"
#include "rotproof/url.h"

namespace rotproof {
namespace {

// Names that lead to the machine itself or to a cloud's instance metadata,
// whatever DNS says.
constexpr const char* kLocalNames[] = {"localhost",
                                       "*.localhost",
                                       "metadata",
                                       "metadata.goog",
                                       "metadata.google.internal",
                                       "instance-data",
                                       "instance-data.ec2.internal"};

struct Prefix {
  uint32_t net;
  int bits;
  const char* kind;
};
// IANA special-purpose IPv4 ranges that are not the public Internet.
constexpr Prefix kIpv4NonPublic[] = {
    {0x00000000, 8, "unspecified"}, {0x0A000000, 8, "private"},     {0x64400000, 10, "CGNAT"},
    {0x7F000000, 8, "loopback"},    {0xA9FE0000, 16, "link-local"}, {0xAC100000, 12, "private"},
    {0xC0000000, 24, "reserved"},   {0xC0A80000, 16, "private"},    {0xC6120000, 15, "reserved"},
    {0xE0000000, 4, "multicast"},   {0xF0000000, 4, "reserved"},
};

std::string Ipv4Kind(uint32_t a) {
  for (const Prefix& p : kIpv4NonPublic) {
    uint32_t mask = p.bits == 0 ? 0 : ~uint32_t{0} << (32 - p.bits);
    if ((a & mask) == p.net) return p.kind;
  }
  return "";
}

uint32_t Ipv4At(const unsigned char* b) {
  return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3];
}

std::string Ipv6Kind(const unsigned char* b) {
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr unsigned char kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kMapped, 12) == 0 || std::memcmp(b, kNat64, 12) == 0) return Ipv4Kind(Ipv4At(b + 12));
  bool zero_head = std::all_of(b, b + 15, [](unsigned char c) { return c == 0; });
  if (zero_head && b[15] == 0) return "unspecified";
  if (zero_head && b[15] == 1) return "loopback";
  if ((b[0] & 0xfe) == 0xfc) return "unique-local";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local";
  if (b[0] == 0xff) return "multicast";
  return "";
}

// The address in `text` ("10.0.0.1", "::1"), as a sockaddr.
std::optional<sockaddr_storage> ParseAddress(const std::string& text) {
  sockaddr_storage ss{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    return ss;
  }
  if (inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    return ss;
  }
  return std::nullopt;
}

// The address bytes of `addr` and their count (4 or 16), or 0.
size_t AddressBytes(const sockaddr* addr, const unsigned char** bytes) {
  if (addr->sa_family == AF_INET) {
    *bytes = reinterpret_cast<const unsigned char*>(&reinterpret_cast<const sockaddr_in*>(addr)->sin_addr);
    return 4;
  }
  if (addr->sa_family == AF_INET6) {
    *bytes = reinterpret_cast<const unsigned char*>(&reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr);
    return 16;
  }
  return 0;
}

std::string AddressText(const sockaddr* addr) {
  char buf[INET6_ADDRSTRLEN] = "?";
  const unsigned char* bytes = nullptr;
  if (AddressBytes(addr, &bytes) != 0) inet_ntop(addr->sa_family, bytes, buf, sizeof buf);
  return buf;
}

// "host:port:rest" as curl writes it, IPv6 hosts in brackets; a leading '+'
// or '-' (curl's add/remove marks for --resolve) is dropped.
std::pair<std::string, std::string> HostAndPort(std::string entry) {
  if (!entry.empty() && (entry[0] == '+' || entry[0] == '-')) entry.erase(0, 1);
  std::string host;
  size_t at = 0;
  if (!entry.empty() && entry[0] == '[') {
    size_t close = entry.find(']');
    if (close == std::string::npos) return {entry, ""};
    host = entry.substr(1, close - 1);
    at = close + 1;
  } else {
    at = entry.find(':');
    if (at == std::string::npos) return {entry, ""};
    host = entry.substr(0, at);
  }
  if (at >= entry.size() || entry[at] != ':') return {host, ""};
  size_t end = entry.find(':', at + 1);
  std::string port = entry.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
  host = AsciiLower(host);
  return {host, port};
}

std::string Advice() { return "; --allow-private allows it"; }

}  // namespace

std::string NonPublicKind(const sockaddr* addr) {
  const unsigned char* bytes = nullptr;
  switch (AddressBytes(addr, &bytes)) {
    case 4:
      return Ipv4Kind(Ipv4At(bytes));
    case 16:
      return Ipv6Kind(bytes);
    default:
      return "unspecified";
  }
}

Status CheckAllowEntry(const std::string& entry) {
  size_t slash = entry.find('/');
  if (slash == std::string::npos) return Status::Ok();
  auto addr = ParseAddress(entry.substr(0, slash));
  std::string bits = entry.substr(slash + 1);
  int max = addr && addr->ss_family == AF_INET ? 32 : 128;
  bool digits = !bits.empty() && bits.size() <= 3 && std::all_of(bits.begin(), bits.end(), ::isdigit);
  if (!addr || !digits || std::stoi(bits) > max)
    return Status::InvalidInput("'" + entry + "' is not an address range (10.0.0.0/8, fd00::/8)");
  return Status::Ok();
}

std::vector<std::string> ProxyAddresses(const std::vector<std::string>& proxy_urls) {
  std::vector<std::string> out;
  for (std::string url : proxy_urls) {
    if (url.empty()) continue;
    if (url.find("://") == std::string::npos) url = "http://" + url;
    auto parts = SplitUrl(url);
    if (!parts) continue;
    std::string host = parts->host;
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) continue;
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) out.push_back(AddressText(a->ai_addr));
    freeaddrinfo(found);
  }
  return out;
}

AddressPolicy::AddressPolicy(const std::vector<std::string>& allow, const std::vector<std::string>& connect_to,
                             const std::vector<std::string>& resolve) {
  for (const std::string& entry : allow) {
    size_t slash = entry.find('/');
    auto addr = ParseAddress(entry.substr(0, slash));
    if (!addr) {
      std::string host = entry;
      host = AsciiLower(host);
      allowed_hosts_.push_back(host);
      continue;
    }
    Range r;
    r.family = addr->ss_family;
    const unsigned char* bytes = nullptr;
    size_t n = AddressBytes(reinterpret_cast<const sockaddr*>(&*addr), &bytes);
    std::memcpy(r.bytes, bytes, n);
    r.prefix = slash == std::string::npos ? static_cast<int>(n * 8) : std::stoi(entry.substr(slash + 1));
    allowed_ranges_.push_back(r);
  }
  for (const auto* list : {&connect_to, &resolve})
    for (const std::string& entry : *list) {
      auto [host, port] = HostAndPort(entry);
      mappings_.push_back({host, port});
    }
}

bool AddressPolicy::Mapped(const std::string& host, const std::string& port) const {
  return std::any_of(mappings_.begin(), mappings_.end(), [&](const Mapping& m) {
    return (m.host.empty() || m.host == host) && (m.port.empty() || m.port == port);
  });
}

bool AddressPolicy::HostAllowed(const std::string& host) const {
  return std::any_of(allowed_hosts_.begin(), allowed_hosts_.end(),
                     [&](const std::string& p) { return p == "*" || HostMatches(p, host); });
}

bool AddressPolicy::AddressAllowed(const sockaddr* addr) const {
  const unsigned char* bytes = nullptr;
  size_t n = AddressBytes(addr, &bytes);
  return std::any_of(allowed_ranges_.begin(), allowed_ranges_.end(), [&](const Range& r) {
    if (r.family != addr->sa_family) return false;
    int full = r.prefix / 8, rest = r.prefix % 8;
    if (static_cast<size_t>(full) > n || std::memcmp(r.bytes, bytes, full) != 0) return false;
    if (rest == 0) return true;
    unsigned char mask = static_cast<unsigned char>(0xff << (8 - rest));
    return (r.bytes[full] & mask) == (bytes[full] & mask);
  });
}

std::string AddressPolicy::RefusalForHost(const std::string& host, const std::string& port) const {
  bool named =
      std::any_of(std::begin(kLocalNames), std::end(kLocalNames), [&](const char* p) { return HostMatches(p, host); });
  auto addr = ParseAddress(host);
  std::string kind = addr ? NonPublicKind(reinterpret_cast<const sockaddr*>(&*addr)) : "";
  if (!named && kind.empty()) return "";
  // A name mapped explicitly; a catch-all mapping sends the connection
  // elsewhere, so it does not vouch for the address the URL names.
  bool mapped = std::any_of(mappings_.begin(), mappings_.end(),
                            [&](const Mapping& m) { return m.host == host && (m.port.empty() || m.port == port); });
  if (mapped || HostAllowed(host)) return "";
  if (addr && AddressAllowed(reinterpret_cast<const sockaddr*>(&*addr))) return "";
  if (named) return "refused: " + host + " names this machine or a cloud metadata service" + Advice();
  return "refused: " + host + " is a " + kind + " address" + Advice();
}

std::string AddressPolicy::RefusalForAddress(const sockaddr* addr, const std::string& host,
                                             const std::string& port) const {
  std::string kind = NonPublicKind(addr);
  if (kind.empty() || Mapped(host, port) || HostAllowed(host) || AddressAllowed(addr)) return "";
  return "refused: " + host + " resolved to " + AddressText(addr) + ", a " + kind + " address" + Advice();
}

}  // namespace rotproof
