// How a failed SMTP attempt is classified and worded, without a server.
#include <cerrno>
#include <chrono>

#include "mail/smtp_failure.hpp"
#include "catch_prelude.hpp"

namespace mail = reportd::mail;
using mail::outcome;
using namespace std::chrono_literals;

namespace {

/// A conversation as curl's debug callback reports it: "> " lines are our commands, "< "
/// lines the server's replies.
mail::smtp_dialogue dialogue(std::initializer_list<const char*> lines, bool body_read = false) {
  mail::smtp_dialogue d;
  for (std::string line : lines) {
    if (line.rfind("> ", 0) == 0) d.command_line(line.substr(2));
    else d.reply_line(line.substr(2));
  }
  d.body_read = body_read;
  return d;
}

mail::attempt_outcome classify(CURLcode code, long reply, mail::smtp_dialogue d = {},
                               long os_errno = 0) {
  mail::attempt_failure f;
  f.code = code;
  f.reply_code = reply;
  f.os_errno = os_errno;
  f.curl_message = curl_easy_strerror(code);
  f.dialogue = std::move(d);
  return mail::classify(f, "mx.example.com:25", "reports@example.com");
}

}  // namespace

TEST_CASE("a refused recipient quotes RCPT's reply, not QUIT's", "[smtp-failure]") {
  // curl closes the failed session with QUIT before perform returns; its "221 bye" and the
  // response code it leaves behind are not what the user needs to read.
  auto d = dialogue({"< 220 mx ready", "> EHLO reportd", "< 250-mx", "< 250 SIZE 1000",
                     "> MAIL FROM:<reports@example.com>", "< 250 OK",
                     "> RCPT TO:<nobody@example.com>", "< 550 5.1.1 no such user", "> QUIT",
                     "< 221 bye"});
  auto refused = classify(CURLE_SEND_ERROR, 221, d);
  CHECK(refused.kind == outcome::permanent);
  CHECK(refused.cause ==
        "SMTP server rejected the recipient nobody@example.com (reply to RCPT TO: 550 5.1.1 no such user)");
  REQUIRE(d.failed_exchange() != nullptr);
  CHECK(d.failed_exchange()->verb == "RCPT");
}

TEST_CASE("SMTP 4xx replies are retried, 5xx replies are final, each naming its command",
          "[smtp-failure]") {
  auto deferred = classify(CURLE_SEND_ERROR, 452,
                           dialogue({"> RCPT TO:<a@example.com>", "< 452 4.2.2 mailbox full"}));
  CHECK(deferred.kind == outcome::transient);
  CHECK(deferred.cause ==
        "SMTP server deferred the recipient a@example.com (reply to RCPT TO: 452 4.2.2 mailbox full)");

  auto sender = classify(CURLE_SEND_ERROR, 553,
                         dialogue({"> MAIL FROM:<reports@example.com>", "< 553 5.7.1 not allowed"}));
  CHECK(sender.cause == "SMTP server rejected the sender reports@example.com (reply to MAIL FROM: "
                        "553 5.7.1 not allowed)");

  auto login = classify(CURLE_LOGIN_DENIED, 535,
                        dialogue({"> AUTH LOGIN", "< 334 VXNlcm5hbWU6", "> c2VjcmV0", "< 334 UGFzc3dvcmQ6",
                                  "> aHVudGVyMg==", "< 535 5.7.8 bad credentials"}));
  CHECK(login.kind == outcome::permanent);
  CHECK(login.cause == "SMTP server rejected the login (reply to AUTH: 535 5.7.8 bad credentials)");
  CHECK(login.cause.find("aHVudGVyMg") == std::string::npos);  // credentials never quoted

  auto message = classify(CURLE_RECV_ERROR, 451,
                          dialogue({"> DATA", "< 354 go ahead", "< 451 4.3.0 try again later"}, true));
  CHECK(message.kind == outcome::transient);
  CHECK_FALSE(message.uncertain);  // the server answered: it did not take the message
  CHECK(message.cause ==
        "SMTP server deferred the message (reply to the end of DATA: 451 4.3.0 try again later)");

  auto greeting = classify(CURLE_WEIRD_SERVER_REPLY, 554, dialogue({"< 554 no service"}));
  CHECK(greeting.cause == "SMTP server rejected the connection (reply to the greeting: 554 no service)");
}

