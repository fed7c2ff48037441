// User passwords (PBKDF2-HMAC-SHA256), constant-time comparison, HTTP Basic credentials.
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <boost/algorithm/string/predicate.hpp>
#include <charconv>
#include <vector>

#include "auth/encoding.hpp"
#include "auth/token.hpp"

namespace reportd::auth {
namespace {

constexpr std::string_view password_scheme = "pbkdf2-sha256";
constexpr int max_pbkdf2_iterations = 10'000'000;
constexpr std::size_t salt_bytes = 16;
constexpr std::size_t hash_bytes = 32;

std::optional<std::string> pbkdf2(std::string_view password, std::string_view salt,
                                   int iterations, std::size_t length) {
  std::string out(length, '\0');
  const int ok = PKCS5_PBKDF2_HMAC(
      password.data(), static_cast<int>(password.size()),
      reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
      iterations, EVP_sha256(), static_cast<int>(length),
      reinterpret_cast<unsigned char*>(out.data()));
  if (ok != 1) return std::nullopt;
  return out;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t pos; (pos = text.find(sep, start)) != std::string_view::npos; start = pos + 1)
    parts.push_back(text.substr(start, pos - start));
  parts.push_back(text.substr(start));
  return parts;
}

}  // namespace

std::string hash_password(std::string_view password, int iterations) {
  if (iterations < 1 || iterations > max_pbkdf2_iterations) return {};
  const std::string salt = detail::random_bytes(salt_bytes);
  const auto hash = pbkdf2(password, salt, iterations, hash_bytes);
  if (!hash) return {};  // an empty stored hash never verifies
  return std::string(password_scheme) + '$' + std::to_string(iterations) + '$' +
         detail::hex_lower(salt) + '$' + detail::hex_lower(*hash);
}

bool verify_password(std::string_view password, std::string_view stored) {
  const auto parts = split(stored, '$');
  if (parts.size() != 4 || parts[0] != password_scheme) return false;
  int iterations = 0;
  const auto [end, ec] =
      std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
  if (ec != std::errc{} || end != parts[1].data() + parts[1].size() || iterations < 1 ||
      iterations > max_pbkdf2_iterations)
    return false;
  const auto salt = detail::hex_decode(parts[2]);
  const auto expected = detail::hex_decode(parts[3]);
  if (!salt || !expected || salt->empty() || expected->empty() || expected->size() > 64)
    return false;
  const auto actual = pbkdf2(password, *salt, iterations, expected->size());
  return actual && equal_constant_time(*actual, *expected);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  // Only the contents are secret; the lengths of hashes and tokens are public.
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<basic_credentials> parse_basic(std::string_view header_value) {
  constexpr std::string_view scheme = "basic ";
  while (!header_value.empty() && header_value.front() == ' ') header_value.remove_prefix(1);
  if (!boost::algorithm::istarts_with(header_value, scheme)) return std::nullopt;
  header_value.remove_prefix(scheme.size());
  while (!header_value.empty() && header_value.front() == ' ') header_value.remove_prefix(1);
  while (!header_value.empty() && header_value.back() == ' ') header_value.remove_suffix(1);
  if (header_value.empty()) return std::nullopt;
  const auto decoded = detail::base64_decode(header_value);
  if (!decoded) return std::nullopt;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  return basic_credentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

}  // namespace reportd::auth
