// The SMTP transport over libcurl. One easy handle per transport (so per mailer worker):
// curl keeps the connection open between messages. Transient failures (connection errors,
// 4xx replies) are retried with exponential back-off, at most max_transient_retries times
// and inside the caller's deadline; permanent ones (5xx, TLS, login) fail at once. A message
// that went out whole without a final reply (the connection dropped or timed out after the
// end-of-data dot) may have been accepted: it is sent at most once more, and the failure is
// then errc::mail_uncertain, so that nobody re-sends it again.
//
// Which command failed, and what the server said, comes from curl's debug callback: with
// CURLOPT_VERBOSE, curl hands every command it sends (CURLINFO_HEADER_OUT) and every reply
// line it reads (CURLINFO_HEADER_IN) to CURLOPT_DEBUGFUNCTION, on every curl version, with
// nothing printed. CURLINFO_RESPONSE_CODE alone is not enough: it is a bare number, and
// curl may have closed the failed session with QUIT (221) by the time perform returns.
// CURLOPT_MAIL_RCPT_ALLOWFAILS would change what is sent (the message would go to the
// recipients left), not how a failure reads, so it stays off.
#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "mail/engine.hpp"
#include "mail/smtp_failure.hpp"

namespace reportd::mail {
namespace {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds first_backoff{200};
constexpr milliseconds max_backoff{5000};
// An interactive send waits for at most this many retries of a 4xx or a lost connection
// (a scheduled run retries on its own, later, with the scheduler's back-off).
constexpr int max_transient_retries = 2;
// A message that may have been accepted already is sent at most this many times more.
constexpr int max_uncertain_resends = 1;

void ensure_curl_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct curl_cleanup {
  void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct slist_free {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

struct upload {
  const std::string* bytes;
  smtp_dialogue* dialogue;  // told when curl has taken the last byte
  std::size_t offset = 0;
};

std::size_t read_chunk(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<upload*>(user);
  const std::size_t n = std::min(size * count, up->bytes->size() - up->offset);
  std::memcpy(buffer, up->bytes->data() + up->offset, n);
  up->offset += n;
  // Once curl has every byte it sends the end-of-data dot (it may not ask again when it knows
  // the size, so a 0 return is not the signal).
  if (up->offset == up->bytes->size()) up->dialogue->body_read = true;
  return n;
}

/// Records each command and reply line (curl may hand over several lines at once).
int watch_dialogue(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN && type != CURLINFO_HEADER_OUT) return 0;
  auto* seen = static_cast<smtp_dialogue*>(user);
  std::size_t start = 0;
  while (start < size) {
    std::size_t end = start;
    while (end < size && data[end] != '\n') ++end;
    std::string line(data + start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    if (!line.empty()) {
      if (type == CURLINFO_HEADER_IN) seen->reply_line(line);
      else seen->command_line(line);
    }
    start = end + 1;
  }
  return 0;
}

long tls_policy(const std::string& policy) {
  if (policy == "mandatory") return static_cast<long>(CURLUSESSL_ALL);
  if (policy == "none") return static_cast<long>(CURLUSESSL_NONE);
  return static_cast<long>(CURLUSESSL_TRY);
}

class smtp_transport final : public transport {
public:
  explicit smtp_transport(smtp_options opts) : opts_(std::move(opts)) {
    ensure_curl_initialized();
    url_ = (opts_.implicit_tls ? "smtps://" : "smtp://") + opts_.host;
    if (!opts_.ehlo_identity.empty()) url_ += "/" + opts_.ehlo_identity;
  }

  model::checked<model::unit> send(const std::string& from_address,
                                   const std::vector<std::string>& rcpts, const std::string& mime,
                                   milliseconds deadline) override {
    if (rcpts.empty())
      return model::problem{model::errc::mail_failed, "mail delivery failed: no recipients"};
    const auto end = clock::now() + deadline;
    auto backoff = first_backoff;
    int attempts = 0;
    int uncertain = 0;
    attempt_outcome last;
    while (true) {
      const auto remaining = std::chrono::duration_cast<milliseconds>(end - clock::now());
      if (remaining.count() <= 0) break;
      ++attempts;
      last = attempt(from_address, rcpts, mime, remaining);
      if (last.kind == outcome::delivered) return model::unit{};
      drop_connection();
      if (last.uncertain) ++uncertain;
      if (last.kind == outcome::permanent) return failure(last, deadline, attempts, uncertain);
      if (uncertain > max_uncertain_resends || attempts > max_transient_retries) break;
      if (clock::now() + backoff >= end) break;
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, max_backoff);
    }
    return failure(last, deadline, attempts, uncertain);
  }

private:
  model::problem failure(const attempt_outcome& last, milliseconds deadline, int attempts,
                         int uncertain) const {
    return delivery_problem(last, opts_.host, deadline, attempts, uncertain > 0);
  }

  /// A failed session may be half-open or mid-DATA: close it without curl's polite QUIT,
  /// whose reply curl would otherwise await for up to two minutes from a stalled server.
  void drop_connection() {
    if (!handle_) return;
    curl_socket_t fd = CURL_SOCKET_BAD;
    if (curl_easy_getinfo(handle_.get(), CURLINFO_ACTIVESOCKET, &fd) == CURLE_OK &&
        fd != CURL_SOCKET_BAD)
      ::shutdown(fd, SHUT_RDWR);
    curl_easy_setopt(handle_.get(), CURLOPT_SERVER_RESPONSE_TIMEOUT, 1L);
    handle_.reset();
  }

  CURL* handle() {
    if (!handle_) handle_.reset(curl_easy_init());
    return handle_.get();
  }

  void set_options(CURL* h, milliseconds remaining) {
    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USE_SSL, tls_policy(opts_.starttls_policy));
    if (!opts_.user.empty()) {
      curl_easy_setopt(h, CURLOPT_USERNAME, opts_.user.c_str());
      curl_easy_setopt(h, CURLOPT_PASSWORD, opts_.password.c_str());
    }
    if (opts_.skip_verify) {
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(remaining.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
    // Also bounds the QUIT exchange when the transport is destroyed (curl's default: 120 s).
    const long reply_seconds = static_cast<long>((remaining.count() + 999) / 1000);
    curl_easy_setopt(h, CURLOPT_SERVER_RESPONSE_TIMEOUT, reply_seconds);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf_);
    curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);  // feeds watch_dialogue; nothing is printed
    curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, watch_dialogue);
    curl_easy_setopt(h, CURLOPT_DEBUGDATA, &dialogue_);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_chunk);
  }

