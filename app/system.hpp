#pragma once
// The running actor system of one reportd process: opens the database, spawns the service
// actors (store, auth, renderer pool, mailer pool, front), hands the HTTP layer its
// handler, and stops everything in a fixed order. CAF-free header, so main.cpp stays light.
#include <memory>
#include <string>

#include "config/settings.hpp"
#include "http/message.hpp"
#include "http/responder.hpp"
#include "model/problem.hpp"

namespace reportd {

namespace render {
class datasource_catalog;
}

/// Reads the datasource provisioning files (`<[paths] provisioning>/datasources/*.yaml`,
/// default `<[paths] data>/provisioning`) and logs what was loaded. A file that does not
/// read, or an explicitly configured folder that does not exist, is a problem naming it.
model::checked<std::shared_ptr<const render::datasource_catalog>> load_datasources(const config::settings& cfg);

class runtime {
public:
  /// Opens the database (running migrations) and spawns the actors; queries go to
  /// `datasources` (nullptr: only the built-in TestData).
  static model::checked<std::unique_ptr<runtime>> start(
      const config::settings& cfg, std::string version,
      std::shared_ptr<const render::datasource_catalog> datasources = nullptr);
  ~runtime();  // stop()s if still running
  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;

  /// Passes one request into the front actor; safe to call from any thread.
  void handle(http::request req, http::responder out);

  /// Stops the actors in a fixed order (front, pools, auth, store) and waits for them.
  void stop();

private:
  runtime();
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace reportd
