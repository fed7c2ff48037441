// Service-account tokens, legacy API keys and the SHA-256 used to store them.
// Password hashing and Basic credentials are in password.cpp.
#include "auth/token.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <zlib.h>

#include <boost/json.hpp>
#include <cstdio>
#include <simdjson.h>

#include "auth/encoding.hpp"

namespace reportd::auth {
namespace {

constexpr std::string_view token_prefix = "glsa_";
constexpr std::size_t token_secret_length = 32;
constexpr std::size_t token_crc_length = 8;
constexpr std::size_t token_length =
    token_prefix.size() + token_secret_length + 1 + token_crc_length;
// A legacy key holds a secret, a name and an id; anything much longer is not one of ours.
constexpr std::size_t max_api_key_length = 4096;

constexpr std::string_view alphanumerics =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

bool is_alphanumeric(char c) { return alphanumerics.find(c) != std::string_view::npos; }

std::string crc32_hex(std::string_view data) {
  const auto crc = ::crc32(0L, reinterpret_cast<const Bytef*>(data.data()),
                           static_cast<uInt>(data.size()));
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08lx", static_cast<unsigned long>(crc));
  return buf;
}

std::optional<api_key> api_key_from_json(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (parser.parse(json).get(obj) != simdjson::SUCCESS) return std::nullopt;
  std::string_view k, n;
  std::int64_t id = 0;
  if (obj["k"].get(k) != simdjson::SUCCESS || k.empty()) return std::nullopt;
  if (obj["n"].get(n) != simdjson::SUCCESS) return std::nullopt;
  if (obj["id"].get(id) != simdjson::SUCCESS || id <= 0) return std::nullopt;
  return api_key{std::string(k), std::string(n), id};
}

}  // namespace

std::string generate_secret(std::size_t length) {
  std::string out;
  out.reserve(length);
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 62).
  constexpr unsigned limit = 256 - 256 % alphanumerics.size();
  while (out.size() < length) {
    for (unsigned char b : detail::random_bytes(length)) {
      if (b < limit && out.size() < length) out.push_back(alphanumerics[b % alphanumerics.size()]);
    }
  }
  return out;
}

std::string generate_service_account_token() {
  std::string token(token_prefix);
  token += generate_secret(token_secret_length);
  const std::string crc = crc32_hex(token);
  token += '_';
  token += crc;
  return token;
}

bool service_account_token_well_formed(std::string_view token) {
  if (token.size() != token_length || token.substr(0, token_prefix.size()) != token_prefix)
    return false;
  const std::size_t sep = token_prefix.size() + token_secret_length;
  if (token[sep] != '_') return false;
  for (char c : token.substr(token_prefix.size(), token_secret_length))
    if (!is_alphanumeric(c)) return false;
  return token.substr(sep + 1) == crc32_hex(token.substr(0, sep));
}

std::optional<api_key> parse_api_key(std::string_view token) {
  if (token.empty() || token.size() > max_api_key_length) return std::nullopt;
  auto json = detail::base64_decode(token);
  if (!json) return std::nullopt;
  return api_key_from_json(*json);
}

std::string encode_api_key(const api_key& k) {
  // Insertion order is kept, so the key starts "eyJrIjoi" like Grafana's.
  boost::json::object obj;
  obj["k"] = k.key;
  obj["n"] = k.name;
  obj["id"] = k.org_id;
  return detail::base64_encode(boost::json::serialize(obj));
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return detail::hex_lower(
      std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return detail::hex_lower(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string random_key(std::size_t n) { return detail::random_bytes(n); }

}  // namespace reportd::auth
