// Correct: re-checks under the writer lock with try_emplace, which inserts
// only when the item is still missing.
#include <mutex>
#include <shared_mutex>

#include "task.hpp"

int price_cache::read(int item) const {
  std::shared_lock<std::shared_mutex> reading(m_);
  const auto it = prices_.find(item);
  return it == prices_.end() ? -1 : it->second;
}

void price_cache::set(int item, int price) {
  std::unique_lock<std::shared_mutex> writing(m_);
  prices_[item] = price;
}

int price_cache::get_or_fetch(int item) {
  {
    std::shared_lock<std::shared_mutex> reading(m_);
    const auto it = prices_.find(item);
    if (it != prices_.end()) return it->second;
  }
  std::unique_lock<std::shared_mutex> writing(m_);
  if (const auto it = prices_.find(item); it != prices_.end()) return it->second;
  return prices_.try_emplace(item, fetch_price(item)).first->second;
}
