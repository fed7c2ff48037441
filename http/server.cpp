#include "http/server.hpp"

#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>

#include "http/listener.hpp"
#include "http/server_state.hpp"

namespace reportd::http {

namespace asio = boost::asio;

struct server::impl {
  std::shared_ptr<detail::server_state> state;
  std::shared_ptr<detail::listener> listener;
  // Keeps the threads running while every session waits on the actors and no socket
  // operation is pending, so that late answers are still written.
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  bool stopped = false;

  void run_thread() {
    for (;;) {
      try {
        state->ioc.run();
        return;
      } catch (...) {
        // Handlers catch what they can; one that still throws must not end the server.
      }
    }
  }
};

server::server(const config::server_settings& settings, handler on_request) : impl_(std::make_unique<impl>()) {
  impl_->state = std::make_shared<detail::server_state>(settings, std::move(on_request));
}

server::~server() { stop(); }

model::checked<std::uint16_t> server::listen() {
  if (impl_->listener || impl_->stopped)
    return model::internal_error("server is already listening or stopped");
  auto l = std::make_shared<detail::listener>(impl_->state);
  auto port = l->open(impl_->state->settings.http_addr, impl_->state->settings.http_port);
  if (port)
    impl_->listener = std::move(l);
  return port;
}

void server::start() {
  if (!impl_->threads.empty() || impl_->stopped)
    return;
  impl_->work.emplace(asio::make_work_guard(impl_->state->ioc));
  if (impl_->listener)
    impl_->listener->run();
  auto n = impl_->state->settings.io_threads > 0 ? impl_->state->settings.io_threads : 1;
  for (int i = 0; i < n; ++i)
    impl_->threads.emplace_back([this] { impl_->run_thread(); });
}

void server::stop_accepting() {
  impl_->state->draining = true;
  if (impl_->listener)
    impl_->listener->close();
  impl_->state->sessions.close_idle();
}

void server::answer_unavailable() {
  impl_->state->draining = true;
  impl_->state->refusing = true;
  impl_->state->sessions.answer_unavailable();
}

bool server::wait_idle(std::chrono::milliseconds timeout) { return impl_->state->in_flight.wait_zero(timeout); }

void server::stop() {
  if (impl_->stopped)
    return;
  impl_->stopped = true;
  {
    std::lock_guard<std::mutex> lock(impl_->state->stop_mutex);
    impl_->state->stopped = true;
  }
  if (impl_->listener)
    impl_->listener->close();
  impl_->state->sessions.close_all();
  impl_->work.reset();
  if (impl_->threads.empty())
    impl_->run_thread();  // never started: run the closes posted above, then return
  for (auto& t : impl_->threads)
    t.join();
  impl_->threads.clear();
  impl_->listener.reset();
}

std::size_t server::in_flight() const { return impl_->state->in_flight.count(); }

}  // namespace reportd::http
