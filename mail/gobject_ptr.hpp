#pragma once
// RAII for GMime's GObjects and g_malloc'd strings, so that every early return frees what
// it made (the mailer builds one message per send; a leak here grows with every report).
#include <memory>
#include <string>

#include <gmime/gmime.h>

#include "model/addresses.hpp"

namespace reportd::mail::detail {

struct gobject_unref {
  void operator()(gpointer p) const noexcept {
    if (p != nullptr) g_object_unref(p);
  }
};

template <class T>
using gobject_ptr = std::unique_ptr<T, gobject_unref>;

struct gfree {
  void operator()(gpointer p) const noexcept { g_free(p); }
};

using gchar_ptr = std::unique_ptr<char, gfree>;

/// Takes ownership of a g_malloc'd string and copies it out ("" for null).
inline std::string take_gstring(char* s) {
  gchar_ptr owned(s);
  return owned ? std::string(owned.get()) : std::string();
}

/// g_mime_init() once per process, from any thread (shared with model's address reader).
using model::detail::ensure_gmime_initialized;

}  // namespace reportd::mail::detail
