#include "http/url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace reportd::http {

model::checked<decoded_target> decode_target(std::string_view target) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed)
    return model::bad_request("malformed request target");
  decoded_target out;
  out.path = parsed->path();
  for (auto param : parsed->params())  // decoded, '+' as space
    out.query.emplace(param.key, param.value);
  return out;
}

}  // namespace reportd::http
