#pragma once
// `reportd admin …`: offline identity management on the database (orgs, users, service
// accounts, tokens). Also the first-start provisioning of an admin token.
#include <string>
#include <vector>

#include "store/database.hpp"

namespace reportd::admin {

/// Runs one admin subcommand (args after "admin"); prints results to stdout, errors to
/// stderr; returns the process exit code.
int run(store::database& db, const std::vector<std::string>& args);

/// On a database with no token at all: creates service account "reportd-admin" (Admin of
/// org 1) with one token and returns the token text (shown once). Otherwise "".
std::string provision_first_token(store::database& db);

}  // namespace reportd::admin
