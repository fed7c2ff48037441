// Service-account tokens and legacy API keys: only SHA-256 hashes of secrets are stored.
#include "auth/token.hpp"
#include "store/database_impl.hpp"

namespace reportd::store {
namespace {

using model::checked;

struct token_row {
  std::int64_t org_id;
  std::optional<std::int64_t> service_account_id;
  std::optional<std::string> role;  // API keys only
  std::string name;
  std::string hash;
};

void insert_token(sql::connection& db, const token_row& t) {
  sql::statement s(db,
                   "INSERT INTO api_tokens (org_id, service_account_id, role, name, hash, created)"
                   " VALUES (:org, :sa, :role, :name, :hash, :now)");
  s.bind_int(":org", t.org_id).bind_optional_int(":sa", t.service_account_id);
  if (t.role)
    s.bind_text(":role", *t.role);
  else
    s.bind_null(":role");  // the account's role applies
  s.bind_text(":name", t.name).bind_text(":hash", t.hash);
  s.bind_int(":now", detail::now_seconds()).run();
}

}  // namespace

checked<std::string> database::create_token(std::int64_t service_account_id,
                                            const std::string& name) {
  return detail::guarded("create token", [&]() -> checked<std::string> {
    auto& db = impl_->db;
    sql::transaction tx(db);
    sql::statement sa(db, "SELECT org_id FROM service_accounts WHERE id = :id");
    sa.bind_int(":id", service_account_id);
    if (!sa.step()) return model::not_found("service account not found");
    std::string token = auth::generate_service_account_token();
    insert_token(db, {sa.column_int(0), service_account_id, std::nullopt, name,
                      auth::sha256_hex(token)});
    tx.commit();
    return token;
  });
}

checked<std::string> database::create_api_key(std::int64_t org_id, const std::string& name,
                                              model::role role) {
  return detail::guarded("create API key", [&]() -> checked<std::string> {
    auto& db = impl_->db;
    sql::transaction tx(db);
    sql::statement org(db, "SELECT 1 FROM orgs WHERE id = :id");
    org.bind_int(":id", org_id);
    if (!org.step()) return model::not_found("organization " + std::to_string(org_id) + " not found");
    const auth::api_key key{auth::generate_secret(), name, org_id};
    // The hash is of the secret "k" alone: the auth actor decodes the key and hashes that.
    insert_token(db, {org_id, std::nullopt, std::string(detail::role_text(role)), name,
                      auth::sha256_hex(key.key)});
    tx.commit();
    return auth::encode_api_key(key);
  });
}

checked<std::vector<model::token_info>> database::list_tokens(std::int64_t org_id) {
  return detail::guarded("list tokens", [&]() -> checked<std::vector<model::token_info>> {
    sql::statement s(impl_->db,
                     "SELECT id, COALESCE(service_account_id, 0), name, created, revoked"
                     " FROM api_tokens WHERE org_id = :org ORDER BY id");
    s.bind_int(":org", org_id);
    std::vector<model::token_info> out;
    while (s.step()) {
      sql::row_reader c(s);
      model::token_info t;
      t.id = c.next_int();
      t.service_account_id = c.next_int();
      t.name = c.next_text();
      t.created = c.next_int();
      t.revoked = c.next_bool();
      out.push_back(std::move(t));
    }
    return out;
  });
}

checked<model::unit> database::revoke_token(std::int64_t token_id) {
  return detail::guarded("revoke token", [&]() -> checked<model::unit> {
    sql::transaction tx(impl_->db);
    sql::statement s(impl_->db, "UPDATE api_tokens SET revoked = 1 WHERE id = :id");
    s.bind_int(":id", token_id).run();
    if (impl_->db.changes() == 0) return model::not_found("token not found");
    tx.commit();
    return model::unit{};
  });
}

checked<std::optional<model::principal>> database::principal_for_token_hash(const std::string& sha256_hex) {
  return detail::guarded("token login", [&]() -> checked<std::optional<model::principal>> {
    sql::statement s(impl_->db,
                     "SELECT t.org_id, COALESCE(t.service_account_id, 0),"
                     " COALESCE(sa.name, t.name), COALESCE(sa.role, t.role)"
                     " FROM api_tokens t LEFT JOIN service_accounts sa"
                     " ON sa.id = t.service_account_id"
                     " WHERE t.hash = :hash AND t.revoked = 0");
    s.bind_text(":hash", sha256_hex);
    if (!s.step()) return std::optional<model::principal>();
    sql::row_reader c(s);
    model::principal p;
    p.org_id = c.next_int();
    p.service_account_id = c.next_int();
    p.login = c.next_text();
    const auto role = detail::role_from_text(c.next_text());
    if (!role) return std::optional<model::principal>();
    p.role = *role;
    return std::optional<model::principal>(p);
  });
}

}  // namespace reportd::store
