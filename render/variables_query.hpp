#pragma once
// Template variables that query a datasource (`type: query`), as Grafana resolves them when
// a dashboard loads: the answer filtered by the variable's `regex` (capture groups, named
// `text` / `value` groups), sorted by its `sort` mode, and chained variables resolved in
// dependency order. variable_set::resolve_queries (variables.hpp) drives these helpers.
#include <string>
#include <string_view>
#include <vector>

#include "render/variables.hpp"

namespace reportd::render {

/// Options from a datasource's texts through `regex` (`/pattern/flags` or a bare pattern):
/// no regex keeps every text; a match's named groups `text` and `value`, else its first
/// group, else the whole text; texts that do not match are dropped; duplicate values once.
/// Throws std::runtime_error naming the regex when it is not valid.
std::vector<variable_option> options_from_texts(const std::vector<std::string>& texts, std::string_view regex);

/// Grafana's variable sort: 0 none, 1/2 alphabetical asc/desc, 3/4 numerical asc/desc (by the
/// first number in the text), 5/6 alphabetical case-insensitive asc/desc, 7/8 natural asc/desc.
void sort_options(std::vector<variable_option>& options, int mode);

/// Names of variables `text` refers to ($a, ${a}, ${a:fmt}, [[a]]), in order of appearance.
std::vector<std::string> referenced_variables(std::string_view text);

/// Indices of `names` in the order to resolve them: a variable after every one among `names`
/// its `deps` name; a cycle is broken in dashboard order.
std::vector<std::size_t> resolution_order(const std::vector<std::string>& names,
                                          const std::vector<std::vector<std::string>>& deps);

}  // namespace reportd::render
