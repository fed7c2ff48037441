// build_mime: the report email as RFC 5322 bytes, built with GMime so that every header
// value (names, subjects, file names with non-ASCII) is encoded by the library.
#include <mutex>
#include <string>
#include <vector>

#include "mail/engine.hpp"
#include "mail/gobject_ptr.hpp"

namespace reportd::mail {
namespace {

using detail::gobject_ptr;

/// A data wrapper over a copy of `bytes` (GMime streams own their buffer).
gobject_ptr<GMimeDataWrapper> wrap_bytes(const std::string& bytes) {
  gobject_ptr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  return gobject_ptr<GMimeDataWrapper>(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
}

/// A UTF-8 text part. g_mime_text_part_set_text would pick ISO-8859-1 for some texts;
/// reports always say UTF-8 so that every client decodes them the same way.
gobject_ptr<GMimeObject> text_part(const char* subtype, const std::string& text) {
  gobject_ptr<GMimeTextPart> part(g_mime_text_part_new_with_subtype(subtype));
  g_mime_text_part_set_charset(part.get(), "utf-8");
  auto content = wrap_bytes(text);
  g_mime_part_set_content(GMIME_PART(part.get()), content.get());
  g_mime_part_set_content_encoding(GMIME_PART(part.get()), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return gobject_ptr<GMimeObject>(GMIME_OBJECT(part.release()));
}

gobject_ptr<GMimeObject> file_part(const attachment& a) {
  const auto slash = a.content_type.find('/');
  const std::string type =
      slash == std::string::npos ? "application" : a.content_type.substr(0, slash);
  const std::string subtype =
      slash == std::string::npos ? "octet-stream" : a.content_type.substr(slash + 1);
  gobject_ptr<GMimePart> part(g_mime_part_new_with_type(type.c_str(), subtype.c_str()));
  auto content = wrap_bytes(a.data);
  g_mime_part_set_content(part.get(), content.get());
  g_mime_part_set_content_encoding(part.get(), GMIME_CONTENT_ENCODING_BASE64);
  // set_filename sets both Content-Disposition filename and Content-Type name.
  if (!a.filename.empty()) g_mime_part_set_filename(part.get(), a.filename.c_str());
  const bool is_inline = !a.content_id.empty();
  g_mime_object_set_disposition(GMIME_OBJECT(part.get()), is_inline ? "inline" : "attachment");
  if (is_inline) g_mime_part_set_content_id(part.get(), a.content_id.c_str());
  return gobject_ptr<GMimeObject>(GMIME_OBJECT(part.release()));
}

gobject_ptr<GMimeObject> multipart(const char* subtype,
                                   std::vector<gobject_ptr<GMimeObject>> children) {
  gobject_ptr<GMimeMultipart> mp(g_mime_multipart_new_with_subtype(subtype));
  for (auto& child : children) g_mime_multipart_add(mp.get(), child.get());  // adds a ref
  return gobject_ptr<GMimeObject>(GMIME_OBJECT(mp.release()));
}

/// text/html, wrapped in multipart/related with the inline images when there are any.
gobject_ptr<GMimeObject> html_with_images(const message& m) {
  std::vector<gobject_ptr<GMimeObject>> related;
  related.push_back(text_part("html", m.html_body));
  for (const auto& a : m.attachments)
    if (!a.content_id.empty()) related.push_back(file_part(a));
  if (related.size() == 1) return std::move(related.front());
  return multipart("related", std::move(related));
}

gobject_ptr<GMimeObject> body(const message& m) {
  std::vector<gobject_ptr<GMimeObject>> alternatives;
  alternatives.push_back(text_part("plain", m.text_body));
  alternatives.push_back(html_with_images(m));
  std::vector<gobject_ptr<GMimeObject>> mixed;
  mixed.push_back(multipart("alternative", std::move(alternatives)));
  for (const auto& a : m.attachments)
    if (a.content_id.empty()) mixed.push_back(file_part(a));
  return multipart("mixed", std::move(mixed));
}

/// Adds "a@b, Name <c@d>"-style entries; the parser handles names, quoting and groups.
void add_addresses(GMimeMessage* msg, GMimeAddressType kind,
                   const std::vector<std::string>& entries) {
  InternetAddressList* dest = g_mime_message_get_addresses(msg, kind);  // not owned
  for (const auto& entry : entries) {
    gobject_ptr<InternetAddressList> parsed(internet_address_list_parse(nullptr, entry.c_str()));
    if (parsed) internet_address_list_append(dest, parsed.get());
  }
}

std::string domain_of(const std::string& address) {
  const auto at = address.rfind('@');
  if (at == std::string::npos || at + 1 == address.size()) return "localhost";
  return address.substr(at + 1);
}

void set_headers(GMimeMessage* msg, const message& m) {
  g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, m.from_name.c_str(),
                             m.from_address.c_str());
  add_addresses(msg, GMIME_ADDRESS_TYPE_TO, m.to);
  add_addresses(msg, GMIME_ADDRESS_TYPE_REPLY_TO, m.reply_to);
  g_mime_message_set_subject(msg, m.subject.c_str(), "utf-8");
  GDateTime* now = g_date_time_new_now_local();
  g_mime_message_set_date(msg, now);
  g_date_time_unref(now);
  auto id = detail::take_gstring(g_mime_utils_generate_message_id(domain_of(m.from_address).c_str()));
  g_mime_message_set_message_id(msg, id.c_str());
}

std::string serialize(GMimeMessage* msg) {
  GMimeFormatOptions* options = g_mime_format_options_new();
  // SMTP needs CRLF; GMime writes LF unless told otherwise.
  g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
  std::string bytes = detail::take_gstring(g_mime_object_to_string(GMIME_OBJECT(msg), options));
  g_mime_format_options_free(options);
  return bytes;
}

}  // namespace

std::string build_mime(const message& m) {
  detail::ensure_gmime_initialized();
  gobject_ptr<GMimeMessage> msg(g_mime_message_new(TRUE));
  set_headers(msg.get(), m);
  auto root = body(m);
  g_mime_message_set_mime_part(msg.get(), root.get());
  return serialize(msg.get());
}

}  // namespace reportd::mail
