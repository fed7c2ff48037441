#include "mime_reader.hpp"

#include "catch_prelude.hpp"

namespace reportd::mail::test {
namespace {

using detail::gobject_ptr;

std::vector<parsed_mailbox> mailboxes(InternetAddressList* list) {
  std::vector<parsed_mailbox> out;
  if (list == nullptr) return out;
  for (int i = 0; i < internet_address_list_length(list); ++i) {
    InternetAddress* a = internet_address_list_get_address(list, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(a)) continue;
    const char* name = internet_address_get_name(a);
    const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
    out.push_back({name ? name : "", addr ? addr : ""});
  }
  return out;
}

std::string decoded_content(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return {};
  gobject_ptr<GMimeStream> mem(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, mem.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

std::string or_empty(const char* s) { return s ? s : ""; }

parsed_part read_part(GMimeObject* obj) {
  parsed_part p;
  p.mime_type = detail::take_gstring(g_mime_content_type_get_mime_type(g_mime_object_get_content_type(obj)));
  p.disposition = or_empty(g_mime_object_get_disposition(obj));
  p.charset = or_empty(g_mime_object_get_content_type_parameter(obj, "charset"));
  if (GMIME_IS_MULTIPART(obj)) {
    auto* mp = GMIME_MULTIPART(obj);
    for (int i = 0; i < g_mime_multipart_get_count(mp); ++i)
      p.children.push_back(read_part(g_mime_multipart_get_part(mp, i)));
  } else if (GMIME_IS_PART(obj)) {
    auto* part = GMIME_PART(obj);
    p.filename = or_empty(g_mime_part_get_filename(part));
    p.content_id = or_empty(g_mime_part_get_content_id(part));
    p.decoded = decoded_content(part);
  }
  return p;
}

}  // namespace

parsed_message parse_mime(const std::string& bytes) {
  detail::ensure_gmime_initialized();
  gobject_ptr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  gobject_ptr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  gobject_ptr<GMimeMessage> msg(g_mime_parser_construct_message(parser.get(), nullptr));
  REQUIRE(msg);
  parsed_message out;
  out.from = mailboxes(g_mime_message_get_from(msg.get()));
  out.to = mailboxes(g_mime_message_get_to(msg.get()));
  out.reply_to = mailboxes(g_mime_message_get_reply_to(msg.get()));
  out.subject = or_empty(g_mime_message_get_subject(msg.get()));
  out.message_id = or_empty(g_mime_message_get_message_id(msg.get()));
  out.has_date = g_mime_message_get_date(msg.get()) != nullptr;
  out.mime_version = or_empty(g_mime_object_get_header(GMIME_OBJECT(msg.get()), "MIME-Version"));
  GMimeObject* root = g_mime_message_get_mime_part(msg.get());
  REQUIRE(root != nullptr);
  out.root = read_part(root);
  return out;
}

const parsed_part* find_part(const parsed_part& root, const std::string& mime_type) {
  if (root.mime_type == mime_type) return &root;
  for (const auto& child : root.children)
    if (const auto* hit = find_part(child, mime_type)) return hit;
  return nullptr;
}

std::vector<const parsed_part*> parts_with_disposition(const parsed_part& root,
                                                       const std::string& disposition) {
  std::vector<const parsed_part*> out;
  if (root.children.empty() && root.disposition == disposition) out.push_back(&root);
  for (const auto& child : root.children) {
    auto more = parts_with_disposition(child, disposition);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

}  // namespace reportd::mail::test
