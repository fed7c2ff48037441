#pragma once
// The wall clock as the epoch numbers reportd stores and computes with. The one place that
// reads std::chrono::system_clock; code that must be testable takes a clock function instead
// (the scheduler's now_ms, the auth cache's clock) and defaults it to these.
#include <chrono>
#include <cstdint>

namespace reportd::model {

/// Milliseconds since the Unix epoch, now.
inline std::int64_t epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch()).count();
}

/// Seconds since the Unix epoch, now.
inline std::int64_t epoch_seconds() { return epoch_ms() / 1000; }

}  // namespace reportd::model
