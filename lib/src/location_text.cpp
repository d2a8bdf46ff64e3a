#include "location_text.hpp"

#include <cstring>

namespace racelab::detail {

std::string location_text(source_location loc) {
  if (!loc.known() || loc.file == nullptr) return {};
  const char* file = loc.file;
  if (std::strstr(file, "/include/c++/") != nullptr) return {};
  if (const char* slash = std::strrchr(file, '/')) file = slash + 1;
  return std::string(file) + ":" + std::to_string(loc.line);
}

std::string location_suffix(source_location loc) {
  std::string text = location_text(loc);
  return text.empty() ? text : " at " + text;
}

}  // namespace racelab::detail
