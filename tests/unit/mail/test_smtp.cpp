// The SMTP transport against a real SMTP server (tests/e2e/smtp_server.py) in each of its
// moods: what arrives, and what the user is told when nothing does.
#include <chrono>
#include <string>

#include "mail/engine.hpp"
#include "catch_prelude.hpp"
#include "mime_reader.hpp"
#include "smtp_server_process.hpp"
#include "temp_dir.hpp"

namespace mail = reportd::mail;
using mail::test::smtp_server_process;
using namespace std::chrono_literals;

namespace {

mail::message small_message(const std::string& subject) {
  mail::message m;
  m.from_name = "Reports";
  m.from_address = "reports@example.com";
  m.to = {"alice@example.com", "bob@example.org"};
  m.subject = subject;
  m.text_body = "hello\n.\nline after a lone dot\n";
  m.html_body = "<p>hello</p>";
  m.attachments.push_back({"r.pdf", "application/pdf", std::string(200000, 'x'), ""});
  return m;
}

std::unique_ptr<mail::transport> smtp_to(int port) {
  mail::smtp_options opts;
  opts.host = "127.0.0.1:" + std::to_string(port);
  opts.ehlo_identity = "reportd.test";
  return mail::make_smtp_transport(opts);
}

const std::vector<std::string> rcpts = {"alice@example.com", "bob@example.org"};

}  // namespace

TEST_CASE("smtp delivers messages with their envelope over one transport", "[smtp]") {
  mail::test::temp_dir tmp;
  smtp_server_process server("accept", tmp.path() + "/maildir");
  REQUIRE(server.port() != 0);
  auto smtp = smtp_to(server.port());

  const auto first = small_message("first");
  REQUIRE(smtp->send(first.from_address, rcpts, mail::build_mime(first), 10s).ok());
  const auto second = small_message("second");
  auto sent = smtp->send(second.from_address, rcpts, mail::build_mime(second), 10s);
  REQUIRE(sent.ok());

  const auto got = server.messages();
  REQUIRE(got.size() == 2);
  CHECK(got[0].envelope_json.find("\"mail_from\": \"reports@example.com\"") != std::string::npos);
  CHECK(got[0].envelope_json.find("\"rcpt_tos\": [\"alice@example.com\", \"bob@example.org\"]") !=
        std::string::npos);
  // Same client port: the second message reused the first one's connection.
  const auto peer = [](const std::string& json) { return json.substr(json.find("\"peer\"")); };
  CHECK(peer(got[0].envelope_json) == peer(got[1].envelope_json));
  const auto parsed = mail::test::parse_mime(got[1].bytes);
  CHECK(parsed.subject == "second");
  const auto* text = mail::test::find_part(parsed.root, "text/plain");
  REQUIRE(text != nullptr);
  CHECK(text->decoded == "hello\r\n.\r\nline after a lone dot\r\n");  // dot-stuffing undone
  const auto pdfs = mail::test::parts_with_disposition(parsed.root, "attachment");
  REQUIRE(pdfs.size() == 1);
  CHECK(pdfs[0]->decoded == std::string(200000, 'x'));
}

TEST_CASE("smtp retries a temporary failure and delivers once", "[smtp]") {
  mail::test::temp_dir tmp;
  smtp_server_process server("tempfail-once", tmp.path() + "/maildir");
  REQUIRE(server.port() != 0);
  auto smtp = smtp_to(server.port());
  const auto m = small_message("retried");

  auto sent = smtp->send(m.from_address, rcpts, mail::build_mime(m), 20s);

  INFO((sent.ok() ? std::string() : sent.error().message));
  REQUIRE(sent.ok());
  const auto got = server.messages();
  REQUIRE(got.size() == 1);
  CHECK(mail::test::parse_mime(got[0].bytes).subject == "retried");
}

TEST_CASE("smtp fails at once on a permanent rejection, quoting the server", "[smtp]") {
  mail::test::temp_dir tmp;
  smtp_server_process server("reject", tmp.path() + "/maildir");
  REQUIRE(server.port() != 0);
  auto smtp = smtp_to(server.port());
  const auto m = small_message("rejected");

  auto sent = smtp->send(m.from_address, rcpts, mail::build_mime(m), 30s);

  REQUIRE_FALSE(sent.ok());
  CHECK(sent.error().code == reportd::model::errc::mail_failed);
  CHECK(sent.error().message == "mail delivery failed: SMTP server rejected the message (reply to "
                                "the end of DATA: 550 5.7.1 rejected)");
  CHECK(server.messages().empty());
}

