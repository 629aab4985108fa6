#pragma once
// Which hosts and addresses rotproof may fetch from. Posts are written by
// strangers: by default nothing on the machine itself, its private networks
// or a cloud's metadata service is fetched, whether a post names it, a
// redirect leads there, or a host name resolves there. Hosts the user maps
// with --connect-to / --resolve, and hosts or ranges named with
// --allow-private, are the user's intent and stay allowed.

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <vector>

#include "rotproof/status.h"

namespace rotproof {

// What kind of non-public address `addr` is ("loopback", "private",
// "link-local", "CGNAT", "unique-local", "multicast", "unspecified",
// "reserved"), or "" for a public one. IPv4-mapped and NAT64 IPv6
// addresses are judged by the IPv4 address they carry.
std::string NonPublicKind(const sockaddr* addr);

// OK when `entry` is a host pattern or an address range; InvalidInput
// ("'10.0.0.0/33' is not an address range") for a range that does not parse.
Status CheckAllowEntry(const std::string& entry);

// The addresses of the proxies named in `proxy_urls` (values of curl's
// http_proxy, https_proxy and all_proxy variables, "http://host:port" or
// "host:port"), resolved now: curl connects to them, not to the origin, so
// a configured proxy on a private network is the user's intent.
std::vector<std::string> ProxyAddresses(const std::vector<std::string>& proxy_urls);

class AddressPolicy {
 public:
  // The policy. `allow` holds host patterns ("intranet.example",
  // "*.corp.example", "*" for every host) and address ranges ("10.0.0.0/8",
  // "fd00::/8", "192.168.1.20"); `connect_to` and `resolve` are curl's
  // option values. REQUIRES: CheckAllowEntry accepted each of `allow`.
  AddressPolicy(const std::vector<std::string>& allow, const std::vector<std::string>& connect_to,
                const std::vector<std::string>& resolve);

  // Why a URL with this host (lowercase, IPv6 without brackets) and port is
  // refused before any connection, or "": a non-public IP literal or a
  // well-known local or metadata name, not mapped or allowed by the user.
  std::string RefusalForHost(const std::string& host, const std::string& port) const;
  // Why connecting to `addr` for a URL with this host and port is refused,
  // or "": the address a name resolved to is checked on every connection,
  // so neither a redirect nor DNS rebinding can lead inside.
  std::string RefusalForAddress(const sockaddr* addr, const std::string& host, const std::string& port) const;

 private:
  struct Range {
    int family = 0;
    unsigned char bytes[16] = {};
    int prefix = 0;
  };
  struct Mapping {
    std::string host;  // "" maps every host
    std::string port;  // "" maps every port
  };
  bool Mapped(const std::string& host, const std::string& port) const;
  bool HostAllowed(const std::string& host) const;
  bool AddressAllowed(const sockaddr* addr) const;

  std::vector<std::string> allowed_hosts_;
  std::vector<Range> allowed_ranges_;
  std::vector<Mapping> mappings_;
};

}  // namespace rotproof
