#include "actors/store/store.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <optional>

#include <caf/all.hpp>

namespace reportd {
namespace {

/// A checked engine result as an actor reply.
template <class T>
caf::result<T> reply(model::checked<T> x) {
  if (!x)
    return to_error(x.error());
  return std::move(*x);
}

caf::result<ok_atom> reply(model::checked<model::unit> x) {
  if (!x)
    return to_error(x.error());
  return ok_atom::value;
}

/// The dashboards a report names (in order) and the org's settings.
caf::result<send_bundle> load_bundle(store::database& db, model::report r, bool dashboards_elsewhere) {
  send_bundle b;
  for (auto& d : r.dashboards) {
    auto dash = db.get_dashboard(r.org_id, d.dashboard.uid);
    if (!dash && dashboards_elsewhere) {
      model::stored_dashboard missing;  // the renderer fetches it from Grafana
      missing.org_id = r.org_id;
      missing.uid = d.dashboard.uid;
      b.dashboards.push_back(std::move(missing));
      continue;
    }
    if (!dash)
      return to_error(model::not_found("dashboard " + d.dashboard.uid + " not found"));
    d.dashboard.id = dash->id;
    d.dashboard.name = dash->title;
    b.dashboards.push_back(std::move(*dash));
  }
  auto s = db.get_settings(r.org_id);
  if (!s)
    return to_error(s.error());
  b.settings = std::move(*s);
  b.report = std::move(r);
  return b;
}

/// What a write's checked<T> is answered as: the value, or ok for a unit.
template <class T>
struct answer_type {
  using type = T;
};
template <>
struct answer_type<model::unit> {
  using type = ok_atom;
};

template <class T>
T answer_value(T x) {
  return x;
}
inline ok_atom answer_value(model::unit) { return ok_atom::value; }

/// A write: `f(db)` gives its checked<T>, delivered through the promise.
template <class T, class F>
class write_of final : public pending_write {
public:
  using answer_t = typename answer_type<T>::type;
  write_of(F f, caf::typed_response_promise<answer_t> rp) : f_(std::move(f)), rp_(std::move(rp)) {}

