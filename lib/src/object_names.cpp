#include "object_names.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "racelab/name.hpp"
#include "spin_lock.hpp"
#include "tsan.hpp"

namespace racelab::detail {
namespace {

spin_lock g_lock;
// Names are never freed: a returned pointer stays valid while a schedule
// uses it even if the address is renamed meanwhile (renaming is rare).
std::unordered_map<const void*, const std::string*>& table() {
  static auto* names = new std::unordered_map<const void*, const std::string*>();
  return *names;
}

}  // namespace

const char* given_name(const void* address) {
  std::lock_guard<spin_lock> g(g_lock);
  const auto it = table().find(address);
  return it != table().end() ? it->second->c_str() : nullptr;
}

void set_name(const void* address, std::string_view label) {
  tsan::invisible_scope quiet;
  auto* owned = new std::string(label);
  std::lock_guard<spin_lock> g(g_lock);
  table()[address] = owned;
}

}  // namespace racelab::detail
