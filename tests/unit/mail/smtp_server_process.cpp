#include "smtp_server_process.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

extern char** environ;

namespace reportd::mail::test {
namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Reads the child's first line ("PORT 12345"); 0 when it ended without one.
int read_port_line(int fd) {
  std::string line;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  if (line.rfind("PORT ", 0) != 0) return 0;
  return std::stoi(line.substr(5));
}

}  // namespace

smtp_server_process::smtp_server_process(const std::string& mode, const std::string& maildir)
    : maildir_(maildir) {
  int out[2];
  if (::pipe(out) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  const std::string script = std::string(REPORTD_SOURCE_DIR) + "/tests/e2e/smtp_server.py";
  std::vector<std::string> args = {"/usr/bin/python3", script, "--port", "0",
                                   "--mode", mode, "--maildir", maildir};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (pid_ > 0) port_ = read_port_line(out[0]);
  ::close(out[0]);
}

smtp_server_process::~smtp_server_process() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

std::vector<received_mail> smtp_server_process::messages() const {
  std::vector<received_mail> out;
  for (int n = 1;; ++n) {
    const auto base = std::filesystem::path(maildir_) / std::to_string(n);
    const auto eml = base.string() + ".eml";
    if (!std::filesystem::exists(eml)) break;
    out.push_back({read_file(base.string() + ".json"), read_file(eml)});
  }
  return out;
}

int smtp_server_process::data_seen() const {
  int n = 0;
  while (std::filesystem::exists(std::filesystem::path(maildir_) / "seen" / (std::to_string(n + 1) + ".eml")))
    ++n;
  return n;
}

int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace reportd::mail::test
