#pragma once
// The named loggers of the actors ("http", "scheduler", ...), registered with spdlog so
// that a level or sink set on the registry reaches them too.
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace reportd {

/// The logger `name` from spdlog's registry; the first call registers a clone of the
/// default logger under that name. Thread-safe; call it once and keep the pointer.
inline std::shared_ptr<spdlog::logger> named_logger(const std::string& name) {
  if (auto existing = spdlog::get(name))
    return existing;
  auto made = spdlog::default_logger()->clone(name);
  try {
    spdlog::register_logger(made);
  } catch (const spdlog::spdlog_ex&) {  // another thread registered it first
    return spdlog::get(name);
  }
  return made;
}

}  // namespace reportd
