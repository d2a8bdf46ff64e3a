// Exercise 18: Readers and writers. Do not edit: your code goes in task.cpp.
#pragma once

#include <map>
#include <shared_mutex>

// Defined by the checker: asks the (slow) price service; counts the calls.
int fetch_price(int item);

class price_cache {
 public:
  int read(int item) const;       // the cached price, or -1; readers run in parallel
  void set(int item, int price);  // a writer, alone
  // The cached price of `item`; when there is none, fetch_price(item) is
  // called (at most once per item, however many threads ask) and cached.
  int get_or_fetch(int item);

 private:
  mutable std::shared_mutex m_;
  std::map<int, int> prices_;
};
