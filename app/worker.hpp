#pragma once
// `reportd worker --join HOST:PORT`: a process that renders and mails for a coordinator (a
// reportd with [cluster] listen) — see actors/cluster/cluster.hpp. It reads its own
// configuration for what a render or a mail needs on this machine: [cluster] secret,
// [reporting] render_workers / mail_workers / mail_timeout, [smtp], the provisioned
// datasources and [grafana]. CAF-free header.
#include <string>
#include <vector>

#include "config/settings.hpp"

namespace reportd::worker {

/// Runs until SIGINT/SIGTERM; `args` are the command's own ("--join", "HOST:PORT").
/// Exit code: 0 stopped, 1 refused or cannot start, 2 bad command line.
int run(const config::settings& cfg, const std::vector<std::string>& args);

}  // namespace reportd::worker
