#include "model/metrics_text.hpp"

#include <charconv>
#include <cmath>

namespace reportd::model {

std::string metric_number(double v) {
  if (std::isnan(v))
    return "NaN";
  if (std::isinf(v))
    return v > 0 ? "+Inf" : "-Inf";
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string escape_label_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

metrics_text& metrics_text::family(std::string_view name, std::string_view type, std::string_view help) {
  out_.append("# HELP ").append(name).append(" ");
  for (char c : help)  // HELP text escapes backslash and newline only
    out_ += c == '\\' ? std::string_view("\\\\") : c == '\n' ? std::string_view("\\n") : std::string_view(&c, 1);
  out_.append("\n# TYPE ").append(name).append(" ").append(type).append("\n");
  return *this;
}

void metrics_text::start(std::string_view name, metric_labels labels) {
  out_.append(name);
  if (labels.size() == 0) {
    out_ += ' ';
    return;
  }
  char sep = '{';
  for (const auto& [key, value] : labels) {
    out_ += sep;
    out_.append(key).append("=\"").append(escape_label_value(value)).append("\"");
    sep = ',';
  }
  out_ += "} ";
}

metrics_text& metrics_text::sample(std::string_view name, metric_labels labels, double value) {
  start(name, labels);
  out_.append(metric_number(value)).append("\n");
  return *this;
}

metrics_text& metrics_text::sample(std::string_view name, metric_labels labels, std::int64_t value) {
  start(name, labels);
  out_.append(std::to_string(value)).append("\n");
  return *this;
}

metrics_text& metrics_text::sample(std::string_view name, metric_labels labels, std::uint64_t value) {
  start(name, labels);
  out_.append(std::to_string(value)).append("\n");
  return *this;
}

}  // namespace reportd::model
