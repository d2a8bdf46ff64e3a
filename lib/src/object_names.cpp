#include "object_names.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "racelab/name.hpp"
#include "spin_lock.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

spin_lock g_lock;  // guards both tables
// Labels are interned and never freed: a returned pointer stays valid while
// a schedule uses it even if the address is named again meanwhile, and
// naming the same objects in every schedule (inside the body) keeps one
// copy of each label, not one per call.
std::unordered_set<std::string>& labels() {
  static auto* all = new std::unordered_set<std::string>();
  return *all;
}
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
  std::lock_guard<spin_lock> g(g_lock);
  table()[address] = &*labels().emplace(label).first;
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
