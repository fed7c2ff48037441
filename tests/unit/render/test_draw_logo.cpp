#include "catch_prelude.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "render/draw/logo.hpp"
#include "render/draw/logo_cache.hpp"
#include "render/pdf.hpp"
#include "test_draw_views.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

// An HTTP server on a loopback port answering `connections` requests in a thread, each with
// the raw response `answer(n)` builds for the n-th request (0-based); counts the requests.
class loopback_server {
public:
  loopback_server(int connections, std::function<std::string(int)> answer)
      : connections_(connections), answer_(std::move(answer)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 4);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~loopback_server() {
    ::shutdown(fd_, SHUT_RDWR);  // ends an accept still waiting for requests that never came
    thread_.join();
    ::close(fd_);
  }
  std::string url(const std::string& path = "/logo.png") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int requests() const { return requests_; }

private:
  void serve() {
    for (int n = 0; n < connections_; ++n) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      char buf[4096];
      (void)::recv(c, buf, sizeof buf, 0);
      ++requests_;
      std::string out = answer_(n);
      for (std::size_t off = 0; off < out.size();) {
        auto k = ::send(c, out.data() + off, std::min<std::size_t>(65536, out.size() - off), MSG_NOSIGNAL);
        if (k <= 0) break;
        off += static_cast<std::size_t>(k);
      }
      ::close(c);
    }
  }
  int connections_;
  std::function<std::string(int)> answer_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::thread thread_;
};

std::string ok(const std::string& body, const std::string& headers = "") {
  return "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n" + headers + "Connection: close\r\n\r\n" + body;
}

std::string small_png() {
  dashboard_view v;
  v.title = "logo";
  return render_png(v, document_options{}, 120);
}

logo_policy loopback_allowed() {
  logo_policy p;
  p.allowed_hosts = {"127.0.0.1"};
  return p;
}

