#pragma once
// Where panel queries go: the datasource interface, how a panel's `datasource` reference
// (null, a name, or {type, uid}) is read, and the registry that maps references to sources.
// TestData is built in and is the default, as in Grafana's devenv.
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "model/datasource.hpp"
#include "model/records.hpp"
#include "render/panel.hpp"

namespace reportd::render {

/// What a query needs to know besides the target and the range.
struct query_context {
  std::string dashboard_uid;
  int panel_id = 0;
  std::int64_t max_data_points = 1000;  // points per series at most
  std::int64_t interval_ms = 0;         // 0: range / max_data_points
  std::string min_interval;             // the panel's `interval` as written ("1m", "$__interval", "")
  std::int64_t deadline_ms = 0;         // absolute epoch ms after which the answer is useless; 0: none
};

/// One source serves every render worker: query() may run on several threads at once, so an
/// implementation keeps no per-query state in members.
class datasource {
public:
  virtual ~datasource() = default;
  /// Answers one target (variables already substituted); frames in series order.
  virtual std::vector<frame> query(const boost::json::object& target, const time_window& range,
                                   const query_context& ctx) = 0;
  /// Non-empty when this source cannot answer `target`: a sentence saying why, shown on the
  /// panel instead of a silent blank. Asked before query().
  virtual std::string unsupported(const boost::json::object& /*target*/) const { return {}; }
  /// True for a source that expands $__interval, $__interval_ms, $__range, $__range_s and
  /// $__range_ms itself from its own step (Prometheus): the renderer leaves them in its targets
  /// and writes variables in the source's query language (format "prometheus"); answers then
  /// depend only on the target, range and step inputs, so identical targets may share one query.
  /// False (TestData): the renderer substitutes everything in the "glob" format.
  virtual bool expands_time_macros() const { return false; }
  /// True when query() computes its answer in memory (TestData): the renderer answers such
  /// queries on its own thread, since a thread per query would cost more than the query.
  virtual bool answers_in_memory() const { return false; }
  /// Answers a template variable's query (`label_values(up, job)`, or the object form's
  /// `query`, variables already substituted): the option texts in the source's order.
  /// Throws std::runtime_error with a readable message on failure, as query() does.
  virtual std::vector<std::string> metric_find(const boost::json::value& /*query*/,
                                               const time_window& /*range*/,
                                               const query_context& /*ctx*/) {
    throw std::runtime_error("this datasource does not answer variable queries");
  }
};

/// A Grafana next to reportd ([grafana] url): it answers the datasource references reportd
/// does not serve itself (through `POST /api/ds/query`) and the dashboards reportd does not
/// store. Shared by every render worker; its methods may run on several threads at once.
class remote_grafana {
public:
  virtual ~remote_grafana() = default;
  /// The source that sends queries for {type, uid} to Grafana; lives as long as this object.
  virtual datasource* source_for(const std::string& type, const std::string& uid) const = 0;
  /// [grafana] prefer_proxy: every explicit reference goes to Grafana, also the ones reportd serves.
  virtual bool preferred() const = 0;
  /// [grafana] dashboards: "grafana" (Grafana first, then the stored one), "local" (never
  /// Grafana) or "both" (the stored one, else Grafana).
  virtual const std::string& dashboards() const = 0;
  /// The dashboard JSON of `uid` in Grafana (`GET /api/dashboards/uid/:uid`'s `dashboard`), or
  /// "" when Grafana has no such dashboard. Throws std::runtime_error ("Grafana at ...
  /// unreachable: ...") when Grafana cannot answer before `deadline_ms` (epoch ms, 0: none).
  virtual std::string dashboard(const std::string& uid, std::int64_t deadline_ms) const = 0;
  /// Grafana's dashboards matching `q` (`GET /api/search?type=dash-db`), origin "grafana".
  /// Throws std::runtime_error when Grafana gives no usable answer before q.answer_by_ms.
  virtual std::vector<model::dashboard_entry> search(const model::dashboard_search& q) const = 0;
  /// The base URL, for messages and links.
  virtual const std::string& url() const = 0;
  /// The Grafana organisation read ([grafana] org_id; 0: the token's own), for links.
  virtual std::int64_t org_id() const = 0;
};

/// A panel's or target's `datasource` as written.
struct datasource_ref {
  std::string type;
  std::string uid;
  std::string name;         // legacy string form ("gdev-testdata", "-- Grafana --")
  bool is_default = false;  // null/absent/"default"
  /// How a user knows this source: name, else uid, else type.
  std::string label() const;
};

/// Reads a `datasource` member (nullptr when absent).
datasource_ref parse_datasource_ref(const boost::json::value* v);

/// Whether `type` is one of TestData's two plugin ids (testdata, grafana-testdata-datasource).
bool is_testdata_type(const std::string& type);
/// Whether two plugin ids name one type (equal, or both TestData's).
bool same_source_type(const std::string& a, const std::string& b);

/// Whether the reference means TestData (type testdata / grafana-testdata-datasource /
/// Grafana's built-in "datasource", a name or uid containing "testdata", or the default).
bool is_testdata(const datasource_ref& ref);

/// A source of one organisation as configured, with what answers its queries.
struct registered_source {
  model::datasource_config config;
  std::shared_ptr<datasource> source;  // nullptr: the type is not supported by reportd
};

/// One organisation's sources: the provisioned ones plus the built-in TestData, which
/// answers testdata references no provisioned source claims and is the default when no
/// provisioned source is marked `isDefault` (as Grafana's built-in "-- Grafana --" is).
/// Read-only once built, so every render worker may share one.
class datasource_registry {
public:
  datasource_registry();
  /// Adds a configured source (`source` nullptr: a type reportd cannot query).
  void add(model::datasource_config config, std::shared_ptr<datasource> source);
  /// Adds a source known only by type, uid and name (tests).
  void add(std::string type, std::string uid, std::string name, std::shared_ptr<datasource> source);
  /// The source the reference names, or nullptr when it is not configured (or not
  /// supported). resolve.hpp says why, for a panel's notice.
  datasource* find(const datasource_ref& ref) const;

