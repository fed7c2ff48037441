#pragma once
// The pure steps of delivering a report, shared by POST /api/reports/email, the test
// email and (later) the scheduler: what to render, and what to mail. CAF-free.
#include <cstdint>
#include <string>
#include <vector>

#include "mail/engine.hpp"
#include "actors/messages.hpp"
#include "render/engine.hpp"
#include "actors/services.hpp"

namespace reportd::delivery {

/// What the renderer must produce for the report in `b` (its formats, zone and options).
render::render_request make_render_request(const send_bundle& b, std::int64_t now_ms);

/// The email for `b` rendered as `out`, to `to`. `test` marks a test email.
mail::message make_message(const send_bundle& b, render::render_result out,
                           std::vector<std::string> to, const mail_identity& id, bool test);

}  // namespace reportd::delivery
