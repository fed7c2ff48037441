#pragma once
// Prometheus' text exposition format (version 0.0.4): the one writer /metrics uses, with
// label values escaped as the format requires (backslash, double quote, newline).
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace reportd::model {

using metric_labels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

/// A sample value (or an `le` bound) as the text format writes it: shortest round-trip
/// decimal, NaN, +Inf, -Inf.
std::string metric_number(double v);

/// A label value escaped for the text format.
std::string escape_label_value(std::string_view v);

class metrics_text {
public:
  /// Starts a metric family: its # HELP and # TYPE lines.
  metrics_text& family(std::string_view name, std::string_view type, std::string_view help);
  /// One sample line: name{label="value",...} value.
  metrics_text& sample(std::string_view name, metric_labels labels, double value);
  metrics_text& sample(std::string_view name, metric_labels labels, std::int64_t value);
  metrics_text& sample(std::string_view name, metric_labels labels, std::uint64_t value);
  /// A sample of a family with no labels.
  template <class T>
  metrics_text& sample(std::string_view name, T value) {
    return sample(name, {}, value);
  }

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

private:
  void start(std::string_view name, metric_labels labels);
  std::string out_;
};

}  // namespace reportd::model
