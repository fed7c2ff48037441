#pragma once
// How a mail job crosses the network to a remote mail worker (reportd worker,
// actors/cluster): CAF `inspect` overloads for mail::message and its attachments, in their
// namespace for argument-dependent lookup. Included by mailer_actor.hpp.
#include "mail/engine.hpp"

namespace reportd::mail {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, attachment& x) {
  return f(x.filename, x.content_type, x.data, x.content_id);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, message& x) {
  return f(x.from_name, x.from_address, x.to, x.reply_to, x.subject, x.text_body, x.html_body, x.attachments,
           x.answer_by_ms);
}

}  // namespace reportd::mail
