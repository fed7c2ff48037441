#include "actors/mailer/engine.hpp"
