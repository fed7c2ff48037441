// The spool transport: what an operator finds in the spool folder.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "mail/engine.hpp"
#include "catch_prelude.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
namespace mail = reportd::mail;
using namespace std::chrono_literals;

namespace {

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) out.push_back(entry.path());
  return out;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("spool writes each message as one .eml file with the MIME bytes", "[spool]") {
  mail::test::temp_dir tmp;
  const fs::path dir = fs::path(tmp.path()) / "spool" / "nested";  // created on demand
  auto spool = mail::make_spool_transport(dir.string());
  const std::string first = "Subject: one\r\n\r\nbody one\r\n";
  const std::string second = "Subject: two\r\n\r\nbody two\r\n";

  REQUIRE(spool->send("a@example.com", {"b@example.com"}, first, 5s).ok());
  REQUIRE(spool->send("a@example.com", {"b@example.com"}, second, 5s).ok());

  auto files = files_in(dir);
  REQUIRE(files.size() == 2);  // no .tmp- leftovers beside them
  std::vector<std::string> contents;
  for (const auto& f : files) {
    CHECK(f.extension() == ".eml");
    CHECK(f.filename().string().rfind(".tmp-", 0) == std::string::npos);
    contents.push_back(read_all(f));
  }
  std::sort(contents.begin(), contents.end());
  CHECK(contents == std::vector<std::string>{first, second});
}

TEST_CASE("spool names the path when it cannot write", "[spool]") {
  mail::test::temp_dir tmp;
  const fs::path blocker = fs::path(tmp.path()) / "not-a-folder";
  std::ofstream(blocker) << "x";
  auto spool = mail::make_spool_transport((blocker / "spool").string());

  auto sent = spool->send("a@example.com", {"b@example.com"}, "x", 5s);

  REQUIRE_FALSE(sent.ok());
  CHECK(sent.error().code == reportd::model::errc::mail_failed);
  CHECK(sent.error().message.find(blocker.string()) != std::string::npos);
}
