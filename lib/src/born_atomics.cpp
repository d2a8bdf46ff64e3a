#include "born_atomics.hpp"

#include <mutex>
#include <unordered_map>

#include "spin_lock.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail::born_atomics {
namespace {

struct table {
  spin_lock lock;
  std::unordered_map<const void*, value_text> values;  // guarded by lock
};

table& the_table() {
  static auto* t = new table();  // never destroyed: atomics may die after main
  return *t;
}

}  // namespace

void born(const void* object, value_text initial) {
  table& t = the_table();
  std::lock_guard<spin_lock> hold(t.lock);
  t.values.insert_or_assign(object, initial);
}

void died(const void* object) {
  table& t = the_table();
  std::lock_guard<spin_lock> hold(t.lock);
  t.values.erase(object);
}

std::optional<value_text> first_value(const void* object) {
  table& t = the_table();
  std::lock_guard<spin_lock> hold(t.lock);
  const auto it = t.values.find(object);
  if (it == t.values.end()) return std::nullopt;
  return it->second;
}

}  // namespace racelab::detail::born_atomics
RACELAB_UNINSTRUMENTED_END
