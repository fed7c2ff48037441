#pragma once
// The one reader of recipient fields ("a@x.org, b@y.org", "\"Doe, John\" <j@x.org>; c@z.org"):
// entries separated by ',', ';' or line breaks outside quotes and angle brackets, each read
// by GMime's address parser (display names, quoting, RFC 2047 encoded words).
#include <string>
#include <string_view>
#include <vector>

namespace reportd::model {

struct mailbox {
  std::string name;     // display name, decoded ("" when none)
  std::string address;  // the addr-spec (j@x.org); an entry GMime cannot read, as written
};

/// The mailboxes of a recipients field, in order; empty entries are skipped. An entry that
/// is not one mailbox is kept as written in `address`, so validation names it.
std::vector<mailbox> parse_mailboxes(std::string_view text);

/// The bare addresses of parse_mailboxes (SMTP envelope, validation).
std::vector<std::string> split_addresses(std::string_view text);

namespace detail {
/// g_mime_init() once per process, from any thread (mail/ shares it).
void ensure_gmime_initialized();
}  // namespace detail

}  // namespace reportd::model
