// The SMTP transport over libcurl. One easy handle per transport (so per mailer worker):
// curl keeps the connection open between messages. Transient failures (connection errors,
// 4xx replies) are retried with exponential back-off inside the caller's deadline;
// permanent ones (5xx, TLS, login) fail at once.
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
  std::size_t offset = 0;
};

std::size_t read_chunk(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<upload*>(user);
  const std::size_t n = std::min(size * count, up->bytes->size() - up->offset);
  std::memcpy(buffer, up->bytes->data() + up->offset, n);
  up->offset += n;
  return n;
}

/// Remembers the server's last reply line and our last command, for error messages.
int watch_dialogue(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  auto* seen = static_cast<smtp_dialogue*>(user);
  std::string line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (type == CURLINFO_HEADER_IN && !line.empty()) seen->last_reply = line;
  if (type == CURLINFO_HEADER_OUT && !line.empty()) seen->last_command = line.substr(0, line.find(' '));
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
    attempt_outcome last;
    while (true) {
      const auto remaining = std::chrono::duration_cast<milliseconds>(end - clock::now());
      if (remaining.count() <= 0) break;
      ++attempts;
      last = attempt(from_address, rcpts, mime, remaining);
      if (last.kind == outcome::delivered) return model::unit{};
      drop_connection();
      if (last.kind == outcome::permanent) return failure(last, deadline, 0);
      if (clock::now() + backoff >= end) break;
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, max_backoff);
    }
    return failure(last, deadline, attempts);
  }

private:
  model::problem failure(const attempt_outcome& last, milliseconds deadline, int attempts) const {
    return delivery_problem(last, opts_.host, deadline, attempts);
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
    upload body{&mime};
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
