#pragma once
// Counters of answered requests, by route and status, with a latency histogram per route,
// in Prometheus' text format. Owned by the front actor (one writer, no locks); CAF-free.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace reportd {

class request_metrics {
public:
  /// Bucket bounds of the latency histogram, in seconds.
  static constexpr std::array<double, 12> bounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                  0.1,   0.25,   0.5,   1,    5,     30};

  void record(const std::string& route, unsigned status, double seconds);

  /// The exposition, with the in-flight gauges given by the caller.
  std::string text(std::int64_t light_in_flight, std::int64_t heavy_in_flight) const;

private:
  struct histogram {
    std::array<std::uint64_t, bounds.size()> buckets{};  // non-cumulative counts
    std::uint64_t count = 0;
    double sum = 0;
  };
  std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;
  std::map<std::string, histogram> latency_;
};

}  // namespace reportd
