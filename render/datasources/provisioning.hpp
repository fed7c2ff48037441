#pragma once
// Grafana's datasource provisioning files, read as Grafana reads them: every *.yaml / *.yml
// of a folder in name order, `apiVersion: 1`, `datasources:` (inserted, or replacing one of
// the same name in the same org) and `deleteDatasources:` (applied first in each file), with
// `$VAR`, `${VAR}`, `$__env{VAR}` and `$__file{path}` replaced in every string value and
// `$$` for a literal `$`. Plain values out (model::datasource_config), no I/O besides the
// files themselves, no knowledge of which types reportd can query (factory.hpp knows that).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/datasource.hpp"
#include "model/problem.hpp"

namespace reportd::render {

/// Looks up an environment variable; nullopt when unset.
using env_lookup = std::function<std::optional<std::string>(const std::string&)>;

/// The process environment.
std::optional<std::string> process_env(const std::string& name);

/// `text` with environment references replaced as Grafana's provisioning does (Go's
/// os.ExpandEnv after `$__env{}`/`$__file{}`; unset variables become empty; `$$` is `$`).
/// A `$__file{}` that cannot be read or an unknown `$__x{}` expander is a bad_request.
model::checked<std::string> interpolate_env(std::string_view text, const env_lookup& env);

struct provisioned_datasources {
  std::vector<model::datasource_config> datasources;  // load order; id 1, 2, ... by first insert
  std::vector<std::string> files;                     // the files read, in order
  std::vector<std::string> warnings;                  // e.g. an access value replaced by proxy
};

/// Accumulates provisioning files in the order they are applied.
class datasource_provisioner {
public:
  explicit datasource_provisioner(env_lookup env = process_env);

  /// Applies one file's text; `file` names it in messages. A problem (bad_request) names
  /// the file, the line and what is wrong; the state is then unspecified.
  model::checked<model::unit> apply(const std::string& text, const std::string& file);

  /// Checks what every file together says (one default per org, unique uids) and returns it.
  model::checked<provisioned_datasources> finish() &&;

private:
  env_lookup env_;
  provisioned_datasources out_;
  std::int64_t next_id_ = 1;
};

/// Reads `<folder>/*.yaml|*.yml` in name order. A folder that does not exist is no
/// datasources (not an error), as in Grafana.
model::checked<provisioned_datasources> read_datasource_provisioning(const std::string& folder,
                                                                     const env_lookup& env = process_env);

}  // namespace reportd::render
