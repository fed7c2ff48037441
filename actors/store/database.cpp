#include "actors/store/database.hpp"
