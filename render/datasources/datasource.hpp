#pragma once
// Where panel queries go: the datasource interface, how a panel's `datasource` reference
// (null, a name, or {type, uid}) is read, and the registry that maps references to sources.
// TestData is built in and is the default, as in Grafana's devenv.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

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
  /// Answers a template variable's query (`label_values(up, job)`, or the object form's
  /// `query`, variables already substituted): the option texts in the source's order.
  /// Throws std::runtime_error with a readable message on failure, as query() does.
  virtual std::vector<std::string> metric_find(const boost::json::value& /*query*/,
                                               const time_window& /*range*/,
                                               const query_context& /*ctx*/) {
    throw std::runtime_error("this datasource does not answer variable queries");
  }
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

/// Whether the reference means TestData (type testdata / grafana-testdata-datasource /
/// Grafana's built-in "datasource", a name or uid containing "testdata", or the default).
bool is_testdata(const datasource_ref& ref);

/// Maps references to sources. Holds TestData from the start; other sources (Prometheus,
/// SQL) are added by name/uid when configured.
class datasource_registry {
public:
  datasource_registry();
  void add(std::string type, std::string uid, std::string name, std::shared_ptr<datasource> source);
  /// The source the reference names, or nullptr when it is not configured.
  datasource* find(const datasource_ref& ref) const;

private:
  struct entry {
    std::string type;
    std::string uid;
    std::string name;
    std::shared_ptr<datasource> source;
  };
  std::vector<entry> entries_;
  std::shared_ptr<datasource> testdata_;
};

}  // namespace reportd::render
