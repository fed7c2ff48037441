#pragma once
// Grafana's field reducers (calcs), shared by the single-value drawers, legends and the
// reduce / calculateField transformations. Null is NaN.
#include <string>
#include <string_view>
#include <vector>

namespace reportd::render {

/// Reduces values by a Grafana reducer id: lastNotNull (default, alias "current"), last,
/// first, firstNotNull, min, max, mean ("avg"), median, sum ("total"), count (non-null
/// values), countAll, range, delta (counter-aware increase), diff, diffperc, step, logmin,
/// changeCount, distinctCount, allIsNull, allIsZero (1 or 0), variance, stdDev, p1..p99.
/// NaN when there is nothing to reduce; count and sum of nothing are 0, as in Grafana.
double reduce(const std::vector<double>& values, std::string_view calc);

/// The column or row title Grafana gives a reducer ("lastNotNull" -> "Last *", "sum" ->
/// "Total"); the id itself when unknown.
std::string reducer_name(std::string_view calc);

/// Whether `calc` is a reducer id (or alias) Grafana knows.
bool known_reducer(std::string_view calc);

}  // namespace reportd::render
