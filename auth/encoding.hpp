#pragma once
// Byte-level helpers shared by the credential code: base64 (OpenSSL), hex (Boost.Algorithm),
// and the system CSPRNG. Internal to the auth and store engines.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace reportd::auth::detail {

/// Standard base64 with padding.
std::string base64_encode(std::string_view bytes);
/// Standard base64; padding optional. nullopt on any character outside the alphabet.
std::optional<std::string> base64_decode(std::string_view text);

std::string hex_lower(std::string_view bytes);
/// nullopt on odd length or a non-hex character.
std::optional<std::string> hex_decode(std::string_view text);

/// `n` bytes from OpenSSL's CSPRNG. Terminates the process if the generator fails:
/// a credential made without real randomness would be worse than no server.
std::string random_bytes(std::size_t n);

}  // namespace reportd::auth::detail
