// Boost.URL's compiled part, built here once: Debian ships the headers with Boost 1.81
// but no libboost_url. No other translation unit may include <boost/url/src.hpp>.
#include <boost/url/src.hpp>
