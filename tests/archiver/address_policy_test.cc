#include "rotproof/address_policy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

namespace rotproof {
namespace {

sockaddr_storage Address(const std::string& text) {
  sockaddr_storage ss{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
  } else if (inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
  }
  return ss;
}

std::string Kind(const std::string& text) {
  sockaddr_storage ss = Address(text);
  return NonPublicKind(reinterpret_cast<const sockaddr*>(&ss));
}

TEST(AddressPolicyTest, NonPublicRangesAreNamed) {
  EXPECT_EQ(Kind("127.0.0.1"), "loopback");
  EXPECT_EQ(Kind("127.255.0.9"), "loopback");
  EXPECT_EQ(Kind("10.20.30.40"), "private");
  EXPECT_EQ(Kind("172.16.0.1"), "private");
  EXPECT_EQ(Kind("172.31.255.255"), "private");
  EXPECT_EQ(Kind("192.168.1.1"), "private");
  EXPECT_EQ(Kind("169.254.169.254"), "link-local");
  EXPECT_EQ(Kind("100.64.0.1"), "CGNAT");
  EXPECT_EQ(Kind("0.0.0.0"), "unspecified");
  EXPECT_EQ(Kind("224.0.0.1"), "multicast");
  EXPECT_EQ(Kind("192.0.0.192"), "reserved");
  EXPECT_EQ(Kind("::1"), "loopback");
  EXPECT_EQ(Kind("::"), "unspecified");
  EXPECT_EQ(Kind("fd00:ec2::254"), "unique-local");
  EXPECT_EQ(Kind("fe80::1"), "link-local");
  EXPECT_EQ(Kind("ff02::1"), "multicast");
  EXPECT_EQ(Kind("::ffff:169.254.169.254"), "link-local");  // IPv4-mapped
  EXPECT_EQ(Kind("64:ff9b::a9fe:a9fe"), "link-local");      // NAT64 of 169.254.169.254
  for (const char* pub : {"8.8.8.8", "172.32.0.1", "100.128.0.1", "93.184.216.34", "2606:4700::1111"})
    EXPECT_EQ(Kind(pub), "") << pub;
}

TEST(AddressPolicyTest, HostsAreRefusedUnlessMappedOrAllowed) {
  AddressPolicy none({}, {}, {});
  EXPECT_EQ(none.RefusalForHost("img.example.com", "443"), "");
  EXPECT_EQ(none.RefusalForHost("169.254.169.254", "80"),
            "refused: 169.254.169.254 is a link-local address; --allow-private allows it");
  EXPECT_EQ(none.RefusalForHost("metadata.google.internal", "80"),
            "refused: metadata.google.internal names this machine or a cloud metadata service; "
            "--allow-private allows it");
  EXPECT_NE(none.RefusalForHost("app.localhost", "80"), "");
  EXPECT_NE(none.RefusalForHost("::1", "80"), "");

  // A catch-all mapping sends connections elsewhere: the URL's own private
  // address stays refused. A mapping that names the host is intent.
  AddressPolicy mapped({}, {"::127.0.0.1:8080", "10.0.0.5:80:127.0.0.1:8080"}, {"[fd00::1]:443:127.0.0.1"});
  EXPECT_NE(mapped.RefusalForHost("10.0.0.6", "80"), "");
  EXPECT_EQ(mapped.RefusalForHost("10.0.0.5", "80"), "");
  EXPECT_NE(mapped.RefusalForHost("10.0.0.5", "8080"), "");
  EXPECT_EQ(mapped.RefusalForHost("fd00::1", "443"), "");

  AddressPolicy allowed({"10.0.0.0/8", "*.corp.example", "fd00::/8"}, {}, {});
  EXPECT_EQ(allowed.RefusalForHost("10.9.9.9", "80"), "");
  EXPECT_NE(allowed.RefusalForHost("192.168.0.1", "80"), "");
  EXPECT_EQ(allowed.RefusalForHost("fd12::1", "80"), "");
  sockaddr_storage lan = Address("192.168.0.7");
  EXPECT_EQ(allowed.RefusalForAddress(reinterpret_cast<sockaddr*>(&lan), "wiki.corp.example", "80"), "");
  EXPECT_EQ(allowed.RefusalForAddress(reinterpret_cast<sockaddr*>(&lan), "rebind.example", "80"),
            "refused: rebind.example resolved to 192.168.0.7, a private address; --allow-private allows it");
  sockaddr_storage in_range = Address("10.1.2.3");
  EXPECT_EQ(allowed.RefusalForAddress(reinterpret_cast<sockaddr*>(&in_range), "rebind.example", "80"), "");
}

TEST(AddressPolicyTest, AllowEntriesAreChecked) {
  EXPECT_TRUE(CheckAllowEntry("10.0.0.0/8").ok());
  EXPECT_TRUE(CheckAllowEntry("fd00::/8").ok());
  EXPECT_TRUE(CheckAllowEntry("intranet.example").ok());
  EXPECT_TRUE(CheckAllowEntry("192.168.1.20").ok());
  EXPECT_EQ(CheckAllowEntry("10.0.0.0/33").message(), "'10.0.0.0/33' is not an address range (10.0.0.0/8, fd00::/8)");
  EXPECT_FALSE(CheckAllowEntry("nothost/8").ok());
  EXPECT_FALSE(CheckAllowEntry("10.0.0.0/").ok());
}

}  // namespace
}  // namespace rotproof