TEST_CASE("a message that went out whole without a final reply is uncertain", "[smtp-failure]") {
  const auto sent = dialogue({"> MAIL FROM:<r@example.com>", "< 250 OK", "> RCPT TO:<a@example.com>",
                              "< 250 OK", "> DATA", "< 354 go ahead"},
                             true);
  auto lost = classify(CURLE_RECV_ERROR, 354, sent);
  CHECK(lost.kind == outcome::transient);
  CHECK(lost.uncertain);
  CHECK_THAT(lost.cause, Catch::StartsWith("connection to SMTP server mx.example.com:25 was lost "
                                           "waiting for the reply to the end of DATA"));

  auto late = classify(CURLE_OPERATION_TIMEDOUT, 354, sent);
  CHECK(late.timed_out);
  CHECK(late.uncertain);

  // The connection dropped while the body was still going out: the server cannot have it.
  auto partial = dialogue({"> DATA", "< 354 go ahead"}, false);
  CHECK_FALSE(classify(CURLE_SEND_ERROR, 354, partial).uncertain);
  // Lost before DATA: nothing went out.
  CHECK_FALSE(classify(CURLE_RECV_ERROR, 250, dialogue({"> RCPT TO:<a@example.com>"}, false)).uncertain);
}

TEST_CASE("connection trouble is retried, configuration trouble is not", "[smtp-failure]") {
  auto refused = classify(CURLE_COULDNT_CONNECT, 0, {}, ECONNREFUSED);
  CHECK(refused.kind == outcome::transient);
  CHECK(refused.cause == "SMTP server mx.example.com:25 refused the connection");

  auto lost = classify(CURLE_RECV_ERROR, 0);
  CHECK(lost.kind == outcome::transient);

  auto stalled = classify(CURLE_OPERATION_TIMEDOUT, 0, dialogue({"> RCPT TO:<a@example.com>"}));
  CHECK(stalled.kind == outcome::transient);
  CHECK(stalled.timed_out);
  CHECK(stalled.cause == "SMTP server mx.example.com:25 did not answer in time waiting for the "
                         "reply to RCPT TO");

  CHECK(classify(CURLE_COULDNT_RESOLVE_HOST, 0).kind == outcome::permanent);
  CHECK(classify(CURLE_PEER_FAILED_VERIFICATION, 0).kind == outcome::permanent);
  auto no_tls = classify(CURLE_USE_SSL_FAILED, 0);
  CHECK(no_tls.kind == outcome::permanent);
  CHECK(no_tls.cause ==
        "SMTP server mx.example.com:25 does not offer STARTTLS, which the configuration requires");
}

TEST_CASE("the final problem says what happened and how often it was tried", "[smtp-failure]") {
  mail::attempt_outcome stalled{outcome::transient,
                                "SMTP server h:25 did not answer in time waiting for the reply to RCPT TO",
                                true};
  CHECK(mail::delivery_problem(stalled, "h:25", 60s, 1).message ==
        "mail delivery timed out after 60 s (smtp h:25) waiting for the reply to RCPT TO");

  mail::attempt_outcome refused{outcome::transient, "SMTP server h:25 refused the connection", false};
  auto p = mail::delivery_problem(refused, "h:25", 1500ms, 3);
  CHECK(p.code == reportd::model::errc::mail_failed);
  CHECK(p.message == "mail delivery failed: SMTP server h:25 refused the connection (3 attempts)");

  mail::attempt_outcome lost{outcome::transient, "connection to SMTP server h:25 was lost", false, true};
  auto u = mail::delivery_problem(lost, "h:25", 10s, 2, true);
  CHECK(u.code == reportd::model::errc::mail_uncertain);
  CHECK_THAT(u.message, Catch::Contains("(2 attempts); delivery is uncertain"));
}
