// Wrong fix (narrow): fetches outside the locks (fetching is slow) and
// caches the result under the writer lock, overwriting a price set
// meanwhile; and two threads may fetch the same item.
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
  const int price = fetch_price(item);
  std::unique_lock<std::shared_mutex> writing(m_);
  prices_[item] = price;
  return price;
}
