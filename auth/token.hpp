#pragma once
// Credential formats and hashing (CAF-free): glsa_ service-account tokens, legacy API keys,
// user passwords. Used by the auth actor (verify) and the store (create).
#include <optional>
#include <string>
#include <string_view>

namespace reportd::auth {

/// A new service-account token: "glsa_" + 32 random [A-Za-z0-9] + "_" + 8 lowercase hex of
/// the CRC32 of everything before that last underscore.
std::string generate_service_account_token();

/// True when `token` has the glsa_ shape and its CRC32 suffix matches (checked before any
/// database look-up, so garbage never reaches the store).
bool service_account_token_well_formed(std::string_view token);

struct api_key {
  std::string key;   // "k": the secret
  std::string name;  // "n"
  long long org_id = 0;  // "id"
};
/// Decodes a legacy API key (base64 of {"k":…,"n":…,"id":…}); nullopt when malformed.
std::optional<api_key> parse_api_key(std::string_view token);
/// Encodes a legacy API key.
std::string encode_api_key(const api_key& k);
/// A random secret for a new API key.
std::string generate_secret(std::size_t length = 32);

/// Lowercase hex SHA-256 (tokens are high-entropy, so a fast hash is right).
std::string sha256_hex(std::string_view data);

/// Lowercase hex HMAC-SHA256 of `data` under `key`: how the auth cache keys what it saw
/// (with a random per-process key, a leaked key table does not allow testing passwords
/// offline at SHA-256 speed).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

/// `n` random bytes from the system CSPRNG (a key for hmac_sha256_hex).
std::string random_key(std::size_t n = 32);

/// PBKDF2-HMAC-SHA256 iterations for new passwords: OWASP's 2023 recommendation. The count
/// is stored with each hash, so a changed setting only affects passwords set afterwards.
constexpr int recommended_password_iterations = 600'000;

/// Password hashing with a slow KDF (PBKDF2-HMAC-SHA256, random salt); the result is one
/// self-describing string "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>". `iterations`
/// below the recommendation is for tests only ([security] password_hash_iterations).
std::string hash_password(std::string_view password,
                          int iterations = recommended_password_iterations);
bool verify_password(std::string_view password, std::string_view stored);

/// Constant-time comparison.
bool equal_constant_time(std::string_view a, std::string_view b);

struct basic_credentials {
  std::string login;
  std::string password;
};
/// Parses an "Authorization: Basic …" value; nullopt when malformed.
std::optional<basic_credentials> parse_basic(std::string_view header_value);

}  // namespace reportd::auth