std::uint32_t crc32(const std::string& data) {
  std::uint32_t c = 0xffffffffu;
  for (unsigned char b : data) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return c ^ 0xffffffffu;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::string chunk(const std::string& type, const std::string& data) {
  return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

// A PNG whose header claims `w` x `h` 8-bit grey pixels, with a token IDAT: what a decoder
// would allocate w*h bytes (or w*h*4 for cairo) for.
std::string png_claiming(std::uint32_t w, std::uint32_t h) {
  std::string ihdr = be32(w) + be32(h) + std::string("\x08\x00\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8)) +
         chunk("IEND", "");
}

}  // namespace

TEST_CASE("the address classifier refuses every address inside a network", "[logo]") {
  for (const char* ip : {"127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                         "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::",
                         "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3",
                         "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::a00:1"}) {
    INFO(ip);
    CHECK(refused_address(std::string(ip)) != nullptr);
  }
  CHECK(std::string(refused_address(std::string("127.0.0.1"))) == "a loopback address");
  CHECK(std::string(refused_address(std::string("10.0.0.1"))) == "a private address (RFC 1918)");
  CHECK(std::string(refused_address(std::string("169.254.169.254"))) == "a link-local address");
  CHECK(std::string(refused_address(std::string("fd00::1"))) == "a unique-local address (fc00::/7)");
  CHECK(std::string(refused_address(std::string("ff05::2"))) == "a multicast address");
  CHECK(std::string(refused_address(std::string("::ffff:192.168.0.1"))) == "a private address (RFC 1918)");
  for (const char* ip : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "93.184.216.34", "2001:4860:4860::8888",
                         "::ffff:8.8.8.8"}) {
    INFO(ip);
    CHECK(refused_address(std::string(ip)) == nullptr);
  }
  CHECK(std::string(refused_address(std::string("not-an-ip"))) == "not an IP address");
}

TEST_CASE("a PNG logo is fetched over http and drawn in the footer", "[logo]") {
  logo_result logo;
  {
    auto png = small_png();
    loopback_server server(1, [&](int) { return ok(png); });
    logo = fetch_logo(server.url(), loopback_allowed());
  }
  REQUIRE(logo.image);
  CHECK(cairo_image_surface_get_width(logo.image.get()) == 120);
  auto view = sample_view();
  document_options o;
  o.report_name = "With logo";
  o.logo = logo.image.get();
  std::string path = write_temp(render_pdf({&view}, o), ".pdf");
  std::string images = run("pdfimages -list '" + path + "'");
  std::remove(path.c_str());
  CHECK(images.find("120") != std::string::npos);  // the logo's width in the image list
}

TEST_CASE("a loopback logo is refused unless its host is allowed, without a request", "[logo]") {
  auto png = small_png();
  loopback_server server(1, [&](int) { return ok(png); });
  auto refused = fetch_logo(server.url());
  CHECK_FALSE(refused.image);
  CHECK(refused.reason == "refused to connect: 127.0.0.1 is a loopback address (allow the host in "
                          "[security] allowed_logo_hosts)");
  CHECK(server.requests() == 0);
  auto allowed = fetch_logo(server.url(), loopback_allowed());
  CHECK(allowed.image);
  CHECK(server.requests() == 1);
}

TEST_CASE("a redirect is followed by hand and its target checked again", "[logo]") {
  auto png = small_png();
  loopback_server target(1, [&](int) { return ok(png); });
  // The first server is allowed; it redirects to "localhost", which is not.
  std::string to_localhost = target.url();
  to_localhost.replace(to_localhost.find("127.0.0.1"), 9, "localhost");
  loopback_server redirecting(1, [&](int) {
    return "HTTP/1.1 302 Found\r\nLocation: " + to_localhost + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  });
  auto logo = fetch_logo(redirecting.url(), loopback_allowed());
  CHECK_FALSE(logo.image);
  CHECK(logo.reason.find("after a redirect to " + to_localhost) == 0);
  CHECK(logo.reason.find("is a loopback address") != std::string::npos);
  CHECK(target.requests() == 0);

  // Allowed at both hops: followed.
  loopback_server allowed_redirect(1, [&](int) {
    return "HTTP/1.1 301 Moved\r\nLocation: " + target.url() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  });
  CHECK(fetch_logo(allowed_redirect.url(), loopback_allowed()).image);
  CHECK(target.requests() == 1);
}

TEST_CASE("more than three redirects leave the logo out", "[logo]") {
  std::unique_ptr<loopback_server> loop;
  loop = std::make_unique<loopback_server>(4, [&](int) {
    return "HTTP/1.1 302 Found\r\nLocation: " + loop->url() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  });
  auto logo = fetch_logo(loop->url(), loopback_allowed());
  CHECK_FALSE(logo.image);
  CHECK(logo.reason == "the logo URL redirects more than 3 times");
  CHECK(loop->requests() == 4);
}

TEST_CASE("URLs the fetch never asks for", "[logo]") {
  CHECK(fetch_logo("ftp://127.0.0.1/logo.png").reason == "the logo URL must be http or https");
  CHECK(fetch_logo("http://127.0.0.1/a\r\nX: y").reason == "the logo URL contains a control character");
  CHECK(fetch_logo("http://x.example/" + std::string(3000, 'a')).reason ==
        "the logo URL is longer than 2048 characters");
  CHECK(url_for_log("https://user:secret@logo.example/a.png") == "https://logo.example/a.png");
}

TEST_CASE("a logo larger than 2 MiB is refused", "[logo]") {
  logo_result logo;
  {
    loopback_server server(1, [](int) { return ok(std::string(3 * 1024 * 1024, 'x')); });
    logo = fetch_logo(server.url(), loopback_allowed());
  }
  CHECK_FALSE(logo.image);
  CHECK(logo.reason == "the logo is larger than 2 MiB");
}

TEST_CASE("a PNG whose header claims more pixels than the limit is refused before decoding", "[logo]") {
  auto bomb = png_claiming(23000, 23000);
  auto size = png_size(bomb);
  REQUIRE(size);
  CHECK(size->width == 23000);
  CHECK(size->height == 23000);
  auto refused = decode_logo(bomb);
  CHECK_FALSE(refused.image);
  CHECK(refused.reason ==
        "the logo is 23000 x 23000 pixels; the limit is 4096 x 4096 ([security] max_logo_dimension)");
  CHECK(decode_logo(png_claiming(5000, 10)).reason.find("5000 x 10") != std::string::npos);

  auto png = small_png();  // 120 px wide: within 4096, beyond a limit of 100
  CHECK(decode_logo(png).image);
  CHECK(decode_logo(png, 100).reason.find("the limit is 100 x 100") != std::string::npos);
  CHECK_FALSE(png_size("GIF89a....."));
}

TEST_CASE("the logo is cached by URL as its cache headers allow", "[logo]") {
  auto png = small_png();
  logo_policy p = loopback_allowed();
  p.cache = make_logo_cache();
  loopback_server fresh(2, [&](int) { return ok(png, "Cache-Control: public, max-age=600\r\n"); });
  CHECK(fetch_logo(fresh.url(), p).image);
  CHECK(fetch_logo(fresh.url(), p).image);
  CHECK(fresh.requests() == 1);  // the second render used the cached bytes

  loopback_server no_store(2, [&](int) { return ok(png, "Cache-Control: no-store\r\n"); });
  CHECK(fetch_logo(no_store.url(), p).image);
  CHECK(fetch_logo(no_store.url(), p).image);
  CHECK(no_store.requests() == 2);
}

TEST_CASE("cache lifetimes from Cache-Control and Expires", "[logo]") {
  const std::int64_t now = 1795129200;  // 2026-11-19T23:00:00Z
  CHECK(freshness("max-age=120", "", now) == std::chrono::seconds(120));
  CHECK(freshness("public, Max-Age=\"60\"", "", now) == std::chrono::seconds(60));
  CHECK_FALSE(freshness("no-store", "", now));
  CHECK_FALSE(freshness("no-cache, max-age=600", "", now));
  CHECK_FALSE(freshness("max-age=0", "", now));
  CHECK(freshness("", "Fri, 20 Nov 2026 00:00:00 GMT", now) == std::chrono::seconds(3600));
  CHECK_FALSE(freshness("", "Thu, 01 Jan 2015 00:00:00 GMT", now));
  CHECK_FALSE(freshness("", "0", now));
  CHECK(freshness("max-age=30", "Thu, 01 Jan 2015 00:00:00 GMT", now) == std::chrono::seconds(30));
  CHECK(freshness("", "", now) == std::chrono::seconds(300));

  logo_cache c(2, 100);
  auto t = logo_cache::clock::now();
  c.put("a", "aaaa", t + std::chrono::seconds(10));
  c.put("b", "bbbb", t + std::chrono::seconds(10));
  CHECK(c.get("a", t));
  c.put("c", "cccc", t + std::chrono::seconds(10));  // two entries at most: b, least recently used, goes
  CHECK_FALSE(c.get("b", t));
  CHECK(c.get("a", t) == std::string("aaaa"));
  CHECK_FALSE(c.get("a", t + std::chrono::seconds(11)));  // expired
  c.put("big", std::string(101, 'x'), t + std::chrono::seconds(10));
  CHECK_FALSE(c.get("big", t));
  CHECK(split_host_list(" Logo.Example, 127.0.0.1 ,,") == std::vector<std::string>{"logo.example", "127.0.0.1"});
}
