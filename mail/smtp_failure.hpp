#pragma once
// How the SMTP transport words and classifies a failed attempt: which failures are worth
// retrying, and the sentence the user reads. Kept apart from the curl session so that the
// rules can be tested without a server.
#include <curl/curl.h>

#include <chrono>
#include <string>

#include "model/problem.hpp"

namespace reportd::mail {

/// What the debug callback saw of the SMTP conversation.
struct smtp_dialogue {
  std::string last_reply;    // e.g. "550 5.7.1 rejected"
  std::string last_command;  // e.g. "DATA", "RCPT", "MAIL", "AUTH"
};

struct attempt_failure {
  CURLcode code = CURLE_OK;
  long reply_code = 0;        // CURLINFO_RESPONSE_CODE
  long os_errno = 0;          // CURLINFO_OS_ERRNO (ECONNREFUSED, ...)
  std::string curl_message;   // error buffer, or curl_easy_strerror
  smtp_dialogue dialogue;
};

enum class outcome { delivered, transient, permanent };

struct attempt_outcome {
  outcome kind = outcome::transient;
  std::string cause;          // "SMTP server 127.0.0.1:2525 refused the connection"
  bool timed_out = false;     // curl stopped at the deadline
};

/// 5xx, login, TLS and resolution failures are permanent; 4xx and connection trouble are not.
attempt_outcome classify(const attempt_failure& f, const std::string& host,
                         const std::string& from_address);

/// The final problem after the last attempt (`attempts` 0: failed at once, not retried).
model::problem delivery_problem(const attempt_outcome& last, const std::string& host,
                                std::chrono::milliseconds deadline, int attempts);

/// "60 s", "1.5 s".
std::string seconds_text(std::chrono::milliseconds d);

}  // namespace reportd::mail
