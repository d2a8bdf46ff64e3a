// Exercise 05: Collecting results, with exceptions reaching the caller. Do not edit: your code goes
// in task.cpp.
#pragma once

#include <vector>

#include <functional>
std::vector<int> run_all(const std::vector<std::function<int()>>& tasks);
