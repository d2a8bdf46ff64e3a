// Exercise 13: The three-lock cycle. Do not edit: your code goes in task.cpp.
#pragma once

#include <vector>

#include <racelab/harness.hpp>
struct warehouse {
  racelab::mutex orders{"orders"}, stock{"stock"}, shipping{"shipping"};
  int shipped = 0;
};
void confirm_order(warehouse& w);  // orders, then shipping
void restock(warehouse& w);        // shipping, then stock
void audit(warehouse& w);          // stock, then orders
