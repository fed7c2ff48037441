#pragma once
// Test helper: parses MIME bytes back with GMime, the way a mail client would, and answers
// the questions the tests ask (headers, structure, decoded parts).
#include <string>
#include <vector>

#include "mail/gobject_ptr.hpp"

namespace reportd::mail::test {

struct parsed_part {
  std::string mime_type;    // "text/plain", "multipart/related", ...
  std::string disposition;  // "inline" | "attachment" | ""
  std::string filename;
  std::string content_id;
  std::string charset;
  std::string decoded;      // transfer-decoded bytes (leaf parts only)
  std::vector<parsed_part> children;
};

struct parsed_mailbox {
  std::string name;
  std::string address;
};

struct parsed_message {
  std::vector<parsed_mailbox> from, to, reply_to;
  std::string subject;
  std::string message_id;
  bool has_date = false;
  std::string mime_version;
  parsed_part root;
};

/// Parses `bytes`; REQUIREs that GMime could read a message from them.
parsed_message parse_mime(const std::string& bytes);

/// Depth-first search for the first part of this MIME type (nullptr if none).
const parsed_part* find_part(const parsed_part& root, const std::string& mime_type);
/// Every leaf part with this disposition, in order.
std::vector<const parsed_part*> parts_with_disposition(const parsed_part& root,
                                                       const std::string& disposition);

}  // namespace reportd::mail::test