  attempt_outcome attempt(const std::string& from, const std::vector<std::string>& rcpts,
                          const std::string& mime, milliseconds remaining) {
    CURL* h = handle();
    if (h == nullptr) return {outcome::permanent, "could not create a curl handle", false};
    set_options(h, remaining);
    std::unique_ptr<curl_slist, slist_free> to;
    for (const auto& r : rcpts) to.reset(curl_slist_append(to.release(), r.c_str()));
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, to.get());
    upload body{&mime, &dialogue_};
    curl_easy_setopt(h, CURLOPT_READDATA, &body);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime.size()));
    errbuf_[0] = '\0';
    dialogue_ = {};
    const CURLcode rc = curl_easy_perform(h);
    long reply_code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply_code);
    long os_errno = 0;
    curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, nullptr);  // `to` dies here
    if (rc == CURLE_OK) return {outcome::delivered, "", false};
    return classify({rc, reply_code, os_errno, errbuf_[0] ? errbuf_ : curl_easy_strerror(rc),
                     dialogue_},
                    opts_.host, from);
  }

  smtp_options opts_;
  std::string url_;
  std::unique_ptr<CURL, curl_cleanup> handle_;
  char errbuf_[CURL_ERROR_SIZE] = {};
  smtp_dialogue dialogue_;
};

}  // namespace

std::unique_ptr<transport> make_smtp_transport(const smtp_options& opts) {
  return std::make_unique<smtp_transport>(opts);
}

}  // namespace reportd::mail
