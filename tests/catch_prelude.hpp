#pragma once
// Include this instead of <catch2/catch.hpp>: Catch2 v2 under GCC 12 trips
// -Wmaybe-uninitialized inside its own headers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <catch2/catch.hpp>
#pragma GCC diagnostic pop