TEST_CASE("smtp gives up on a stalled server at the deadline", "[smtp]") {
  mail::test::temp_dir tmp;
  smtp_server_process server("stall", tmp.path() + "/maildir");
  REQUIRE(server.port() != 0);
  auto smtp = smtp_to(server.port());
  const auto m = small_message("stalled");

  auto sent = smtp->send(m.from_address, rcpts, mail::build_mime(m), 1500ms);

  REQUIRE_FALSE(sent.ok());
  // The server read the message and never answered: it may deliver it, and the user is told.
  CHECK(sent.error().code == reportd::model::errc::mail_uncertain);
  CHECK_THAT(sent.error().message,
             Catch::StartsWith("mail delivery timed out after 1.5 s (smtp 127.0.0.1:" +
                               std::to_string(server.port()) +
                               ") waiting for the reply to the end of DATA; delivery is uncertain"));
  CHECK(server.data_seen() == 1);
}

TEST_CASE("smtp quotes the refused recipient's RCPT TO reply", "[smtp]") {
  mail::test::temp_dir tmp;
  smtp_server_process server("reject-rcpt", tmp.path() + "/maildir");
  REQUIRE(server.port() != 0);
  auto smtp = smtp_to(server.port());
  const auto m = small_message("nobody there");

  auto sent = smtp->send(m.from_address, rcpts, mail::build_mime(m), 20s);

  REQUIRE_FALSE(sent.ok());
  CHECK(sent.error().code == reportd::model::errc::mail_failed);
  CHECK(sent.error().message == "mail delivery failed: SMTP server rejected the recipient "
                                "alice@example.com (reply to RCPT TO: 550 5.1.1 no such user)");
  CHECK(server.data_seen() == 0);
}

TEST_CASE("smtp retries a 4xx a bounded number of times, then names the reply", "[smtp]") {
  mail::test::temp_dir tmp;
  smtp_server_process server("tempfail", tmp.path() + "/maildir");
  REQUIRE(server.port() != 0);
  auto smtp = smtp_to(server.port());
  const auto m = small_message("deferred");

  const auto start = std::chrono::steady_clock::now();
  auto sent = smtp->send(m.from_address, rcpts, mail::build_mime(m), 60s);
  const auto took = std::chrono::steady_clock::now() - start;

  REQUIRE_FALSE(sent.ok());
  CHECK(sent.error().message == "mail delivery failed: SMTP server deferred the message (reply to "
                                "the end of DATA: 451 4.3.0 try again later) (3 attempts)");
  CHECK(server.data_seen() == 3);  // the first try and two retries, not a minute of them
  CHECK(took < 30s);
  CHECK(server.messages().empty());
}

TEST_CASE("smtp sends a message whose reply was lost at most once more, and says so", "[smtp]") {
  mail::test::temp_dir tmp;
  smtp_server_process server("drop-after-data", tmp.path() + "/maildir");
  REQUIRE(server.port() != 0);
  auto smtp = smtp_to(server.port());
  const auto m = small_message("maybe delivered");

  auto sent = smtp->send(m.from_address, rcpts, mail::build_mime(m), 30s);

  REQUIRE_FALSE(sent.ok());
  CHECK(sent.error().code == reportd::model::errc::mail_uncertain);
  CHECK_THAT(sent.error().message,
             Catch::StartsWith("mail delivery failed: connection to SMTP server 127.0.0.1:" +
                               std::to_string(server.port()) +
                               " was lost waiting for the reply to the end of DATA"));
  CHECK_THAT(sent.error().message, Catch::Contains("(2 attempts); delivery is uncertain"));
  CHECK(server.data_seen() == 2);
}

TEST_CASE("smtp names a refused connection", "[smtp]") {
  const int port = mail::test::closed_port();
  auto smtp = smtp_to(port);
  const auto m = small_message("nobody home");

  auto sent = smtp->send(m.from_address, rcpts, mail::build_mime(m), 1s);

  REQUIRE_FALSE(sent.ok());
  CHECK_THAT(sent.error().message,
             Catch::StartsWith("mail delivery failed: SMTP server 127.0.0.1:" +
                               std::to_string(port) + " refused the connection"));
}
