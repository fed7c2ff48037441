#include "model/addresses.hpp"

#include <mutex>

#include <gmime/gmime.h>

#include "model/text_encoding.hpp"

namespace reportd::model {
namespace detail {

void ensure_gmime_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

}  // namespace detail

namespace {

/// The entries of a field: separators inside "..." or <...> do not count.
std::vector<std::string_view> entries(std::string_view text) {
  std::vector<std::string_view> out;
  bool quoted = false;
  int angle = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ',';
    if (quoted) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        quoted = false;
      continue;
    }
    if (c == '"')
      quoted = true;
    else if (c == '<')
      ++angle;
    else if (c == '>' && angle > 0)
      --angle;
    else if (angle == 0 && (c == ',' || c == ';' || c == '\n' || c == '\r')) {
      if (auto e = trim_space(text.substr(start, i - start)); !e.empty())
        out.push_back(e);
      start = i + 1;
    }
  }
  return out;
}

/// One entry through GMime: exactly one mailbox, or nothing.
bool read_mailbox(std::string_view entry, mailbox& out) {
  const std::string text(entry);
  InternetAddressList* list = internet_address_list_parse(nullptr, text.c_str());
  if (list == nullptr)
    return false;
  bool ok = false;
  if (internet_address_list_length(list) == 1) {
    InternetAddress* a = internet_address_list_get_address(list, 0);
    if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
      const char* name = internet_address_get_name(a);
      out.address = addr != nullptr ? addr : "";
      out.name = name != nullptr ? name : "";
      ok = !out.address.empty();
    }
  }
  g_object_unref(list);
  return ok;
}

}  // namespace

std::vector<mailbox> parse_mailboxes(std::string_view text) {
  detail::ensure_gmime_initialized();
  std::vector<mailbox> out;
  for (auto e : entries(text)) {
    mailbox m;
    if (!read_mailbox(e, m))
      m = {"", std::string(e)};
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> split_addresses(std::string_view text) {
  std::vector<std::string> out;
  for (auto& m : parse_mailboxes(text))
    out.push_back(std::move(m.address));
  return out;
}

}  // namespace reportd::model
