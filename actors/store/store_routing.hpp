#pragma once
// Which store connection a message goes to. With [database] max_open_conn > 1 there is one
// writer store actor and N reader store actors (each its own read-only connection on the
// same WAL file), so reads neither queue behind each other nor behind a write transaction.
// A message is a read only when its leading atoms are listed below; anything else,
// including a message added later and not listed here, goes to the writer. A write is
// answered after its commit, so a read sent after that answer sees it (read-your-writes).
#include <atomic>
#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "actors/store/store_actor.hpp"

namespace reportd {

namespace detail {

template <class A, class B>
struct reads_only_pair : std::false_type {};
template <> struct reads_only_pair<get_atom, report_atom> : std::true_type {};
template <> struct reads_only_pair<get_atom, dashboard_atom> : std::true_type {};
template <> struct reads_only_pair<get_atom, settings_atom> : std::true_type {};
template <> struct reads_only_pair<get_atom, bundle_atom> : std::true_type {};
template <> struct reads_only_pair<get_atom, schedule_atom> : std::true_type {};
template <> struct reads_only_pair<list_atom, report_atom> : std::true_type {};
template <> struct reads_only_pair<list_atom, dashboard_atom> : std::true_type {};
template <> struct reads_only_pair<list_atom, run_atom> : std::true_type {};
template <> struct reads_only_pair<list_atom, schedule_atom> : std::true_type {};
template <> struct reads_only_pair<stats_atom, run_atom> : std::true_type {};

template <class... Ts>
struct reads_only : std::false_type {};
template <class A, class B, class... Rest>
struct reads_only<A, B, Rest...> : reads_only_pair<std::decay_t<A>, std::decay_t<B>> {};
template <>
struct reads_only<ping_atom> : std::true_type {};

}  // namespace detail

/// True when a store message with these argument types only reads (may go to a reader).
template <class... Ts>
constexpr bool store_reads_only = detail::reads_only<std::decay_t<Ts>...>::value;

/// The reader store actors, picked round-robin. Shared by every supervisor (one counter).
class store_reader_pool {
public:
  explicit store_reader_pool(std::vector<store_actor> readers) : readers_(std::move(readers)) {}

  bool empty() const noexcept { return readers_.empty(); }

  /// The next reader; call only when not empty().
  const store_actor& next() {
    return readers_[next_.fetch_add(1, std::memory_order_relaxed) % readers_.size()];
  }

private:
  std::vector<store_actor> readers_;
  std::atomic<std::size_t> next_{0};
};

/// Where a message with these argument types goes: a reader when it only reads and there
/// are readers, else the writer.
template <class... Ts>
const store_actor& store_for(const store_actor& writer, store_reader_pool* readers) {
  if constexpr (store_reads_only<Ts...>) {
    if (readers && !readers->empty())
      return readers->next();
  }
  return writer;
}

}  // namespace reportd