  /// By uid, then by name (Grafana accepts either where a name or uid is written).
  const registered_source* by_uid_or_name(const std::string& id) const;
  /// The org's default: the provisioned `isDefault` one, else the built-in TestData.
  const registered_source& default_source() const;
  /// The default when it is of `type`, else the first configured source of `type`.
  const registered_source* first_of_type(const std::string& type) const;
  /// The built-in TestData, or a provisioned testdata source when there is one.
  const registered_source& testdata() const;
  /// The provisioned sources in load order (without the built-in TestData).
  const std::vector<registered_source>& entries() const { return entries_; }
  /// The Grafana next to reportd, or nullptr when [grafana] url is unset.
  const remote_grafana* remote() const { return remote_; }
  void set_remote(const remote_grafana* remote) { remote_ = remote; }

private:
  std::vector<registered_source> entries_;
  registered_source builtin_;
  const remote_grafana* remote_ = nullptr;
};

/// Every organisation's sources: one registry per org, an org without provisioned
/// sources gets the built-in TestData only.
class datasource_catalog {
public:
  datasource_catalog() = default;
  void add(model::datasource_config config, std::shared_ptr<datasource> source);
  const datasource_registry& org(std::int64_t org_id) const;
  /// The orgs with provisioned sources, ascending.
  std::vector<std::int64_t> orgs() const;
  /// Every provisioned source of every org in load order (for the API and the start-up log).
  std::vector<const model::datasource_config*> configs() const;
  /// Gives the organisations the Grafana next to reportd (call after the last add()): those in
  /// `per_org` theirs ([grafana] org_map: each reportd org reads its own Grafana organisation),
  /// every other one `all_orgs` (nullptr: none).
  void set_remote(std::shared_ptr<const remote_grafana> all_orgs,
                  std::map<std::int64_t, std::shared_ptr<const remote_grafana>> per_org = {});
  /// The Grafana organisation `org_id` reads, or nullptr.
  const remote_grafana* remote(std::int64_t org_id) const { return org(org_id).remote(); }
  /// Does any organisation read a Grafana?
  bool has_remote() const { return all_orgs_ != nullptr || !per_org_.empty(); }

private:
  const remote_grafana* remote_for(std::int64_t org_id) const;

  std::map<std::int64_t, datasource_registry> orgs_;
  std::map<std::int64_t, datasource_registry> remote_only_;  // mapped orgs without provisioned sources
  datasource_registry empty_;
  std::shared_ptr<const remote_grafana> all_orgs_;
  std::map<std::int64_t, std::shared_ptr<const remote_grafana>> per_org_;
};

}  // namespace reportd::render
