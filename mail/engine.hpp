#pragma once
// The mailer's engine: MIME building (GMime) and transports (SMTP through libcurl, or a
// spool folder of .eml files). CAF-free and blocking; each mailer worker owns a transport.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/problem.hpp"

namespace reportd::mail {

struct attachment {
  std::string filename;
  std::string content_type;  // "application/pdf", "text/csv", "image/png"
  std::string data;
  std::string content_id;    // non-empty: inline part referenced from the HTML by cid:
};

struct message {
  std::string from_name;
  std::string from_address;
  std::vector<std::string> to;
  std::vector<std::string> reply_to;
  std::string subject;
  std::string text_body;
  std::string html_body;
  std::vector<attachment> attachments;
  /// When the requester stops waiting for this message, in epoch ms (0: never, a scheduled
  /// run). The mailer sends within the smaller of its mail timeout and the time left, and
  /// does not start a message whose time is up (see actors/pool.hpp's job_deadline).
  std::int64_t answer_by_ms = 0;
};

/// RFC 5322 bytes of the message (multipart/mixed > multipart/alternative (text, related(html,
/// inline images)) + attachments), with Date and Message-ID. Header values are encoded by GMime.
std::string build_mime(const message& m);

struct smtp_options {
  std::string host;   // host:port
  std::string user;
  std::string password;
  std::string ehlo_identity;
  std::string starttls_policy = "opportunistic";  // opportunistic | mandatory | none
  bool implicit_tls = false;
  bool skip_verify = false;
};

/// Sends bytes to recipients. Implementations: smtp (libcurl) and spool (.eml files).
class transport {
public:
  virtual ~transport() = default;
  /// Delivers within `deadline`; transient failures are retried with back-off inside it (a
  /// bounded number of times), permanent ones fail at once. Failure is a mail_failed problem
  /// naming the command and quoting the reply; mail_uncertain when the server may have
  /// accepted the message without confirming it.
  virtual model::checked<model::unit> send(const std::string& from_address,
                                           const std::vector<std::string>& rcpts,
                                           const std::string& mime,
                                           std::chrono::milliseconds deadline) = 0;
};

std::unique_ptr<transport> make_smtp_transport(const smtp_options& opts);
/// Writes <dir>/<timestamp>-<random>.eml atomically (temp file + rename).
std::unique_ptr<transport> make_spool_transport(const std::string& dir);

}  // namespace reportd::mail
