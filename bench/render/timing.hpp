#pragma once
// Shared by the render-only programs: time a callable repeatedly and print one JSON line,
// so the bench driver reads reportd's renderer and its floor the same way.
#include <functional>
#include <string>

namespace reportd::bench {

struct timing_options {
  int warmup = 3;          // untimed calls first (fonts, caches)
  int min_iterations = 20;
  double min_seconds = 3;  // keep going until both minima are reached
};

/// Calls `once` until the options are met; prints
/// {"name":…,"iterations":…,"per_second":…,"p50_ms":…,"p90_ms":…,"p99_ms":…,"max_ms":…}.
/// `once` returns false on failure, which stops the loop and makes this return false.
bool time_and_print(const std::string& name, const timing_options& opt,
                    const std::function<bool()>& once);

}  // namespace reportd::bench
