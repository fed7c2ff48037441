#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "catch_prelude.hpp"
#include "config/settings.hpp"

namespace {

using namespace std::chrono_literals;
using reportd::config::load;

// Sets an environment variable for one test and restores the old value afterwards.
class env_var {
public:
  env_var(std::string name, const std::string& value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str()))
      old_ = old;
    ::setenv(name_.c_str(), value.c_str(), 1);
  }
  ~env_var() {
    if (old_)
      ::setenv(name_.c_str(), old_->c_str(), 1);
    else
      ::unsetenv(name_.c_str());
  }
  env_var(const env_var&) = delete;
  env_var& operator=(const env_var&) = delete;

private:
  std::string name_;
  std::optional<std::string> old_;
};

// Writes `text` to a fresh INI file in the temp folder and returns its path.
std::string ini_file(const std::string& name, const std::string& text) {
  auto path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/reportd_test_" + name + ".ini";
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const reportd::model::checked<reportd::config::settings>& r) {
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == reportd::model::errc::bad_request);
  return r.error().message;
}

}  // namespace

TEST_CASE("no file gives the documented defaults", "[config]") {
  auto s = load("");
  REQUIRE(s.ok());
  CHECK(s->server.http_port == 3300);
  CHECK(s->server.http_addr == "0.0.0.0");
  CHECK(s->server.max_body_bytes == 1024 * 1024);
  CHECK(s->server.max_header_bytes == 8 * 1024);
  CHECK(s->database.type == "sqlite3");
  CHECK(s->paths.data == "data");
  CHECK_FALSE(s->smtp.enabled);
  CHECK(s->reporting.render_timeout == 60s);
  CHECK_FALSE(s->server.router_logging);  // as Grafana: a line per request only when asked
  CHECK(s->config_file.empty());
  auto on = load("", {"server.router_logging=true"});
  REQUIRE(on.ok());
  CHECK(on->server.router_logging);
}

TEST_CASE("INI values are read, with Grafana comments and key spellings", "[config]") {
  auto path = ini_file("values", R"(; a Grafana-style file
# both comment styles
[server]
http_port = 8080
http_addr = 127.0.0.1
read_timeout = 500ms
idle_timeout = 2m

[smtp]
host = mail.example.com:587
startTLS_policy = mandatory
from_name = "Reports Bot"

[reporting]
render_timeout = 90
render_workers = 4

[database]
sync = full

[log]
level = debug

[grafana_only_section]
anything = goes
)");
  auto s = load(path);
  REQUIRE(s.ok());
  CHECK(s->config_file == path);
  CHECK(s->server.http_port == 8080);
  CHECK(s->server.http_addr == "127.0.0.1");
  CHECK(s->server.read_timeout == 500ms);
  CHECK(s->server.idle_timeout == 2min);
  CHECK(s->smtp.host == "mail.example.com:587");
  CHECK(s->smtp.enabled);  // a host turns SMTP on
  CHECK(s->smtp.startTLS_policy == "mandatory");
  CHECK(s->smtp.from_name == "Reports Bot");
  CHECK(s->reporting.render_timeout == 90s);
  CHECK(s->reporting.render_workers == 4);
  CHECK(s->database.sync == "full");
  CHECK(s->log.level == "debug");
}

TEST_CASE("environment beats the INI file, overrides beat the environment", "[config]") {
  auto path = ini_file("layers", "[server]\nhttp_port = 8080\n[smtp]\nfrom_address = ini@example.com\n");
  env_var port("REPORTD_SERVER_HTTP_PORT", "9090");
  env_var from("REPORTD_SMTP_FROM_ADDRESS", "env@example.com");
  env_var policy("REPORTD_SMTP_STARTTLS_POLICY", "none");

  auto s = load(path);
  REQUIRE(s.ok());
  CHECK(s->server.http_port == 9090);
  CHECK(s->smtp.from_address == "env@example.com");
  CHECK(s->smtp.startTLS_policy == "none");

  auto o = load(path, {"server.http_port=0", "smtp.from_address=flag@example.com"});
  REQUIRE(o.ok());
  CHECK(o->server.http_port == 0);  // 0: ephemeral
  CHECK(o->smtp.from_address == "flag@example.com");
}

