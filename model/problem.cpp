// placeholder until the model work lands
#include "model/problem.hpp"
