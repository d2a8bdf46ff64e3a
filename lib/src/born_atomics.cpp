#include "born_atomics.hpp"

#include <mutex>
#include <unordered_map>

#include "spin_lock.hpp"
#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail::born_atomics {
namespace {

// An atomic that died keeps its entry, marked dead, until the table holds
// kKeptDead of them: a body's atomics are born and die at the same addresses
// schedule after schedule, and a node allocation per atomic and schedule is a
// sizeable part of a fiber schedule's cost.
constexpr std::size_t kKeptDead = 4096;

struct entry {
  value_text initial;
  bool alive = false;
};

struct table {
  spin_lock lock;
  std::unordered_map<const void*, entry> values;  // guarded by lock
  std::size_t dead = 0;                           // entries not alive
};

table& the_table() {
  static auto* t = new table();  // never destroyed: atomics may die after main
  return *t;
}

}  // namespace

void born(const void* object, value_text initial) {
  table& t = the_table();
  std::lock_guard<spin_lock> hold(t.lock);
  const auto [it, added] = t.values.try_emplace(object);
  if (!added && !it->second.alive) --t.dead;
  it->second = {initial, true};
}

void died(const void* object) {
  table& t = the_table();
  std::lock_guard<spin_lock> hold(t.lock);
  const auto it = t.values.find(object);
  if (it == t.values.end() || !it->second.alive) return;
  it->second.alive = false;
  if (++t.dead <= kKeptDead) return;
  std::erase_if(t.values, [](const auto& e) { return !e.second.alive; });
  t.dead = 0;
}

std::optional<value_text> first_value(const void* object) {
  table& t = the_table();
  std::lock_guard<spin_lock> hold(t.lock);
  const auto it = t.values.find(object);
  if (it == t.values.end() || !it->second.alive) return std::nullopt;
  return it->second.initial;
}

}  // namespace racelab::detail::born_atomics
RACELAB_UNINSTRUMENTED_END