TEST_CASE("a bad value is refused with a message naming key and value", "[config]") {
  SECTION("not a number") {
    CHECK(error_of(load("", {"server.http_port=abc"})) == "[server] http_port: \"abc\" is not a number");
  }
  SECTION("port out of range") {
    CHECK_THAT(error_of(load("", {"server.http_port=70000"})),
               Catch::StartsWith("[server] http_port: \"70000\" is out of range"));
  }
  SECTION("limits and worker counts must be positive") {
    CHECK(error_of(load("", {"server.max_body_bytes=0"})) == "[server] max_body_bytes: \"0\" must be positive");
    CHECK(error_of(load("", {"reporting.render_workers=0"})) ==
          "[reporting] render_workers: \"0\" must be positive");
    CHECK(error_of(load("", {"server.io_threads=-2"})) == "[server] io_threads: \"-2\" is not a number");
  }
  SECTION("enumerations") {
    CHECK_THAT(error_of(load("", {"database.type=mysql"})),
               Catch::StartsWith("[database] type: \"mysql\" is not one of sqlite3"));
    CHECK_THAT(error_of(load("", {"database.sync=sometimes"})),
               Catch::StartsWith("[database] sync: \"sometimes\" is not one of"));
    CHECK_THAT(error_of(load("", {"smtp.startTLS_policy=always"})),
               Catch::StartsWith("[smtp] startTLS_policy: \"always\" is not one of"));
    CHECK_THAT(error_of(load("", {"log.level=loud"})), Catch::StartsWith("[log] level: \"loud\" is not one of"));
  }
  SECTION("booleans") {
    CHECK_THAT(error_of(load("", {"smtp.skip_verify=maybe"})),
               Catch::StartsWith("[smtp] skip_verify: \"maybe\" is not a boolean"));
  }
  SECTION("durations") {
    CHECK_THAT(error_of(load("", {"reporting.render_timeout=soon"})),
               Catch::StartsWith("[reporting] render_timeout: \"soon\" is not a duration"));
    CHECK_THAT(error_of(load("", {"server.read_timeout=10x"})),
               Catch::StartsWith("[server] read_timeout: \"10x\" is not a duration"));
    CHECK_THAT(error_of(load("", {"server.read_timeout=0s"})),
               Catch::StartsWith("[server] read_timeout: \"0s\" must be a positive"));
  }
  SECTION("from the INI file") {
    auto path = ini_file("bad", "[server]\nhttp_port = eighty\n");
    CHECK(error_of(load(path)) == "[server] http_port: \"eighty\" is not a number");
  }
  SECTION("from the environment, naming the variable") {
    env_var port("REPORTD_SERVER_HTTP_PORT", "abc");
    auto message = error_of(load(""));
    CHECK_THAT(message, Catch::Contains("REPORTD_SERVER_HTTP_PORT"));
    CHECK_THAT(message, Catch::Contains("[server] http_port: \"abc\" is not a number"));
  }
}

TEST_CASE("durations use Grafana's spelling", "[config]") {
  auto d = [](const std::string& text) {
    auto s = load("", {"reporting.mail_timeout=" + text});
    REQUIRE(s.ok());
    return s->reporting.mail_timeout;
  };
  CHECK(d("30s") == 30s);
  CHECK(d("500ms") == 500ms);
  CHECK(d("2m") == 2min);
  CHECK(d("1h") == 1h);
  CHECK(d("1m30s") == 90s);
  CHECK(d("45") == 45s);  // a bare number is seconds
}

TEST_CASE("an unknown key in a known section is an error naming it", "[config]") {
  auto path = ini_file("typo", "[server]\nhttp_prot = 8080\n");
  CHECK_THAT(error_of(load(path)), Catch::Contains("http_prot"));
  CHECK_THAT(error_of(load("", {"smtp.hots=mail:25"})), Catch::Contains("hots"));
  env_var typo("REPORTD_SERVER_HTTP_PROT", "1");
  CHECK_THAT(error_of(load("")), Catch::Contains("REPORTD_SERVER_HTTP_PROT"));
}

TEST_CASE("a config file given but missing is an error naming its path", "[config]") {
  CHECK_THAT(error_of(load("/nonexistent/reportd.ini")), Catch::Contains("/nonexistent/reportd.ini"));
}

TEST_CASE("a malformed INI file names the line", "[config]") {
  auto path = ini_file("malformed", "[server]\nhttp_port 8080\n");
  CHECK_THAT(error_of(load(path)), Catch::Contains("line 2"));
}

namespace {

// The ```ini block under the README's "## Configuration" heading, as a user would copy it.
std::string readme_sample_config() {
  std::ifstream in(REPORTD_SOURCE_DIR "/README.md");
  REQUIRE(in);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto section = text.find("## Configuration");
  REQUIRE(section != std::string::npos);
  auto begin = text.find("```ini\n", section);
  REQUIRE(begin != std::string::npos);
  begin += 7;
  auto end = text.find("```", begin);
  REQUIRE(end != std::string::npos);
  return text.substr(begin, end - begin);
}

}  // namespace

TEST_CASE("the README's sample configuration loads verbatim", "[config]") {
  auto path = ini_file("readme", readme_sample_config());
  auto s = load(path);
  INFO((s.ok() ? std::string() : s.error().message));
  REQUIRE(s.ok());
  CHECK(s->server.http_port == 3300);
  CHECK(s->server.root_url == "https://reports.example.com");
  CHECK(s->server.io_threads == 2);
  CHECK(s->smtp.host == "smtp.example.com:587");
}

