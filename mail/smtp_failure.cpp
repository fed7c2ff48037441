#include "mail/smtp_failure.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>

namespace reportd::mail {
namespace {

/// The reply's three-digit code ("550 5.1.1 ..." -> 550), 0 when it has none.
long code_of(const std::string& reply) {
  if (reply.size() < 3 || !std::isdigit(static_cast<unsigned char>(reply[0])) ||
      !std::isdigit(static_cast<unsigned char>(reply[1])) ||
      !std::isdigit(static_cast<unsigned char>(reply[2])))
    return 0;
  return std::stol(reply.substr(0, 3));
}

/// How the user reads the command: "RCPT TO", "the end of DATA", "the greeting".
std::string command_text(const smtp_exchange& x) {
  if (x.verb.empty()) return "the greeting";
  if (x.verb == ".") return "the end of DATA";
  if (x.verb == "MAIL") return "MAIL FROM";
  if (x.verb == "RCPT") return "RCPT TO";
  return x.verb;
}

/// What the server refused, from the command it answered.
std::string refused_step(const smtp_exchange* x, CURLcode code, const std::string& from_address) {
  if (code == CURLE_LOGIN_DENIED || (x != nullptr && x->verb == "AUTH")) return "the login";
  if (x == nullptr) return "the message";
  if (x->verb.empty()) return "the connection";
  if (x->verb == "EHLO" || x->verb == "HELO") return "the greeting";
  if (x->verb == "MAIL") return "the sender " + from_address;
  if (x->verb == "RCPT") return x->argument.empty() ? "a recipient" : "the recipient " + x->argument;
  return "the message";
}

attempt_outcome from_reply(const attempt_failure& f, const smtp_exchange* x, long reply_code,
                           const std::string& from_address) {
  const std::string step = refused_step(x, f.code, from_address);
  const std::string quoted = x != nullptr && code_of(x->reply) == reply_code
                                 ? " (reply to " + command_text(*x) + ": " + x->reply + ")"
                                 : ": " + std::to_string(reply_code);
  if (reply_code >= 500) return {outcome::permanent, "SMTP server rejected " + step + quoted, false};
  return {outcome::transient, "SMTP server deferred " + step + quoted, false};
}

/// The last exchange before curl's closing QUIT, nullptr when there is none.
const smtp_exchange* last_exchange(const smtp_dialogue& d) {
  for (auto it = d.exchanges.rbegin(); it != d.exchanges.rend(); ++it)
    if (it->verb != "QUIT") return &*it;
  return nullptr;
}

/// The command whose reply never came ("the end of DATA"), or "" when none was pending.
std::string unanswered(const smtp_dialogue& d) {
  const auto* x = last_exchange(d);
  return x != nullptr && x->reply.empty() ? command_text(*x) : std::string();
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

void smtp_dialogue::command_line(const std::string& line) {
  // AUTH LOGIN sends the user and the password as lines of their own after a 334 challenge:
  // they belong to AUTH (and are never kept).
  if (!exchanges.empty() && exchanges.back().verb == "AUTH" && code_of(exchanges.back().reply) == 334) {
    exchanges.back().reply.clear();
    return;
  }
  smtp_exchange x;
  x.verb = line.substr(0, line.find(' '));
  for (auto& c : x.verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (x.verb == "MAIL" || x.verb == "RCPT") {
    const auto open = line.find('<');
    const auto close = line.find('>', open);
    if (open != std::string::npos && close != std::string::npos)
      x.argument = line.substr(open + 1, close - open - 1);
  }
  exchanges.push_back(std::move(x));
}

void smtp_dialogue::reply_line(const std::string& line) {
  if (exchanges.empty()) exchanges.push_back({});  // the greeting, before any command
  exchanges.back().reply = line;  // a multi-line reply ends up as its last line
  // After 354 the message itself goes out; its reply is the end-of-DATA exchange's.
  if (exchanges.back().verb == "DATA" && code_of(line) == 354) exchanges.push_back({".", "", ""});
}

const smtp_exchange* smtp_dialogue::failed_exchange() const {
  const smtp_exchange* last = nullptr;
  for (auto it = exchanges.rbegin(); it != exchanges.rend(); ++it) {
    if (it->verb == "QUIT") continue;
    if (code_of(it->reply) >= 400) return &*it;
    if (last == nullptr) last = &*it;
  }
  return last;
}

bool smtp_dialogue::uncertain() const {
  if (!body_read) return false;
  const auto* x = last_exchange(*this);
  return x != nullptr && x->verb == "." && x->reply.empty();
}

attempt_outcome classify(const attempt_failure& f, const std::string& host,
                         const std::string& from_address) {
  // The reply of the failed command itself, not curl's last response code (which may be
  // QUIT's 221 by the time curl_easy_perform returns).
  const auto* x = f.dialogue.failed_exchange();
  const long failed_code = x != nullptr ? code_of(x->reply) : 0;
  const long reply_code = failed_code >= 400 ? failed_code : f.reply_code;
  if (reply_code >= 400 && reply_code < 600) return from_reply(f, x, reply_code, from_address);
  const std::string server = "SMTP server " + host;
  const bool uncertain = f.dialogue.uncertain();
  const std::string pending = unanswered(f.dialogue);
  const std::string waiting = pending.empty() ? "" : " waiting for the reply to " + pending;
  switch (f.code) {
    case CURLE_COULDNT_CONNECT:
      if (f.os_errno == ECONNREFUSED)
        return {outcome::transient, server + " refused the connection", false};
      return {outcome::transient, "could not connect to " + server + ": " + f.curl_message, false};
    case CURLE_OPERATION_TIMEDOUT:
      return {outcome::transient, server + " did not answer in time" + waiting, true, uncertain};
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_WEIRD_SERVER_REPLY:
      return {outcome::transient,
              "connection to " + server + " was lost" + waiting + ": " + f.curl_message, false,
              uncertain};
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
  return {outcome::permanent, "talking to " + server + " failed: " + f.curl_message, false,
          uncertain};
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
                                std::chrono::milliseconds deadline, int attempts,
                                bool uncertain) {
  std::string message;
  if (last.timed_out || last.cause.empty()) {
    message = "mail delivery timed out after " + seconds_text(deadline) + " (smtp " + host + ")";
    const auto waiting = last.cause.find(" waiting for ");
    if (waiting != std::string::npos) message += last.cause.substr(waiting);
  } else {
    message = "mail delivery failed: " + last.cause;
  }
  if (attempts > 1) message += " (" + std::to_string(attempts) + " attempts)";
  if (!uncertain) return {model::errc::mail_failed, message};
  return {model::errc::mail_uncertain,
          message + "; delivery is uncertain: the server read the whole message but never "
                    "confirmed it, so it may deliver it anyway (not sent again)"};
}

}  // namespace reportd::mail
