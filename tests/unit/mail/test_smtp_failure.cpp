// How a failed SMTP attempt is classified and worded, without a server.
#include <cerrno>
#include <chrono>

#include "mail/smtp_failure.hpp"
#include "catch_prelude.hpp"

namespace mail = reportd::mail;
using mail::outcome;
using namespace std::chrono_literals;

namespace {

mail::attempt_outcome classify(CURLcode code, long reply, const std::string& last_reply = "",
                               const std::string& last_command = "", long os_errno = 0) {
  mail::attempt_failure f;
  f.code = code;
  f.reply_code = reply;
  f.os_errno = os_errno;
  f.curl_message = curl_easy_strerror(code);
  f.dialogue = {last_reply, last_command};
  return mail::classify(f, "mx.example.com:25", "reports@example.com");
}

}  // namespace

TEST_CASE("SMTP 4xx replies are retried, 5xx replies are final", "[smtp-failure]") {
  auto deferred = classify(CURLE_SEND_ERROR, 452, "452 4.2.2 mailbox full", "RCPT");
  CHECK(deferred.kind == outcome::transient);
  CHECK(deferred.cause == "SMTP server deferred a recipient: 452 4.2.2 mailbox full");

  auto rejected = classify(CURLE_SEND_ERROR, 550, "550 5.1.1 no such user", "RCPT");
  CHECK(rejected.kind == outcome::permanent);
  CHECK(rejected.cause == "SMTP server rejected a recipient: 550 5.1.1 no such user");

  auto sender = classify(CURLE_SEND_ERROR, 553, "553 5.7.1 not allowed", "MAIL");
  CHECK(sender.cause == "SMTP server rejected the sender reports@example.com: 553 5.7.1 not allowed");

  auto login = classify(CURLE_LOGIN_DENIED, 535, "535 5.7.8 bad credentials", "AUTH");
  CHECK(login.kind == outcome::permanent);
  CHECK(login.cause == "SMTP server rejected the login: 535 5.7.8 bad credentials");
}

TEST_CASE("connection trouble is retried, configuration trouble is not", "[smtp-failure]") {
  auto refused = classify(CURLE_COULDNT_CONNECT, 0, "", "", ECONNREFUSED);
  CHECK(refused.kind == outcome::transient);
  CHECK(refused.cause == "SMTP server mx.example.com:25 refused the connection");

  auto lost = classify(CURLE_RECV_ERROR, 0);
  CHECK(lost.kind == outcome::transient);

  auto stalled = classify(CURLE_OPERATION_TIMEDOUT, 0);
  CHECK(stalled.kind == outcome::transient);
  CHECK(stalled.timed_out);

  CHECK(classify(CURLE_COULDNT_RESOLVE_HOST, 0).kind == outcome::permanent);
  CHECK(classify(CURLE_PEER_FAILED_VERIFICATION, 0).kind == outcome::permanent);
  auto no_tls = classify(CURLE_USE_SSL_FAILED, 0);
  CHECK(no_tls.kind == outcome::permanent);
  CHECK(no_tls.cause ==
        "SMTP server mx.example.com:25 does not offer STARTTLS, which the configuration requires");
}

TEST_CASE("the final problem says what happened and for how long it was tried", "[smtp-failure]") {
  mail::attempt_outcome stalled{outcome::transient, "SMTP server h:25 did not answer in time", true};
  CHECK(mail::delivery_problem(stalled, "h:25", 60s, 3).message ==
        "mail delivery timed out after 60 s (smtp h:25)");

  mail::attempt_outcome refused{outcome::transient, "SMTP server h:25 refused the connection", false};
  auto p = mail::delivery_problem(refused, "h:25", 1500ms, 4);
  CHECK(p.code == reportd::model::errc::mail_failed);
  CHECK(p.message ==
        "mail delivery failed: SMTP server h:25 refused the connection (4 attempts in 1.5 s)");
}
