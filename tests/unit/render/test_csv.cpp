#include "catch_prelude.hpp"

#include <zip.h>

#include <boost/json/parse.hpp>

#include "render/csv.hpp"

namespace {

using namespace reportd::render;

panel table_panel() {
  panel p;
  p.title = "Hosts";
  frame f;
  f.fields.push_back({"Time", field_type::time, {1577836800000.0, 1577836860000.0}, {}, {}});
  f.fields.push_back({"Host", field_type::string, {}, {"web, 1", "say \"hi\"\nbye"}, {}});
  f.fields.push_back({"Value", field_type::number, {1.5, std::nan("")}, {}, {}});
  p.frames.push_back(f);
  return p;
}

// Reads one member of an in-memory zip.
std::string unzip(const std::string& archive, const char* name) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(archive.data(), archive.size(), 0, &err);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  REQUIRE(z != nullptr);
  zip_stat_t st;
  std::string out;
  if (zip_stat(z, name, 0, &st) == 0) {
    zip_file_t* f = zip_fopen(z, name, 0);
    out.resize(st.size);
    zip_fread(f, out.data(), st.size);
    zip_fclose(f);
  }
  zip_close(z);
  return out;
}

}  // namespace

TEST_CASE("csv: header row, RFC 4180 quoting, times in the report's zone") {
  const auto csv = table_csv(table_panel(), "utf-8");
  CHECK(csv ==
        "Time,Host,Value\r\n"
        "2020-01-01 00:00:00,\"web, 1\",1.5\r\n"
        "2020-01-01 00:01:00,\"say \"\"hi\"\"\nbye\",\r\n");
  const auto kolkata = table_csv(table_panel(), "utf-8", "Asia/Kolkata");
  CHECK(kolkata.find("2020-01-01 05:30:00,") != std::string::npos);
}

TEST_CASE("csv: encodings") {
  const auto bom = table_csv(table_panel(), "utf-8-bom");
  CHECK(bom.substr(0, 3) == "\xEF\xBB\xBF");
  CHECK(bom.substr(3, 4) == "Time");
  auto p = table_panel();
  p.frames[0].fields[1].strings[0] = "\xC3\xA9";  // é
  const auto utf16 = table_csv(p, "utf-16le");
  CHECK(utf16.substr(0, 2) == "\xFF\xFE");
  CHECK(utf16.substr(2, 4) == std::string("T\0i\0", 4));
  CHECK(utf16.find(std::string("\xE9\0", 2)) != std::string::npos);
}

TEST_CASE("csv: of several frames the first is written, as the table panel shows it") {
  // Grafana's Inspect > Data exports the selected frame (the first); joining by time is an
  // option the user picks, and the table panel draws that first frame too.
  panel p;
  frame a, b;
  a.fields = {{"time", field_type::time, {1000, 2000}, {}, {}}, {"cpu", field_type::number, {1, 2}, {}, {}}};
  b.fields = {{"time", field_type::time, {2000, 3000}, {}, {}}, {"mem", field_type::number, {5, 6}, {}, {}}};
  p.frames = {a, b};
  CHECK(table_csv(p, "utf-8") ==
        "time,cpu\r\n"
        "1970-01-01 00:00:01,1\r\n"
        "1970-01-01 00:00:02,2\r\n");
  p.frames.insert(p.frames.begin(), frame{});  // an empty first frame is skipped, as Grafana's inspector does
  CHECK(table_csv(p, "utf-8").rfind("time,cpu\r\n", 0) == 0);
}

TEST_CASE("csv: display names head the columns and rows follow the table's sortBy") {
  auto p = table_panel();
  p.field_config = boost::json::parse(R"({"defaults":{},"overrides":[
      {"matcher":{"id":"byName","options":"Value"},"properties":[{"id":"displayName","value":"Load"}]}]})").as_object();
  p.options = boost::json::parse(R"({"sortBy":[{"displayName":"Load","desc":true}]})").as_object();
  // Descending: 1.5 first, the null (lowest) last.
  CHECK(table_csv(p, "utf-8") ==
        "Time,Host,Load\r\n"
        "2020-01-01 00:00:00,\"web, 1\",1.5\r\n"
        "2020-01-01 00:01:00,\"say \"\"hi\"\"\nbye\",\r\n");
  p.options = boost::json::parse(R"({"sortBy":[{"displayName":"Load","desc":false}]})").as_object();
  CHECK(table_csv(p, "utf-8").find("\r\n2020-01-01 00:01:00,") != std::string::npos);
}

TEST_CASE("csv: file names and a zip of several files") {
  panel p;
  p.title = "CPU / load";
  CHECK(csv_file_name("Ops", p) == "Ops - CPU _ load.csv");
  const std::vector<named_file> files{{"a.csv", "text/csv", "1,2\r\n"}, {"a.csv", "text/csv", "3,4\r\n"}};
  const auto archive = zip_files(files);
  REQUIRE(archive.substr(0, 2) == "PK");
  CHECK(unzip(archive, "a.csv") == "1,2\r\n");
  CHECK(unzip(archive, "a (2).csv") == "3,4\r\n");
}
