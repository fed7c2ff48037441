#include "mail/smtp_failure.hpp"

#include <cerrno>
#include <cstdio>

namespace reportd::mail {
namespace {

std::string server_reply(const attempt_failure& f) {
  if (!f.dialogue.last_reply.empty()) return f.dialogue.last_reply;
  return std::to_string(f.reply_code);
}

/// What the server refused, from the command it answered.
std::string refused_step(const attempt_failure& f, const std::string& from_address) {
  const auto& cmd = f.dialogue.last_command;
  if (cmd == "MAIL") return "the sender " + from_address;
  if (cmd == "RCPT") return "a recipient";
  if (cmd == "AUTH" || f.code == CURLE_LOGIN_DENIED) return "the login";
  return "the message";
}

attempt_outcome from_reply(const attempt_failure& f, const std::string& from_address) {
  const std::string step = refused_step(f, from_address);
  if (f.reply_code >= 500)
    return {outcome::permanent, "SMTP server rejected " + step + ": " + server_reply(f), false};
  return {outcome::transient, "SMTP server deferred " + step + ": " + server_reply(f), false};
}

bool is_tls_failure(CURLcode c) {
  switch (c) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return true;
    default:
      return false;
  }
}

}  // namespace

attempt_outcome classify(const attempt_failure& f, const std::string& host,
                         const std::string& from_address) {
  if (f.reply_code >= 400 && f.reply_code < 600) return from_reply(f, from_address);
  const std::string server = "SMTP server " + host;
  switch (f.code) {
    case CURLE_COULDNT_CONNECT:
      if (f.os_errno == ECONNREFUSED)
        return {outcome::transient, server + " refused the connection", false};
      return {outcome::transient, "could not connect to " + server + ": " + f.curl_message, false};
    case CURLE_OPERATION_TIMEDOUT:
      return {outcome::transient, server + " did not answer in time", true};
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_WEIRD_SERVER_REPLY:
      return {outcome::transient, "connection to " + server + " was lost: " + f.curl_message, false};
    case CURLE_COULDNT_RESOLVE_HOST:
      // A misspelt host name does not heal by waiting: say so at once.
      return {outcome::permanent, "could not resolve the SMTP host " + host, false};
    case CURLE_LOGIN_DENIED:
      return {outcome::permanent, server + " rejected the login: " + f.curl_message, false};
    case CURLE_USE_SSL_FAILED:
      return {outcome::permanent,
              server + " does not offer STARTTLS, which the configuration requires", false};
    default:
      break;
  }
  if (is_tls_failure(f.code))
    return {outcome::permanent, "TLS with " + server + " failed: " + f.curl_message, false};
  return {outcome::permanent, "talking to " + server + " failed: " + f.curl_message, false};
}

std::string seconds_text(std::chrono::milliseconds d) {
  char text[32];
  if (d.count() % 1000 == 0)
    std::snprintf(text, sizeof text, "%lld s", static_cast<long long>(d.count() / 1000));
  else
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(d.count()) / 1000.0);
  return text;
}

model::problem delivery_problem(const attempt_outcome& last, const std::string& host,
                                std::chrono::milliseconds deadline, int attempts) {
  if (last.timed_out || last.cause.empty())
    return {model::errc::mail_failed,
            "mail delivery timed out after " + seconds_text(deadline) + " (smtp " + host + ")"};
  std::string message = "mail delivery failed: " + last.cause;
  if (attempts > 1)
    message += " (" + std::to_string(attempts) + " attempts in " + seconds_text(deadline) + ")";
  return {model::errc::mail_failed, message};
}

}  // namespace reportd::mail
