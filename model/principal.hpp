#pragma once
// Who is calling: the result of authentication, and the RBAC rules of spec/API.md.
#include <cstdint>
#include <string>
#include <string_view>

namespace reportd::model {

enum class role : std::uint8_t { viewer, editor, admin };

const char* to_string(role r) noexcept;
/// "Viewer" / "Editor" / "Admin" (case-insensitive); nullopt-like false on anything else.
bool parse_role(std::string_view text, role& out) noexcept;

struct principal {
  std::int64_t org_id = 0;
  std::int64_t user_id = 0;             // 0 for a service account / API key
  std::int64_t service_account_id = 0;  // 0 for a user
  std::string login;                    // user login or service-account name
  model::role role = role::viewer;
};

/// Whether `p` may perform RBAC `action` (e.g. "reports:create") on `scope`
/// (e.g. "reports:id:3"; empty for actions without a scope).
bool allowed(const principal& p, std::string_view action, std::string_view scope = {});

}  // namespace reportd::model
