#include "catch_prelude.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "render/draw/logo.hpp"
#include "render/pdf.hpp"
#include "test_draw_views.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

// Serves one HTTP response on a loopback port, in a thread, then closes.
class one_shot_server {
public:
  explicit one_shot_server(std::string body) : body_(std::move(body)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 1);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~one_shot_server() {
    thread_.join();
    ::close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/logo.png"; }

private:
  void serve() {
    int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    char buf[4096];
    (void)::recv(c, buf, sizeof buf, 0);
    std::string head = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n";
    (void)::send(c, head.data(), head.size(), MSG_NOSIGNAL);
    for (std::size_t off = 0; off < body_.size();) {
      auto n = ::send(c, body_.data() + off, std::min<std::size_t>(65536, body_.size() - off), MSG_NOSIGNAL);
      if (n <= 0) break;
      off += static_cast<std::size_t>(n);
    }
    ::close(c);
  }
  std::string body_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

std::string small_png() {
  dashboard_view v;
  v.title = "logo";
  return render_png(v, document_options{}, 120);
}

}  // namespace

TEST_CASE("a PNG logo is fetched over http and drawn in the footer", "[logo]") {
  logo_result logo;
  {
    one_shot_server server(small_png());
    logo = fetch_logo(server.url());
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

TEST_CASE("a logo larger than 2 MiB is refused", "[logo]") {
  logo_result logo;
  {
    one_shot_server server(std::string(3 * 1024 * 1024, 'x'));
    logo = fetch_logo(server.url());
  }
  CHECK_FALSE(logo.image);
  CHECK(logo.reason == "the logo is larger than 2 MiB");
}
