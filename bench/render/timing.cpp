#include "bench/render/timing.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace reportd::bench {
namespace {

using clock_type = std::chrono::steady_clock;

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

}  // namespace

bool time_and_print(const std::string& name, const timing_options& opt,
                    const std::function<bool()>& once) {
  for (int i = 0; i < opt.warmup; ++i)
    if (!once()) return false;
  std::vector<double> ms;
  const auto start = clock_type::now();
  double elapsed = 0;
  while (static_cast<int>(ms.size()) < opt.min_iterations || elapsed < opt.min_seconds) {
    const auto t0 = clock_type::now();
    if (!once()) return false;
    const auto t1 = clock_type::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    elapsed = std::chrono::duration<double>(t1 - start).count();
  }
  std::sort(ms.begin(), ms.end());
  std::printf(
      "{\"name\":\"%s\",\"iterations\":%zu,\"per_second\":%.3f,\"p50_ms\":%.3f,"
      "\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
      name.c_str(), ms.size(), static_cast<double>(ms.size()) / elapsed, percentile(ms, 0.5),
      percentile(ms, 0.9), percentile(ms, 0.99), ms.back());
  return true;
}

}  // namespace reportd::bench
