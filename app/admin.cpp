#include "app/admin.hpp"

#include <iostream>

#include <boost/program_options.hpp>

namespace reportd::admin {
namespace po = boost::program_options;

namespace {

constexpr const char* usage = R"(usage: reportd admin <command> [options]
commands:
  create-org --name NAME
  create-user --login LOGIN --password PASSWORD [--org ID] [--role Viewer|Editor|Admin]
  add-user-to-org --login LOGIN --org ID [--role ROLE]
  create-service-account --name NAME [--org ID] [--role ROLE]
  create-token --service-account ID [--name NAME]
  create-api-key --name NAME [--org ID] [--role ROLE]
  list-tokens [--org ID]
  revoke-token --id ID
)";

struct options {
  std::string name, login, password, role = "Viewer";
  std::int64_t org = 1, service_account = 0, id = 0;
};

po::options_description describe(options& o) {
  po::options_description d("admin options");
  d.add_options()
    ("name", po::value(&o.name))("login", po::value(&o.login))("password", po::value(&o.password))
    ("role", po::value(&o.role))("org", po::value(&o.org))
    ("service-account", po::value(&o.service_account))("id", po::value(&o.id));
  return d;
}

/// Prints the value or the problem; returns the exit code.
template <class T>
int report(const model::checked<T>& x) {
  if (!x) {
    std::cerr << "error: " << x.error().message << "\n";
    return 1;
  }
  std::cout << *x << "\n";
  return 0;
}

int report(const model::checked<model::unit>& x) {
  if (!x) {
    std::cerr << "error: " << x.error().message << "\n";
    return 1;
  }
  std::cout << "ok\n";
  return 0;
}

int need(bool ok, const char* what) {
  if (!ok)
    std::cerr << "error: " << what << " is required\n" << usage;
  return ok ? 0 : 2;
}

int run_command(store::database& db, const std::string& cmd, const options& o, model::role role) {
  if (cmd == "create-org")
    return need(!o.name.empty(), "--name") ? 2 : report(db.create_org(o.name));
  if (cmd == "create-user") {
    if (need(!o.login.empty() && !o.password.empty(), "--login and --password"))
      return 2;
    return report(db.create_user(o.login, o.password, o.org, role));
  }
  if (cmd == "add-user-to-org")
    return need(!o.login.empty(), "--login") ? 2 : report(db.add_user_to_org(o.login, o.org, role));
  if (cmd == "create-service-account")
    return need(!o.name.empty(), "--name") ? 2 : report(db.create_service_account(o.org, o.name, role));
  if (cmd == "create-token") {
    if (need(o.service_account > 0, "--service-account"))
      return 2;
    return report(db.create_token(o.service_account, o.name.empty() ? "token" : o.name));
  }
  if (cmd == "create-api-key")
    return need(!o.name.empty(), "--name") ? 2 : report(db.create_api_key(o.org, o.name, role));
  if (cmd == "revoke-token")
    return need(o.id > 0, "--id") ? 2 : report(db.revoke_token(o.id));
  if (cmd == "list-tokens") {
    auto ts = db.list_tokens(o.org);
    if (!ts)
      return report(model::checked<model::unit>(ts.error()));
    for (const auto& t : *ts)
      std::cout << t.id << "\tservice_account=" << t.service_account_id << "\tname=" << t.name
                << "\tcreated=" << t.created << (t.revoked ? "\trevoked" : "") << "\n";
    return 0;
  }
  std::cerr << "error: unknown admin command \"" << cmd << "\"\n" << usage;
  return 2;
}

}  // namespace

int run(store::database& db, const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "help" || args[0] == "--help") {
    std::cout << usage;
    return args.empty() ? 2 : 0;
  }
  options o;
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(std::vector<std::string>(args.begin() + 1, args.end()))
                .options(describe(o)).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "error: " << e.what() << "\n" << usage;
    return 2;
  }
  model::role role;
  if (!model::parse_role(o.role, role)) {
    std::cerr << "error: --role must be Viewer, Editor or Admin\n";
    return 2;
  }
  return run_command(db, args[0], o, role);
}

std::string provision_first_token(store::database& db) {
  auto tokens = db.list_tokens(1);
  if (!tokens || !tokens->empty())
    return {};
  auto sa = db.create_service_account(1, "reportd-admin", model::role::admin);
  if (!sa)
    return {};
  auto token = db.create_token(*sa, "first-start");
  return token ? *token : std::string{};
}

}  // namespace reportd::admin
