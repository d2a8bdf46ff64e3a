// Checker of exercise 06: cheapest over two and three shops that all answer,
// over two shops of which the first or the second fails, and over two shops
// that both fail (the caller must get shop 0's exception), and over two
// shops that each answer only once the other was asked too (asked one by
// one, they wait for ever); every price and
// every exception checked, and every shop asked before cheapest returns or
// throws; each scenario explored under every schedule within the bound;
// built plainly and under ThreadSanitizer.
#include <cstdio>
#include <exception>
#include <functional>
#include <latch>
#include <stdexcept>
#include <string>
#include <vector>

#include "kata_check.hpp"
#include "task.hpp"

namespace {

constexpr int down = -1;  // a shop that throws "shop k down" instead of answering

// One shop per price; each counts itself in `asked` when asked.
std::vector<std::function<int()>> make_shops(const std::vector<int>& prices,
                                             racelab::atomic<int>& asked) {
  std::vector<std::function<int()>> shops;
  for (std::size_t k = 0; k < prices.size(); ++k) {
    const int price = prices[k];
    shops.push_back([k, price, &asked]() -> int {
      asked.fetch_add(1);
      if (price == down) throw std::runtime_error("shop " + std::to_string(k) + " down");
      return price;
    });
  }
  return shops;
}

// Shops at `prices` (`down`: that shop fails): cheapest must return `want`.
void lowest_price(const std::string& what, std::vector<int> prices, int want, int budget) {
  kata::explore(
      what,
      [prices, want] {
        racelab::atomic<int> asked{0, "asked"};
        int got = 0;
        std::string error;
        try {
          got = cheapest(make_shops(prices, asked));
        } catch (const std::exception& e) {
          error = e.what();
        }
        racelab::check(error.empty(), "cheapest returns a price while at least one shop answers");
        racelab::check(got == want,
                       "cheapest returns the lowest price among the shops that answered");
        racelab::check(asked.load() == static_cast<int>(prices.size()),
                       "every shop has been asked when cheapest returns");
      },
      budget);
}

}  // namespace

int main() {
  std::printf("Results through futures, exceptions included\n");
  lowest_price("two shops at 30 and 20: cheapest returns 20", {30, 20}, 20, 2000);
  lowest_price("three shops at 30, 10 and 20: cheapest returns 10", {30, 10, 20}, 10, 3000);
  lowest_price("shop 0 fails, shop 1 is at 25: cheapest returns 25", {down, 25}, 25, 2000);
  lowest_price("shop 0 is at 30, shop 1 fails: cheapest returns 30", {30, down}, 30, 2000);
  kata::explore(
      "the shops are asked at the same time: each answers only once both were asked",
      [] {
        std::latch both_asked(2);
        std::vector<std::function<int()>> shops = {[&] {
                                                     both_asked.arrive_and_wait();
                                                     return 40;
                                                   },
                                                   [&] {
                                                     both_asked.arrive_and_wait();
                                                     return 35;
                                                   }};
        racelab::check(cheapest(shops) == 35, "cheapest returns 35");
      },
      2000);
  kata::explore(
      "both shops fail: cheapest throws shop 0's exception",
      [] {
        racelab::atomic<int> asked{0, "asked"};
        std::string error;
        try {
          cheapest(make_shops({down, down}, asked));
        } catch (const std::exception& e) {
          error = e.what();
        }
        racelab::check(!error.empty(), "cheapest throws when every shop fails");
        racelab::check(error == "shop 0 down",
                       "the exception thrown is shop 0's (\"shop 0 down\")");
        racelab::check(asked.load() == 2, "every shop has been asked when cheapest throws");
      },
      2000);
  return kata::verdict();
}
