// build_mime: what a mail client sees when it reads the bytes back.
#include <algorithm>
#include <string>

#include "mail/engine.hpp"
#include "catch_prelude.hpp"
#include "mime_reader.hpp"

namespace mail = reportd::mail;
using mail::test::find_part;
using mail::test::parse_mime;
using mail::test::parts_with_disposition;

namespace {

std::string binary_bytes() {
  std::string bytes;
  for (int i = 0; i < 3000; ++i) bytes.push_back(static_cast<char>(i * 7 % 256));
  return bytes;
}

mail::message sample_message() {
  mail::message m;
  m.from_name = "Grafana Reports";
  m.from_address = "reports@example.com";
  m.to = {"alice@example.com", "Bob <bob@example.org>"};
  m.reply_to = {"ops@example.com"};
  m.subject = "Wöchentlicher Bericht – 週報";
  m.text_body = "Hello\nworld — ünïcode\n";
  m.html_body = "<p>Hello</p><img src=\"cid:panel-1\">";
  m.attachments.push_back({"Überblick.pdf", "application/pdf", binary_bytes(), ""});
  m.attachments.push_back({"data.csv", "text/csv", "a,b\r\n1,2\r\n", ""});
  m.attachments.push_back({"panel.png", "image/png", "\x89PNG\r\n\x1a\n fake", "panel-1"});
  return m;
}

}  // namespace

TEST_CASE("build_mime writes the headers a client shows", "[mime]") {
  const auto parsed = parse_mime(mail::build_mime(sample_message()));
  REQUIRE(parsed.from.size() == 1);
  CHECK(parsed.from[0].name == "Grafana Reports");
  CHECK(parsed.from[0].address == "reports@example.com");
  REQUIRE(parsed.to.size() == 2);
  CHECK(parsed.to[0].address == "alice@example.com");
  CHECK(parsed.to[1].name == "Bob");
  CHECK(parsed.to[1].address == "bob@example.org");
  REQUIRE(parsed.reply_to.size() == 1);
  CHECK(parsed.reply_to[0].address == "ops@example.com");
  CHECK(parsed.subject == "Wöchentlicher Bericht – 週報");
  CHECK(parsed.has_date);
  CHECK(parsed.message_id.find("@example.com") != std::string::npos);
  CHECK(parsed.mime_version == "1.0");
}

TEST_CASE("build_mime keeps raw headers ASCII and lines CRLF", "[mime]") {
  const auto bytes = mail::build_mime(sample_message());
  const auto header_end = bytes.find("\r\n\r\n");
  REQUIRE(header_end != std::string::npos);
  const auto headers = bytes.substr(0, header_end);
  CHECK(headers.find("Subject: =?UTF-8?") != std::string::npos);  // RFC 2047
  const auto non_ascii = std::count_if(headers.begin(), headers.end(),
                                       [](unsigned char c) { return c >= 0x80; });
  CHECK(non_ascii == 0);
  std::size_t bare_lf = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i)
    if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) ++bare_lf;
  CHECK(bare_lf == 0);
}

TEST_CASE("build_mime nests text, html, inline images and attachments", "[mime]") {
  const auto parsed = parse_mime(mail::build_mime(sample_message()));
  REQUIRE(parsed.root.mime_type == "multipart/mixed");
  REQUIRE(parsed.root.children.size() == 3);
  const auto& alternative = parsed.root.children[0];
  REQUIRE(alternative.mime_type == "multipart/alternative");
  REQUIRE(alternative.children.size() == 2);
  CHECK(alternative.children[0].mime_type == "text/plain");
  CHECK(alternative.children[0].charset == "utf-8");
  CHECK(alternative.children[0].decoded == "Hello\r\nworld — ünïcode\r\n");
  const auto& related = alternative.children[1];
  REQUIRE(related.mime_type == "multipart/related");
  REQUIRE(related.children.size() == 2);
  CHECK(related.children[0].mime_type == "text/html");

  const auto& image = related.children[1];
  CHECK(image.mime_type == "image/png");
  CHECK(image.disposition == "inline");
  CHECK(image.content_id == "panel-1");
  CHECK(related.children[0].decoded.find("cid:" + image.content_id) != std::string::npos);
  CHECK(image.decoded == std::string("\x89PNG\r\n\x1a\n fake"));
}

TEST_CASE("build_mime attachments decode to the same name and bytes", "[mime]") {
  const auto parsed = parse_mime(mail::build_mime(sample_message()));
  const auto attached = parts_with_disposition(parsed.root, "attachment");
  REQUIRE(attached.size() == 2);
  CHECK(attached[0]->filename == "Überblick.pdf");
  CHECK(attached[0]->mime_type == "application/pdf");
  CHECK(attached[0]->decoded == binary_bytes());
  CHECK(attached[1]->filename == "data.csv");
  CHECK(attached[1]->decoded == "a,b\r\n1,2\r\n");
}

TEST_CASE("build_mime leaves out the related wrapper without inline images", "[mime]") {
  auto m = sample_message();
  m.attachments.pop_back();
  const auto parsed = parse_mime(mail::build_mime(m));
  CHECK(find_part(parsed.root, "multipart/related") == nullptr);
  const auto* alternative = find_part(parsed.root, "multipart/alternative");
  REQUIRE(alternative != nullptr);
  REQUIRE(alternative->children.size() == 2);
  CHECK(alternative->children[1].mime_type == "text/html");
  CHECK(alternative->children[1].decoded == m.html_body);
}

TEST_CASE("build_mime lets no user text start a header line of its own", "[mime]") {
  auto m = sample_message();
  m.subject = "Hi\r\nBcc: victim@example.com";
  m.from_name = "Evil\nBcc: other@example.com";
  const auto bytes = mail::build_mime(m);
  const auto headers = "\r\n" + bytes.substr(0, bytes.find("\r\n\r\n"));
  CHECK(headers.find("\r\nBcc:") == std::string::npos);
  const auto parsed = parse_mime(bytes);
  CHECK(parsed.to.size() == 2);
  CHECK(parsed.from[0].address == "reports@example.com");
}