  bool run(store::database& db) override {
    result_.emplace(f_(db));
    return result_->ok();
  }
  void answer(const caf::error* group_failed) override {
    if (result_ && !*result_)  // its own error, rolled back alone
      rp_.deliver(to_error(result_->error()));
    else if (group_failed)  // nothing of the group was stored
      rp_.deliver(*group_failed);
    else if (!result_)
      rp_.deliver(to_error(model::internal_error("store: a write was answered before it ran")));
    else
      rp_.deliver(answer_value(std::move(result_->value())));
  }

private:
  F f_;
  caf::typed_response_promise<answer_t> rp_;
  std::optional<model::checked<T>> result_;
};

using store_self = store_impl_actor::stateful_pointer<store_state>;

/// Runs the pending writes, at most max_group in one transaction, and answers each.
void flush_pending(store_self self) {
  auto& st = self->state;
  auto& db = *st.db;
  while (!st.pending.empty()) {
    const auto n = std::min(st.pending.size(), std::max<std::size_t>(st.max_group, 1));
    std::vector<std::unique_ptr<pending_write>> group;
    group.reserve(n);
    std::move(st.pending.begin(), st.pending.begin() + static_cast<std::ptrdiff_t>(n), std::back_inserter(group));
    st.pending.erase(st.pending.begin(), st.pending.begin() + static_cast<std::ptrdiff_t>(n));
    if (n == 1) {  // on its own, in its own transaction, as without grouping
      group.front()->run(db);
      group.front()->answer(nullptr);
      continue;
    }
    std::vector<std::function<bool()>> writes;
    writes.reserve(n);
    for (auto& w : group)
      writes.emplace_back([&db, w = w.get()] { return w->run(db); });
    const auto committed = db.write_group(writes);
    const auto failed = committed ? caf::error{} : to_error(committed.error());
    for (auto& w : group)
      w->answer(committed ? nullptr : &failed);
  }
}

/// Queues the write `f` (store::database& -> checked<T>) for the next flush; the handler
/// answers with the returned promise.
template <class T, class F>
caf::typed_response_promise<typename answer_type<T>::type> defer_write(store_self self, F f) {
  auto rp = self->make_response_promise<typename answer_type<T>::type>();
  auto& st = self->state;
  st.pending.push_back(std::make_unique<write_of<T, F>>(std::move(f), rp));
  if (!st.flush_sent) {
    st.flush_sent = true;
    self->send(caf::actor_cast<store_impl_actor>(self), store_flush_atom::value);
  }
  return rp;
}

}  // namespace

store_impl_actor::behavior_type report_store(store_self self, std::shared_ptr<store::database> db,
                                             bool dashboards_elsewhere, std::size_t max_group) {
  self->state.db = std::move(db);
  self->state.max_group = max_group;
  auto& d = *self->state.db;
  const bool elsewhere = dashboards_elsewhere;
  // Reads first run the writes before them (flush_pending: nothing to do on a reader), so a
  // read still sees every write sent before it.
  const auto before_read = [self] { flush_pending(self); };
  return {
    [&d, before_read](get_atom, report_atom, std::int64_t org, std::int64_t id) {
      before_read();
      return reply(d.get_report(org, id));
    },
    [&d, before_read](list_atom, report_atom, std::int64_t org) {
      before_read();
      return reply(d.list_reports(org));
    },
    [&d, before_read](list_atom, report_atom, const model::report_page& q) {
      before_read();
      return reply(d.list_reports(q));
    },
    [&d, before_read](list_atom, report_atom, std::int64_t org, std::string& uid) {
      before_read();
      return reply(d.reports_using_dashboard(org, uid));
    },
    [self](create_atom, model::report& r) {
      return defer_write<std::int64_t>(
        self, [r = std::move(r)](store::database& db) mutable { return db.create_report(std::move(r)); });
    },
    [self](update_atom, model::report& r) {
      return defer_write<model::unit>(
        self, [r = std::move(r)](store::database& db) mutable { return db.update_report(std::move(r)); });
    },
    [self](delete_atom, report_atom, std::int64_t org, std::int64_t id) {
      return defer_write<model::unit>(self, [=](store::database& db) { return db.delete_report(org, id); });
    },
    [self](put_atom, dashboard_atom, std::int64_t org, std::string& json, bool overwrite) {
      return defer_write<model::stored_dashboard>(self, [=, json = std::move(json)](store::database& db) {
        return db.save_dashboard(org, json, overwrite);
      });
    },
    [&d, before_read](get_atom, dashboard_atom, std::int64_t org, std::string& uid) {
      before_read();
      return reply(d.get_dashboard(org, uid));
    },
    [self](delete_atom, dashboard_atom, std::int64_t org, std::string& uid) {
      return defer_write<model::unit>(
        self, [=, uid = std::move(uid)](store::database& db) { return db.delete_dashboard(org, uid); });
    },
    [&d, before_read](list_atom, dashboard_atom, model::dashboard_search& q) {
      before_read();
      return reply(d.list_dashboards(q));
    },
    [&d, before_read](get_atom, settings_atom, std::int64_t org) {
      before_read();
      return reply(d.get_settings(org));
    },
    [self](put_atom, settings_atom, model::report_settings& s) {
      return defer_write<model::unit>(
        self, [s = std::move(s)](store::database& db) mutable { return db.save_settings(std::move(s)); });
    },
    [&d, before_read, elsewhere](get_atom, bundle_atom, std::int64_t org, std::int64_t id) -> caf::result<send_bundle> {
      before_read();
      auto r = d.get_report(org, id);
      if (!r)
        return to_error(r.error());
      return load_bundle(d, std::move(*r), elsewhere);
    },
    [&d, before_read, elsewhere](get_atom, bundle_atom, model::report& r) {
      before_read();
      return load_bundle(d, std::move(r), elsewhere);
    },
    [&d, before_read](ping_atom) {
      before_read();
      return reply(d.ping());
    },
    [&d, before_read](list_atom, schedule_atom) {
      before_read();
      return reply(d.schedule_entries());
    },
    [&d, before_read](get_atom, schedule_atom, std::int64_t id) {
      before_read();
      return reply(d.find_schedule_entry(id));
    },
    [self](claim_atom, const model::run_claim& c) {
      return defer_write<std::int64_t>(self, [c](store::database& db) {
        return db.claim_run(c.report_id, c.scheduled_at, c.now, c.status, c.recipients, c.error, c.lease_until);
      });
    },
    [self](put_atom, run_atom, const model::run_outcome& o) {
      return defer_write<model::unit>(self, [o](store::database& db) { return db.finish_run(o); });
    },
    [&d, before_read](list_atom, run_atom, const model::run_query& q) {
      before_read();
      return reply(d.list_runs(q));
    },
    [&d, before_read](stats_atom, run_atom) {
      before_read();
      return reply(d.count_runs_by_status());
    },
    [self](delete_atom, run_atom, std::int64_t before) {
      return defer_write<std::int64_t>(self, [=](store::database& db) { return db.fail_abandoned_runs(before); });
    },
    [self](store_flush_atom) {
      self->state.flush_sent = false;
      flush_pending(self);
    },
  };
}

store_actor spawn_store(caf::actor_system& sys, std::unique_ptr<store::database> db, bool dashboards_elsewhere,
                        std::size_t max_group) {
  return sys.spawn<caf::detached>(report_store, std::shared_ptr<store::database>(std::move(db)),
                                  dashboards_elsewhere, max_group);
}

}  // namespace reportd
