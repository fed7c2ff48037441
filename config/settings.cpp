#include "config/settings.hpp"
