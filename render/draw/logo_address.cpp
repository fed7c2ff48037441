// Which addresses a logo fetch may connect to: public unicast only. The ranges are those of
// the IANA special-purpose registries (RFC 6890) that reach inside a network or no host.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>

#include "render/draw/logo.hpp"

namespace reportd::render {
namespace {

const char* refused_v4(std::uint32_t a) {  // host byte order
  auto in = [a](std::uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
  if (in(0x00000000, 8)) return "an unspecified address (0.0.0.0/8)";
  if (in(0x7f000000, 8)) return "a loopback address";
  if (in(0x0a000000, 8) || in(0xac100000, 12) || in(0xc0a80000, 16)) return "a private address (RFC 1918)";
  if (in(0xa9fe0000, 16)) return "a link-local address";
  if (in(0x64400000, 10)) return "a shared address (100.64.0.0/10)";
  if (in(0xc0000000, 24)) return "an IETF protocol address (192.0.0.0/24)";
  if (in(0xc6120000, 15)) return "a benchmarking address (198.18.0.0/15)";
  if (in(0xe0000000, 4)) return "a multicast address";
  if (in(0xf0000000, 4)) return "a reserved or broadcast address";
  return nullptr;
}

std::uint32_t v4_at(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

const char* refused_v6(const unsigned char* b) {
  static const unsigned char zero[16] = {};
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static const unsigned char nat64[12] = {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, zero, 16) == 0) return "an unspecified address (::)";
  if (std::memcmp(b, zero, 15) == 0 && b[15] == 1) return "a loopback address";
  // ::ffff:a.b.c.d, the deprecated ::a.b.c.d and NAT64 64:ff9b::a.b.c.d reach an IPv4 host.
  if (std::memcmp(b, mapped, 12) == 0 || std::memcmp(b, zero, 12) == 0 || std::memcmp(b, nat64, 12) == 0)
    return refused_v4(v4_at(b + 12));
  if (b[0] == 0xff) return "a multicast address";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "a link-local address";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "a site-local address";
  if ((b[0] & 0xfe) == 0xfc) return "a unique-local address (fc00::/7)";
  return nullptr;
}

}  // namespace

const char* refused_address(const sockaddr* addr) {
  if (addr == nullptr) return "no address";
  if (addr->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(addr);
    return refused_v4(ntohl(in->sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(addr);
    return refused_v6(in6->sin6_addr.s6_addr);
  }
  return "not an IP address";
}

const char* refused_address(const std::string& numeric_ip) {
  sockaddr_in v4{};
  if (::inet_pton(AF_INET, numeric_ip.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    return refused_address(reinterpret_cast<const sockaddr*>(&v4));
  }
  sockaddr_in6 v6{};
  if (::inet_pton(AF_INET6, numeric_ip.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    return refused_address(reinterpret_cast<const sockaddr*>(&v6));
  }
  return "not an IP address";
}

}  // namespace reportd::render
