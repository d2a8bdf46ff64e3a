// Your file: make the TODOs right, then run `make kata`.
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
  // Not cached: upgrade to a writer.
  std::unique_lock<std::shared_mutex> writing(m_);
  const int price = fetch_price(item);  // TODO: is it still not cached?
  prices_[item] = price;
  return price;
}
