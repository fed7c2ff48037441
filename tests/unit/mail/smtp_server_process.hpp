#pragma once
// Test helper: runs tests/e2e/smtp_server.py (aiosmtpd, under Debian's /usr/bin/python3) as
// a child process on a free port, and reads back what it accepted.
#include <sys/types.h>

#include <string>
#include <vector>

namespace reportd::mail::test {

struct received_mail {
  std::string envelope_json;  // {"mail_from": ..., "rcpt_tos": [...]}
  std::string bytes;          // the message as received
};

class smtp_server_process {
public:
  /// Starts the server in `mode` (see tests/e2e/smtp_server.py); port() is 0 if it did
  /// not start.
  smtp_server_process(const std::string& mode, const std::string& maildir);
  ~smtp_server_process();  // SIGTERM, then wait
  smtp_server_process(const smtp_server_process&) = delete;
  smtp_server_process& operator=(const smtp_server_process&) = delete;

  int port() const { return port_; }
  /// Accepted messages in arrival order (1.eml, 2.eml, ...).
  std::vector<received_mail> messages() const;
  /// How many message bodies (DATA) the server read, whatever it answered.
  int data_seen() const;

private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string maildir_;
};

/// A loopback port with nothing listening on it (bound, then released).
int closed_port();

}  // namespace reportd::mail::test
