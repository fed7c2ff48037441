#pragma once
// A datasource as Grafana configures it (provisioning YAML, `GET /api/datasources`): plain
// values, no I/O. The renderer builds a queryable source from it; the API answers with it,
// secrets left out (only which secure fields are set is ever shown).
#include <cstdint>
#include <map>
#include <string>

#include <boost/json/object.hpp>

namespace reportd::model {

struct datasource_config {
  std::int64_t id = 0;               // 1, 2, ... in load order, per process
  std::int64_t org_id = 1;           // `orgId`, default 1
  std::string name;
  std::string type;                  // prometheus, testdata, postgres, ...
  std::string uid;                   // provisioning may omit it: then derived from the name
  std::string url;
  std::string access = "proxy";      // proxy | direct (reportd always queries server-side)
  bool is_default = false;
  bool basic_auth = false;
  std::string basic_auth_user;
  std::string user;                  // `user` (SQL, InfluxDB)
  std::string database;              // `database` (SQL, InfluxDB)
  bool with_credentials = false;
  bool editable = false;
  int version = 1;
  boost::json::object json_data;     // `jsonData` as written (timeInterval, httpMethod, tls..., httpHeaderName1)
  std::map<std::string, std::string> secure_json_data;  // `secureJsonData`: basicAuthPassword, httpHeaderValue1, tlsCACert, ...
  std::string source_file;           // the provisioning file it came from, for messages
};

}  // namespace reportd::model
