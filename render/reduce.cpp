#include "render/reduce.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace reportd::render {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct named {
  std::string_view id;
  std::string_view name;
};

constexpr named reducers[] = {
    {"lastNotNull", "Last *"},   {"last", "Last"},
    {"firstNotNull", "First *"}, {"first", "First"},
    {"min", "Min"},              {"max", "Max"},
    {"mean", "Mean"},            {"median", "Median"},
    {"variance", "Variance"},    {"stdDev", "StdDev"},
    {"sum", "Total"},            {"count", "Count"},
    {"countAll", "Count all"},   {"range", "Range"},
    {"delta", "Delta"},          {"step", "Step"},
    {"diff", "Difference"},      {"logmin", "Min (above zero)"},
    {"allIsZero", "All Zeros"},  {"allIsNull", "All Nulls"},
    {"changeCount", "Change Count"}, {"distinctCount", "Distinct Count"},
    {"diffperc", "Difference percent"},
};

std::string_view canonical(std::string_view calc) {
  if (calc == "current") return "lastNotNull";
  if (calc == "avg") return "mean";
  if (calc == "total") return "sum";
  return calc;
}

// "p95" -> 95; 0 when `calc` is not a percentile id.
int percentile_of(std::string_view calc) {
  if (calc.size() < 2 || calc.size() > 3 || calc[0] != 'p') return 0;
  int n = 0;
  for (char c : calc.substr(1)) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n >= 1 && n <= 99 ? n : 0;
}

// Counter-aware increase: a drop is a counter reset and the step after it is not counted
// (Grafana's doStandardCalcs).
double delta_of(const std::vector<double>& nn) {
  double delta = 0;
  bool previous_up = true;
  for (std::size_t i = 1; i < nn.size(); ++i) {
    if (nn[i - 1] > nn[i]) {
      previous_up = false;
    } else {
      if (previous_up) delta += nn[i] - nn[i - 1];
      previous_up = true;
    }
  }
  return delta;
}

double variance_of(const std::vector<double>& nn) {
  if (nn.empty()) return 0;
  double mean = 0, square_sum = 0;
  for (std::size_t i = 0; i < nn.size(); ++i) {
    const double old = mean;
    mean += (nn[i] - old) / static_cast<double>(i + 1);
    square_sum += (nn[i] - old) * (nn[i] - mean);
  }
  return square_sum / static_cast<double>(nn.size());
}

double sorted_calc(std::vector<double> nn, std::string_view calc, int percentile) {
  if (nn.empty()) return nan;
  std::sort(nn.begin(), nn.end());
  if (percentile > 0) {
    const auto index = std::floor((static_cast<double>(nn.size()) - 1) * percentile / 100.0 + 0.5);
    return nn[static_cast<std::size_t>(index)];
  }
  (void)calc;  // median
  const auto mid = nn.size() / 2;
  return nn.size() % 2 == 0 ? (nn[mid - 1] + nn[mid]) / 2 : nn[mid];
}

double change_count(const std::vector<double>& nn) {
  double count = 0;
  for (std::size_t i = 1; i < nn.size(); ++i)
    if (nn[i] != nn[i - 1]) ++count;
  return count;
}

}  // namespace

double reduce(const std::vector<double>& v, std::string_view calc_in) {
  const auto calc = canonical(calc_in);
  std::vector<double> nn;
  nn.reserve(v.size());
  for (double x : v)
    if (!std::isnan(x)) nn.push_back(x);
  if (calc == "last") return v.empty() ? nan : v.back();
  if (calc == "first") return v.empty() ? nan : v.front();
  if (calc == "countAll") return static_cast<double>(v.size());
  if (calc == "count") return static_cast<double>(nn.size());
  if (calc == "allIsNull") return nn.empty() ? 1 : 0;
  if (calc == "allIsZero")
    return !nn.empty() && std::all_of(nn.begin(), nn.end(), [](double x) { return x == 0; }) ? 1 : 0;
  if (calc == "sum") {
    double s = 0;
    for (double x : nn) s += x;
    return s;
  }
  if (calc == "changeCount") return change_count(nn);
  if (calc == "distinctCount") return static_cast<double>(std::set<double>(nn.begin(), nn.end()).size());
  if (calc == "variance") return variance_of(nn);
  if (calc == "stdDev") return std::sqrt(variance_of(nn));
  if (calc == "median") return sorted_calc(std::move(nn), calc, 0);
  if (const int p = percentile_of(calc)) return sorted_calc(std::move(nn), calc, p);
  if (calc == "delta") return v.empty() ? nan : delta_of(nn);
  if (nn.empty()) return nan;
  if (calc == "firstNotNull") return nn.front();
  if (calc == "mean") {
    double s = 0;
    for (double x : nn) s += x;
    return s / static_cast<double>(nn.size());
  }
  if (calc == "step") {
    if (nn.size() < 2) return nan;
    double step = std::numeric_limits<double>::max();
    for (std::size_t i = 1; i < nn.size(); ++i) step = std::min(step, nn[i] - nn[i - 1]);
    return step;
  }
  if (calc == "logmin") {
    double m = nan;
    for (double x : nn)
      if (x > 0 && (std::isnan(m) || x < m)) m = x;
    return m;
  }
  if (calc == "diff") return nn.back() - nn.front();
  if (calc == "diffperc") return (nn.back() - nn.front()) / nn.front() * 100;
  auto [mn, mx] = std::minmax_element(nn.begin(), nn.end());
  if (calc == "max") return *mx;
  if (calc == "min") return *mn;
  if (calc == "range") return *mx - *mn;
  return nn.back();  // lastNotNull and anything unknown
}

std::string reducer_name(std::string_view calc_in) {
  const auto calc = canonical(calc_in);
  for (const auto& r : reducers)
    if (r.id == calc) return std::string(r.name);
  if (const int p = percentile_of(calc)) {
    const char* suffix = (p > 3 && p < 21) ? "th" : p % 10 == 1 ? "st" : p % 10 == 2 ? "nd" : p % 10 == 3 ? "rd" : "th";
    return std::to_string(p) + suffix + " %";
  }
  return std::string(calc_in);
}

bool known_reducer(std::string_view calc_in) {
  const auto calc = canonical(calc_in);
  for (const auto& r : reducers)
    if (r.id == calc) return true;
  return percentile_of(calc) > 0;
}

}  // namespace reportd::render
