// The C++ memory model for racelab::atomic (see memory_model.hpp).
#include "memory_model.hpp"

#include <algorithm>
#include <cstring>

#include "tsan.hpp"

RACELAB_UNINSTRUMENTED_BEGIN
namespace racelab::detail {
namespace {

bool acquires(std::memory_order o) {
  return o == std::memory_order_consume || o == std::memory_order_acquire ||
         o == std::memory_order_acq_rel || o == std::memory_order_seq_cst;
}
bool releases(std::memory_order o) {
  return o == std::memory_order_release || o == std::memory_order_acq_rel ||
         o == std::memory_order_seq_cst;
}

}  // namespace

void memory_model::reset() {
  locations_.clear();
  next_location_ = 0;
  mutexes_.clear();
  threads_.clear();
  global_.clear();
  token_blocks_.clear();  // freed: TSan forgets their clocks
  tokens_used_ = kTokensPerBlock;
}

const void* memory_model::release_token() {
  if (sink_.release == nullptr) return nullptr;
  if (tokens_used_ == kTokensPerBlock) {
    token_blocks_.push_back(std::make_unique<std::uint64_t[]>(kTokensPerBlock));
    tokens_used_ = 0;
  }
  const void* token = &token_blocks_.back()[tokens_used_++];
  sink_.release(token);
  return token;
}

void memory_model::add(std::vector<const void*>& to, const void* token) {
  if (token != nullptr && std::find(to.begin(), to.end(), token) == to.end()) to.push_back(token);
}

void memory_model::acquire_clocks(thread_state& t, const std::vector<const void*>& clocks,
                                  std::memory_order order) {
  if (sink_.acquire == nullptr) return;
  for (const void* c : clocks) {
    if (acquires(order)) {
      sink_.acquire(c);
    } else {
      add(t.pending_clocks, c);
    }
  }
}

double& memory_model::slot(view& v, int id) {
  if (static_cast<std::size_t>(id) >= v.size()) v.resize(static_cast<std::size_t>(id) + 1, 0.0);
  return v[static_cast<std::size_t>(id)];
}

void memory_model::join(view& into, const view& from) {
  if (into.size() < from.size()) into.resize(from.size(), 0.0);
  for (std::size_t i = 0; i < from.size(); ++i)
    into[i] = std::max(into[i], from[i]);
}

memory_model::thread_state& memory_model::of(int thread) {
  if (static_cast<std::size_t>(thread) >= threads_.size())
    threads_.resize(static_cast<std::size_t>(thread) + 1);
  return threads_[static_cast<std::size_t>(thread)];  // T0 starts with nothing seen
}

memory_model::location& memory_model::at(const void* object, const void* first, std::size_t size) {
  auto it = locations_.find(object);
  if (it == locations_.end()) {
    location l;
    l.id = next_location_++;
    entry initial;
    const auto* p = static_cast<const unsigned char*>(first);
    initial.bytes.assign(p, p + size);
    l.mo.push_back(std::move(initial));
    it = locations_.emplace(object, std::move(l)).first;
  }
  return it->second;
}

double memory_model::floor(thread_state& t, const location& l, std::memory_order order) {
  double f = slot(t.current, l.id);
  if (order == std::memory_order_seq_cst) f = std::max(f, slot(global_, l.id));
  return f;
}

int memory_model::readable(int thread, const void* object, std::memory_order order,
                           const void* latest, std::size_t size) {
  thread_state& t = of(thread);
  location& l = at(object, latest, size);
  if (t.stale_reads[l.id] >= kStaleReadsInARow) return 1;
  const double f = floor(t, l, order);
  int count = 0;
  for (const entry& e : l.mo)
    count += e.position >= f ? 1 : 0;
  return std::max(count, 1);
}

void memory_model::acquire(thread_state& t, const entry& e, std::memory_order order) {
  if (e.message == nullptr) return;
  join(acquires(order) ? t.current : t.pending, *e.message);
}

const memory_model::entry& memory_model::read(int thread, const void* object,
                                              std::memory_order order, int answer,
                                              int& newest_step) {
  thread_state& t = of(thread);
  location& l = locations_.at(object);
  if (order == std::memory_order_seq_cst) join(t.current, global_);
  const std::size_t newest = l.mo.size() - 1;
  std::size_t index = newest - std::min<std::size_t>(static_cast<std::size_t>(answer), newest);
  while (index < newest && l.mo[index].position < slot(t.current, l.id))
    ++index;  // never older than the view (the answer counted from it)
  const entry& e = l.mo[index];
  newest_step = l.mo.back().step;
  slot(t.current, l.id) = e.position;
  t.stale_reads[l.id] = index < newest ? t.stale_reads[l.id] + 1 : 0;
  acquire(t, e, order);
  acquire_clocks(t, e.clocks, order);
  if (order == std::memory_order_seq_cst) join(global_, t.current);
  return e;
}

void memory_model::read_modify_write(int thread, const void* object, std::memory_order order,
                                     const void* previous, const void* value, std::size_t size,
                                     int step) {
  thread_state& t = of(thread);
  location& l = at(object, previous, size);
  if (order == std::memory_order_seq_cst) join(t.current, global_);
  const entry& last = l.mo.back();
  slot(t.current, l.id) = last.position;
  t.stale_reads[l.id] = 0;
  acquire(t, last, order);
  acquire_clocks(t, last.clocks, order);
  if (value != nullptr) {
    entry e;
    const auto* p = static_cast<const unsigned char*>(value);
    e.bytes.assign(p, p + size);
    e.position = last.position + 1;
    e.thread = thread;
    e.step = step;
    e.rmw = true;
    // The release sequence: what the entry read published goes on.
    view message;
    if (releases(order)) {
      message = t.current;
    } else if (t.release_fence != nullptr) {
      message = *t.release_fence;
    }
    if (last.message != nullptr) join(message, *last.message);
    if (!message.empty() || releases(order)) e.message = std::make_shared<const view>(message);
    // In happens-before terms: what the entry read published, unless this
    // acquire-release one's own token (released after acquiring) covers it.
    if (!(acquires(order) && releases(order))) e.clocks = last.clocks;
    add(e.clocks, releases(order) ? release_token() : t.fence_clock);
    slot(t.current, l.id) = e.position;
    l.mo.push_back(std::move(e));
  }
  if (order == std::memory_order_seq_cst) join(global_, t.current);
}

std::vector<std::size_t> memory_model::places(thread_state& t, const location& l,
                                              std::memory_order order) {
  const double f = floor(t, l, order);
  std::vector<std::size_t> out;  // after mo[j], last first
  for (std::size_t j = l.mo.size(); j-- > 0;) {
    if (l.mo[j].position < f) break;
    if (j + 1 < l.mo.size() && l.mo[j + 1].rmw) continue;  // it must follow mo[j] directly
    out.push_back(j);
  }
  if (out.empty()) out.push_back(l.mo.size() - 1);
  return out;
}

int memory_model::placeable(int thread, const void* object, std::memory_order order,
                            const void* previous, std::size_t size) {
  thread_state& t = of(thread);
  location& l = at(object, previous, size);
  return static_cast<int>(places(t, l, order).size());
}

const memory_model::entry* memory_model::store(int thread, const void* object,
                                               std::memory_order order, const void* value,
                                               std::size_t size, int answer, int step) {
  thread_state& t = of(thread);
  location& l = locations_.at(object);
  if (order == std::memory_order_seq_cst) join(t.current, global_);
  const std::vector<std::size_t> after = places(t, l, order);
  const std::size_t j =
      after[std::min<std::size_t>(static_cast<std::size_t>(answer), after.size() - 1)];
  entry e;
  const auto* p = static_cast<const unsigned char*>(value);
  e.bytes.assign(p, p + size);
  e.position =
      j + 1 < l.mo.size() ? (l.mo[j].position + l.mo[j + 1].position) / 2 : l.mo[j].position + 1;
  e.thread = thread;
  e.step = step;
  slot(t.current, l.id) = e.position;
  if (releases(order)) {
    e.message = std::make_shared<const view>(t.current);  // the store itself included
  } else if (t.release_fence != nullptr) {
    e.message = t.release_fence;
  }
  add(e.clocks, releases(order) ? release_token() : t.fence_clock);
  l.mo.insert(l.mo.begin() + static_cast<std::ptrdiff_t>(j + 1), std::move(e));
  if (order == std::memory_order_seq_cst) join(global_, t.current);
  return j + 2 < l.mo.size() ? &l.mo.back() : nullptr;
}

void memory_model::fence(int thread, std::memory_order order) {
  thread_state& t = of(thread);
  if (acquires(order)) {
    join(t.current, t.pending);
    t.pending.clear();
    for (const void* c : t.pending_clocks)
      sink_.acquire(c);  // only a sink's tokens are ever pending
    t.pending_clocks.clear();
  }
  if (order == std::memory_order_seq_cst) {
    join(t.current, global_);
    join(global_, t.current);
  }
  if (releases(order)) {
    t.release_fence = std::make_shared<const view>(t.current);
    t.fence_clock = release_token();
  }
}

void memory_model::spawned(int parent, int child) {
  view seen = of(parent).current;
  thread_state& c = of(child);
  c.current = std::move(seen);
}

void memory_model::lock(int thread, const void* mutex) {
  thread_state& t = of(thread);
  join(t.current, global_);
  if (auto it = mutexes_.find(mutex); it != mutexes_.end()) join(t.current, it->second);
}

void memory_model::unlock(int thread, const void* mutex) {
  join(mutexes_[mutex], of(thread).current);
}

void memory_model::synchronize(int thread) {
  thread_state& t = of(thread);
  join(t.current, t.pending);
  join(t.current, global_);
  for (const auto& [mutex, released] : mutexes_)
    join(t.current, released);
  join(global_, t.current);
  t.release_fence = std::make_shared<const view>(t.current);
}

}  // namespace racelab::detail
RACELAB_UNINSTRUMENTED_END
