// Request fields in log lines: control characters escaped so a path cannot forge lines.
#include "catch_prelude.hpp"
#include "http/log_text.hpp"

using reportd::http::log_text;

TEST_CASE("control characters are written as \\xNN, everything else unchanged", "[log]") {
  CHECK(log_text("/api/reports/1") == "/api/reports/1");
  CHECK(log_text("/a\nid=forged") == "/a\\x0aid=forged");
  CHECK(log_text("/a\r\n\x1b[31mred\x7f") == "/a\\x0d\\x0a\\x1b[31mred\\x7f");
  CHECK(log_text(std::string("/nul\0end", 8)) == "/nul\\x00end");
  CHECK(log_text("\t") == "\\x09");
  CHECK(log_text("/caf\xc3\xa9") == "/caf\xc3\xa9");  // UTF-8 stays readable
}

TEST_CASE("a backslash is doubled, so an escape in the input cannot pass for one of ours", "[log]") {
  CHECK(log_text("/a\\x0ab") == "/a\\\\x0ab");
}
