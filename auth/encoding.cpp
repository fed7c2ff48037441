#include "auth/encoding.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <boost/algorithm/hex.hpp>
#include <cstdio>
#include <exception>
#include <iterator>
#include <limits>

namespace reportd::auth::detail {

std::string base64_encode(std::string_view bytes) {
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max() / 2))
    return {};
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max() / 2))
    return std::nullopt;
  // EVP_DecodeBlock wants whole 4-character groups; clients sometimes drop the padding.
  std::string padded(text);
  while (padded.size() % 4 != 0) padded.push_back('=');
  std::size_t pad = 0;
  while (pad < padded.size() && pad < 2 && padded[padded.size() - 1 - pad] == '=') ++pad;
  std::string out(3 * (padded.size() / 4) + 1, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(padded.data()),
                                static_cast<int>(padded.size()));
  // EVP_DecodeBlock counts the zero bytes the padding stands for; they are not data.
  if (n < 0 || static_cast<std::size_t>(n) < pad) return std::nullopt;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

std::string hex_lower(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  boost::algorithm::hex_lower(bytes.begin(), bytes.end(), std::back_inserter(out));
  return out;
}

std::optional<std::string> hex_decode(std::string_view text) {
  std::string out;
  try {
    boost::algorithm::unhex(text.begin(), text.end(), std::back_inserter(out));
  } catch (const boost::algorithm::hex_decode_error&) {
    return std::nullopt;
  }
  return out;
}

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    std::fputs("reportd: the random number generator failed; stopping\n", stderr);
    std::terminate();
  }
  return out;
}

}  // namespace reportd::auth::detail
