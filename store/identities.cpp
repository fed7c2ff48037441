// Orgs, users and service accounts (reportd admin ...), and user login.
#include "auth/token.hpp"
#include "store/database_impl.hpp"

namespace reportd::store {
namespace {

using model::checked;

bool exists(sql::connection& db, const char* query, std::int64_t id) {
  sql::statement s(db, query);
  s.bind_int(":id", id);
  return s.step();
}

bool org_present(sql::connection& db, std::int64_t org_id) {
  return exists(db, "SELECT 1 FROM orgs WHERE id = :id", org_id);
}

std::optional<std::int64_t> user_id_by_login(sql::connection& db, const std::string& login) {
  sql::statement s(db, "SELECT id FROM users WHERE login = :login");
  s.bind_text(":login", login);
  if (!s.step()) return std::nullopt;
  return s.column_int(0);
}

void upsert_membership(sql::connection& db, std::int64_t user_id, std::int64_t org_id,
                       model::role role) {
  sql::statement s(db,
                   "INSERT INTO org_users (user_id, org_id, role, joined)"
                   " VALUES (:user, :org, :role, (SELECT COALESCE(MAX(joined), 0) + 1 FROM org_users))"
                   " ON CONFLICT (user_id, org_id) DO UPDATE SET role = excluded.role");
  s.bind_int(":user", user_id).bind_int(":org", org_id);
  s.bind_text(":role", detail::role_text(role)).run();
}

std::string org_missing(std::int64_t org_id) {
  return "organization " + std::to_string(org_id) + " not found";
}

// A hash of a password nobody has, checked when the login is unknown, so that an unknown
// login takes as long as a wrong password (at the iteration count new passwords get) and the
// timing does not reveal which logins exist, nor makes unknown logins a cheap flood.
std::string dummy_password_hash(int iterations) {
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$00000000000000000000000000000000$"
         "0000000000000000000000000000000000000000000000000000000000000000";
}

struct membership {
  std::int64_t org_id;
  std::string role;
};

/// The user's membership in `org_id`, or in the org joined first when org_id is 0.
std::optional<membership> find_membership(sql::connection& db, std::int64_t user_id,
                                          std::int64_t org_id) {
  sql::statement s(db,
                   "SELECT org_id, role FROM org_users WHERE user_id = :user"
                   " AND (:org = 0 OR org_id = :org) ORDER BY joined, org_id LIMIT 1");
  s.bind_int(":user", user_id).bind_int(":org", org_id);
  if (!s.step()) return std::nullopt;
  return membership{s.column_int(0), s.column_text(1)};
}

}  // namespace

checked<std::int64_t> database::create_org(const std::string& name) {
  return detail::guarded("create org", [&]() -> checked<std::int64_t> {
    if (name.empty()) return model::bad_request("organization name cannot be empty");
    auto& db = impl_->db;
    sql::transaction tx(db);
    sql::statement taken(db, "SELECT 1 FROM orgs WHERE name = :name");
    taken.bind_text(":name", name);
    if (taken.step()) return model::bad_request("organization name taken");
    sql::statement s(db, "INSERT INTO orgs (name, created) VALUES (:name, :now) RETURNING id");
    const auto id = s.bind_text(":name", name).bind_int(":now", detail::now_seconds()).run_returning_id();
    tx.commit();
    return id;
  });
}

checked<bool> database::org_exists(std::int64_t org_id) {
  return detail::guarded("org exists", [&]() -> checked<bool> { return org_present(impl_->db, org_id); });
}

checked<std::int64_t> database::create_user(const std::string& login, const std::string& password,
                                            std::int64_t org_id, model::role role) {
  return detail::guarded("create user", [&]() -> checked<std::int64_t> {
    if (login.empty()) return model::bad_request("login cannot be empty");
    if (password.empty()) return model::bad_request("password cannot be empty");
    auto& db = impl_->db;
    sql::transaction tx(db);
    if (!org_present(db, org_id)) return model::not_found(org_missing(org_id));
    if (user_id_by_login(db, login)) return model::bad_request("user " + login + " already exists");
    sql::statement s(db,
                     "INSERT INTO users (login, password_hash, created)"
                     " VALUES (:login, :hash, :now) RETURNING id");
    s.bind_text(":login", login).bind_text(":hash", auth::hash_password(password, impl_->password_iterations));
    const auto id = s.bind_int(":now", detail::now_seconds()).run_returning_id();
    upsert_membership(db, id, org_id, role);
    tx.commit();
    return id;
  });
}

checked<model::unit> database::add_user_to_org(const std::string& login, std::int64_t org_id,
                                               model::role role) {
  return detail::guarded("add user to org", [&]() -> checked<model::unit> {
    auto& db = impl_->db;
    sql::transaction tx(db);
    const auto user = user_id_by_login(db, login);
    if (!user) return model::not_found("user " + login + " not found");
    if (!org_present(db, org_id)) return model::not_found(org_missing(org_id));
    upsert_membership(db, *user, org_id, role);
    tx.commit();
    return model::unit{};
  });
}

checked<std::int64_t> database::create_service_account(std::int64_t org_id,
                                                       const std::string& name,
                                                       model::role role) {
  return detail::guarded("create service account", [&]() -> checked<std::int64_t> {
    if (name.empty()) return model::bad_request("service account name cannot be empty");
    auto& db = impl_->db;
    sql::transaction tx(db);
    if (!org_present(db, org_id)) return model::not_found(org_missing(org_id));
    sql::statement taken(db, "SELECT 1 FROM service_accounts WHERE org_id = :org AND name = :name");
    taken.bind_int(":org", org_id).bind_text(":name", name);
    if (taken.step()) return model::bad_request("service account " + name + " already exists");
    sql::statement s(db,
                     "INSERT INTO service_accounts (org_id, name, role, created)"
                     " VALUES (:org, :name, :role, :now) RETURNING id");
    s.bind_int(":org", org_id).bind_text(":name", name).bind_text(":role", detail::role_text(role));
    const auto id = s.bind_int(":now", detail::now_seconds()).run_returning_id();
    tx.commit();
    return id;
  });
}

checked<std::optional<model::principal>> database::principal_for_user(const std::string& login,
                                                              const std::string& password,
                                                              std::int64_t org_id) {
  return detail::guarded("user login", [&]() -> checked<std::optional<model::principal>> {
    auto& db = impl_->db;
    sql::statement s(db, "SELECT id, password_hash FROM users WHERE login = :login");
    s.bind_text(":login", login);
    if (!s.step()) {
      auth::verify_password(password, dummy_password_hash(impl_->password_iterations));
      return std::optional<model::principal>();
    }
    const auto user_id = s.column_int(0);
    if (!auth::verify_password(password, s.column_text(1))) return std::optional<model::principal>();
    const auto m = find_membership(db, user_id, org_id);
    const auto role = m ? detail::role_from_text(m->role) : std::nullopt;
    if (!role) return std::optional<model::principal>();
    model::principal p;
    p.org_id = m->org_id;
    p.user_id = user_id;
    p.login = login;
    p.role = *role;
    return std::optional<model::principal>(p);
  });
}

}  // namespace reportd::store
