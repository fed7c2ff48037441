#pragma once
// How the SMTP transport words and classifies a failed attempt: which failures are worth
// retrying, and the sentence the user reads. Kept apart from the curl session so that the
// rules can be tested without a server.
#include <curl/curl.h>

#include <chrono>
#include <string>
#include <vector>

#include "model/problem.hpp"

namespace reportd::mail {

/// One command of the SMTP conversation and the server's reply to it (the last line of a
/// multi-line reply). `verb` "" is the greeting on connect; "." is the end of DATA (the
/// message itself, after the server's 354).
struct smtp_exchange {
  std::string verb;      // "EHLO", "AUTH", "MAIL", "RCPT", "DATA", ".", "QUIT"
  std::string argument;  // the address of MAIL FROM / RCPT TO; never AUTH's credentials
  std::string reply;     // "550 5.1.1 no such user"; empty: no reply came
};

/// What the debug callback saw of the SMTP conversation of one attempt.
struct smtp_dialogue {
  std::vector<smtp_exchange> exchanges;
  bool body_read = false;  // curl took the whole message from us (the end-of-data dot follows)

  /// Records one line curl logged: a command we sent or a reply line the server sent.
  void command_line(const std::string& line);
  void reply_line(const std::string& line);

  /// The exchange that failed: the last one answered 4xx/5xx, else the last one before QUIT
  /// (nullptr for an empty dialogue). QUIT is never it: curl sends QUIT while closing a
  /// failed session, and its "221 bye" says nothing about the failure.
  const smtp_exchange* failed_exchange() const;

  /// The whole message went out and the server's final reply never came: it may have
  /// accepted (and may deliver) the message.
  bool uncertain() const;
};

struct attempt_failure {
  CURLcode code = CURLE_OK;
  long reply_code = 0;        // CURLINFO_RESPONSE_CODE (a fallback when no reply was logged)
  long os_errno = 0;          // CURLINFO_OS_ERRNO (ECONNREFUSED, ...)
  std::string curl_message;   // error buffer, or curl_easy_strerror
  smtp_dialogue dialogue;
};

enum class outcome { delivered, transient, permanent };

struct attempt_outcome {
  outcome kind = outcome::transient;
  std::string cause;          // "SMTP server 127.0.0.1:2525 refused the connection"
  bool timed_out = false;     // curl stopped at the deadline
  bool uncertain = false;     // the message went out whole, its final reply never came
};

/// 5xx, login, TLS and resolution failures are permanent; 4xx and connection trouble are not.
attempt_outcome classify(const attempt_failure& f, const std::string& host,
                         const std::string& from_address);

/// The final problem after the last attempt (`attempts` 0: failed at once, not retried;
/// `uncertain`: some attempt may have handed the message over, see smtp_dialogue::uncertain).
/// An uncertain failure is errc::mail_uncertain, so that nobody re-sends it blindly.
model::problem delivery_problem(const attempt_outcome& last, const std::string& host,
                                std::chrono::milliseconds deadline, int attempts,
                                bool uncertain = false);

/// "60 s", "1.5 s".
std::string seconds_text(std::chrono::milliseconds d);

}  // namespace reportd::mail