TEST_CASE("inline comments are cut as in grafana.ini; quoted values keep ';' and '#'", "[config]") {
  auto path = ini_file("inline", "[server]\nhttp_port = 8080 # the port\nroot_url = http://r.example.com/ ;x\n"
                                 "[smtp]\npassword = \"\"\"se;cr#et\"\"\"\nuser = \"a#b\"\nfrom_name = `R;s`\n");
  auto s = load(path);
  INFO((s.ok() ? std::string() : s.error().message));
  REQUIRE(s.ok());
  CHECK(s->server.http_port == 8080);
  CHECK(s->server.root_url == "http://r.example.com/");
  CHECK(s->smtp.password == "se;cr#et");
  CHECK(s->smtp.user == "a#b");
  CHECK(s->smtp.from_name == "R;s");
}

TEST_CASE("[grafana] org_map reads reportd_org:grafana_org pairs, and refuses anything else", "[config]") {
  auto path = ini_file("org_map", "[grafana]\nurl = http://grafana.test\norg_map = 1:1, 2:4 ,3:4\n");
  auto s = load(path);
  REQUIRE(s.ok());
  CHECK(s->grafana.org_map == std::map<std::int64_t, std::int64_t>{{1, 1}, {2, 4}, {3, 4}});
  CHECK(load("")->grafana.org_map.empty());
  {
    env_var m("REPORTD_GRAFANA_ORG_MAP", "7:0");  // 0: the token's own Grafana organisation
    CHECK(load("")->grafana.org_map == std::map<std::int64_t, std::int64_t>{{7, 0}});
  }
  for (const char* bad : {"1", "1:", ":2", "a:b", "0:1", "1:2;2:3", "1:2,,2:3"})
    CHECK_THAT(error_of(load("", {std::string("grafana.org_map=") + bad})),
               Catch::StartsWith("[grafana] org_map: \"") && Catch::EndsWith("such as \"1:1, 2:4\""));
  CHECK_THAT(error_of(load("", {"grafana.org_map=1:2, 1:3"})),
             Catch::EndsWith("names reportd organisation 1 twice"));
}

TEST_CASE("[database] takes Grafana's PostgreSQL keys, each also from the environment", "[config]") {
  auto path = ini_file("postgres", "[database]\ntype = postgres\nhost = db.example.com:6432\nname = reports\n"
                                   "user = rep\nssl_mode = verify-full\nca_cert_path = /etc/ssl/ca.pem\n");
  env_var password("REPORTD_DATABASE_PASSWORD", "from-env");
  auto s = load(path);
  INFO((s.ok() ? std::string() : s.error().message));
  REQUIRE(s.ok());
  CHECK(s->database.type == "postgres");
  CHECK(s->database.host == "db.example.com:6432");
  CHECK(s->database.name == "reports");
  CHECK(s->database.user == "rep");
  CHECK(s->database.password == "from-env");
  CHECK(s->database.ssl_mode == "verify-full");
  CHECK(s->database.ca_cert_path == "/etc/ssl/ca.pem");

  CHECK_THAT(error_of(load("", {"database.type=mysql"})), Catch::StartsWith("[database] type: \"mysql\" is not one of"));
  CHECK_THAT(error_of(load("", {"database.ssl_mode=maybe"})),
             Catch::StartsWith("[database] ssl_mode: \"maybe\" is not one of"));
}

TEST_CASE("[cluster] listen names host:port and needs a secret", "[config]") {
  auto s = load("", {"cluster.listen=10.0.0.5:7400", "cluster.secret=s3cret", "cluster.worker_name=render-1"});
  REQUIRE(s);
  CHECK(s->cluster.listen == "10.0.0.5:7400");
  CHECK(s->cluster.secret == "s3cret");
  CHECK(s->cluster.worker_name == "render-1");
  CHECK_THAT(error_of(load("", {"cluster.listen=10.0.0.5:7400"})),
             Catch::StartsWith("[cluster] listen needs [cluster] secret"));
  CHECK_THAT(error_of(load("", {"cluster.listen=10.0.0.5", "cluster.secret=x"})),
             Catch::StartsWith("[cluster] listen: \"10.0.0.5\" is not host:port"));
  CHECK_THAT(error_of(load("", {"cluster.listen=h:70000", "cluster.secret=x"})),
             Catch::StartsWith("[cluster] listen: \"h:70000\" is not host:port"));
}

TEST_CASE("host:port is split, with IPv6 brackets and an empty host", "[config]") {
  using reportd::config::parse_host_port;
  auto a = parse_host_port("10.0.0.5:7400", "--join");
  REQUIRE(a);
  CHECK(a->host == "10.0.0.5");
  CHECK(a->port == 7400);
  auto b = parse_host_port("[::1]:7400", "--join");
  REQUIRE(b);
  CHECK(b->host == "::1");
  auto c = parse_host_port(":7400", "--join");
  REQUIRE(c);
  CHECK(c->host.empty());
  for (const char* bad : {"", "host", "host:", "host:0", "host:x1", "host:123456"})
    CHECK_FALSE(parse_host_port(bad, "--join"));
}
