#include "actors/auth/token.hpp"
