#pragma once
// Request fields written into log lines: a decoded path may hold any byte (%0A, %1B), and
// written raw it would forge log lines or send terminal escapes.
#include <string>
#include <string_view>

namespace reportd::http {

/// `s` with every ASCII control character (below 0x20, and 0x7f) written as \xNN and a
/// backslash as \\, so the escaped text reads back unambiguously. Other bytes unchanged.
std::string log_text(std::string_view s);

}  // namespace reportd::http
