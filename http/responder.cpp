#include "http/responder.hpp"
