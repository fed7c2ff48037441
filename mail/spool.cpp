// The spool transport: each message becomes one .eml file in a folder (the embedded
// default when no SMTP host is configured). A reader of the folder never sees a half file:
// the bytes go to a hidden temp name, are fsynced, then renamed into place.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>

#include "mail/engine.hpp"

namespace reportd::mail {
namespace {

namespace fs = std::filesystem;

model::problem spool_failed(const std::string& what, const std::string& path, int err) {
  return {model::errc::mail_failed,
          "mail spool failed: could not " + what + " " + path + ": " + std::strerror(err)};
}

/// "20261127T032057Z-1a2b3c4d5e6f7a8b": sorts by time, unique across workers.
std::string spool_name() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  std::random_device entropy;
  std::uniform_int_distribution<unsigned long long> pick;
  char suffix[24];
  std::snprintf(suffix, sizeof suffix, "%016llx", pick(entropy));
  return std::string(stamp) + "-" + suffix + ".eml";
}

/// Writes all bytes and fsyncs; returns 0 or the errno of the failing call.
int write_synced(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    done += static_cast<std::size_t>(n);
  }
  return ::fsync(fd) == 0 ? 0 : errno;
}

class spool_transport final : public transport {
public:
  explicit spool_transport(std::string dir) : dir_(std::move(dir)) {}

  model::checked<model::unit> send(const std::string& /*from_address*/,
                                   const std::vector<std::string>& /*rcpts*/,
                                   const std::string& mime,
                                   std::chrono::milliseconds /*deadline*/) override {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) return spool_failed("create the folder", dir_, ec.value());
    const std::string name = spool_name();
    const std::string temp = (fs::path(dir_) / (".tmp-" + name)).string();
    const std::string final_path = (fs::path(dir_) / name).string();
    if (int err = write_file(temp, mime)) {
      ::unlink(temp.c_str());
      return spool_failed("write", temp, err);
    }
    if (::rename(temp.c_str(), final_path.c_str()) != 0) {
      const int err = errno;
      ::unlink(temp.c_str());
      return spool_failed("rename the message to", final_path, err);
    }
    sync_folder();
    return model::unit{};
  }

private:
  static int write_file(const std::string& path, const std::string& bytes) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) return errno;
    int err = write_synced(fd, bytes);
    if (::close(fd) != 0 && err == 0) err = errno;
    return err;
  }

  /// Makes the rename itself durable; a failure here loses nothing already visible.
  void sync_folder() const {
    const int fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
  }

  std::string dir_;
};

}  // namespace

std::unique_ptr<transport> make_spool_transport(const std::string& dir) {
  return std::make_unique<spool_transport>(dir);
}

}  // namespace reportd::mail
