#pragma once
// What a logo fetch may do ([security] allowed_logo_hosts, max_logo_dimension), and the cache
// of fetched logos that every render shares. Kept apart from logo.hpp so that the render
// request can carry it without including cairo or curl.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace reportd::render {

class logo_cache;

/// A cache of logo bytes per URL, bounded by entries and bytes; thread-safe.
std::shared_ptr<logo_cache> make_logo_cache(std::size_t max_entries = 16, std::size_t max_bytes = 8u << 20);

struct logo_policy {
  /// Hosts (as written in the URL, case-insensitive) whose addresses may be loopback, private,
  /// link-local, ...: a logo server inside the network. Every other host must resolve to a
  /// public address at every hop.
  std::vector<std::string> allowed_hosts;
  /// Width and height above which a logo is refused from its header, before decoding.
  int max_dimension = 4096;
  /// Logos fetched before, by URL; null: fetch every time.
  std::shared_ptr<logo_cache> cache;
};

/// "a.example, 127.0.0.1 ,B.example" -> {"a.example", "127.0.0.1", "b.example"}.
std::vector<std::string> split_host_list(const std::string& comma_list);

}  // namespace reportd::render
