#pragma once
// The real Grafana dashboards of tests/fixtures/dashboards (see its SOURCES.md), read as text for tests.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace reportd::testing {

/// The whole content of the file at `path` ("" when it cannot be read).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The text of fixture dashboard `name` (e.g. "timeseries.json"); throws if it is missing,
/// so a test fails naming the file instead of rendering an empty string.
inline std::string fixture_dashboard(const std::string& name) {
  std::ifstream in(std::string(REPORTD_FIXTURES_DIR) + "/dashboards/" + name, std::ios::binary);
  if (!in)
    throw std::runtime_error("fixture dashboard missing: " + name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace reportd::testing
