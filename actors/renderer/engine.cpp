#include "actors/renderer/engine.hpp"
