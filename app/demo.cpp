#include "app/demo.hpp"

#include <chrono>

namespace reportd::demo {
namespace {

// Grafana dashboard JSON, as Grafana would export it: one TestData panel of each type the
// renderer draws natively, arranged on the 24-column grid.
constexpr const char* dashboard_json = R"json({
  "uid": "reportd-demo",
  "title": "reportd demo",
  "schemaVersion": 39,
  "time": {"from": "now-6h", "to": "now"},
  "templating": {"list": [
    {"name": "host", "type": "custom", "query": "web-1,web-2,db-1", "multi": true,
     "current": {"text": ["web-1", "web-2"], "value": ["web-1", "web-2"]}}
  ]},
  "panels": [
    {"id": 1, "type": "row", "title": "Traffic", "collapsed": false, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}},
    {"id": 2, "type": "timeseries", "title": "Requests per second on $host",
     "gridPos": {"x": 0, "y": 1, "w": 16, "h": 10},
     "fieldConfig": {"defaults": {"unit": "reqps", "custom": {"fillOpacity": 15, "lineWidth": 2}}, "overrides": []},
     "options": {"legend": {"displayMode": "table", "placement": "bottom", "calcs": ["mean", "max"]}},
     "targets": [{"refId": "A", "scenarioId": "random_walk", "seriesCount": 3}]},
    {"id": 3, "type": "stat", "title": "Error rate",
     "gridPos": {"x": 16, "y": 1, "w": 8, "h": 5},
     "fieldConfig": {"defaults": {"unit": "percent", "decimals": 1,
       "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}, {"color": "red", "value": 80}]}}, "overrides": []},
     "options": {"reduceOptions": {"calcs": ["lastNotNull"]}, "graphMode": "area", "colorMode": "value"},
     "targets": [{"refId": "A", "scenarioId": "random_walk", "min": 0, "max": 100}]},
    {"id": 4, "type": "gauge", "title": "CPU",
     "gridPos": {"x": 16, "y": 6, "w": 8, "h": 5},
     "fieldConfig": {"defaults": {"unit": "percent", "min": 0, "max": 100,
       "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}, {"color": "orange", "value": 70}, {"color": "red", "value": 90}]}}, "overrides": []},
     "options": {"reduceOptions": {"calcs": ["mean"]}, "showThresholdMarkers": true},
     "targets": [{"refId": "A", "scenarioId": "csv_metric_values", "stringInput": "55,62,71,68,74"}]},
    {"id": 5, "type": "row", "title": "Capacity", "collapsed": false, "gridPos": {"x": 0, "y": 11, "w": 24, "h": 1}},
    {"id": 6, "type": "bargauge", "title": "Disk usage",
     "gridPos": {"x": 0, "y": 12, "w": 8, "h": 8},
     "fieldConfig": {"defaults": {"unit": "percent", "min": 0, "max": 100,
       "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}, {"color": "red", "value": 85}]}}, "overrides": []},
     "options": {"displayMode": "gradient", "orientation": "horizontal", "reduceOptions": {"calcs": ["lastNotNull"]}},
     "targets": [{"refId": "A", "scenarioId": "random_walk", "seriesCount": 4, "min": 10, "max": 95}]},
    {"id": 7, "type": "piechart", "title": "Traffic by region",
     "gridPos": {"x": 8, "y": 12, "w": 8, "h": 8},
     "options": {"pieType": "donut", "legend": {"displayMode": "list", "placement": "right"}, "reduceOptions": {"calcs": ["sum"]}},
     "targets": [{"refId": "A", "scenarioId": "csv_metric_values", "stringInput": "40,40", "alias": "eu"},
                 {"refId": "B", "scenarioId": "csv_metric_values", "stringInput": "25,25", "alias": "us"},
                 {"refId": "C", "scenarioId": "csv_metric_values", "stringInput": "10,10", "alias": "apac"}]},
    {"id": 8, "type": "text", "title": "About this report",
     "gridPos": {"x": 16, "y": 12, "w": 8, "h": 8},
     "options": {"mode": "markdown", "content": "# reportd demo\n\nRendered **natively** with cairo and pango: no browser.\n\n- hosts: ${host:csv}\n- data: TestData"}},
    {"id": 9, "type": "table", "title": "Hosts",
     "gridPos": {"x": 0, "y": 20, "w": 24, "h": 7},
     "targets": [{"refId": "A", "scenarioId": "csv_content",
       "csvContent": "host,region,cpu,memory\nweb-1,eu,42.5,8192\nweb-2,eu,37.1,8192\ndb-1,us,71.9,32768\ncache-1,apac,12.3,4096"}]}
  ]
})json";

}  // namespace

std::optional<std::int64_t> provision(store::database& db) {
  if (db.get_dashboard(1, "reportd-demo") || db.list_reports(1).ok() == false ||
      !db.list_reports(1)->empty())
    return std::nullopt;
  auto dash = db.save_dashboard(1, dashboard_json, false);
  if (!dash)
    return std::nullopt;
  model::report r;
  r.org_id = 1;
  r.name = "reportd demo report";
  r.subject = "Your reportd demo report";
  r.recipients = "demo@example.com";
  r.message = "Hello,\nthis is the demo report of reportd: the dashboard is attached as PDF and CSV.";
  r.formats = {"pdf", "csv", "image"};
  r.enable_dashboard_url = true;
  r.schedule.frequency = "never";
  r.dashboards.push_back({{0, dash->uid, dash->title}, {"now-6h", "now"}, {}});
  auto id = db.create_report(std::move(r));
  if (!id)
    return std::nullopt;
  return *id;
}

}  // namespace reportd::demo
