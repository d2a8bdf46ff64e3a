#include "wait_for_graph.hpp"

#include <gtest/gtest.h>

namespace {

using racelab::detail::wait_for_graph;

TEST(WaitForGraph, ClassicTwoThreadDeadlock) {
  wait_for_graph g;
  g.add({1, {"m_a"}, "m_b", {2}, "bank.cpp:10"});
  g.add({2, {"m_b"}, "m_a", {1}, "bank.cpp:20"});
  g.add({0, {}, "T1 to finish", {1}, ""});
  const auto cycle = g.find_cycle();
  ASSERT_TRUE(cycle);
  EXPECT_EQ(*cycle, (std::vector<int>{1, 2}));
  const std::string text = g.describe();
  EXPECT_NE(text.find("T1 holds m_a, waits for m_b held by T2 (bank.cpp:10); "
                      "T2 holds m_b, waits for m_a held by T1 (bank.cpp:20)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("T0 waits for T1 to finish"), std::string::npos) << text;
  EXPECT_NE(text.find("wait-for cycle: T1 -> T2 -> T1"), std::string::npos) << text;
}

TEST(WaitForGraph, LostWakeUpHasNoCycle) {
  wait_for_graph g;
  g.add({1, {}, "a notification that never comes", {}, "queue.cpp:5"});
  g.add({0, {}, "T1 to finish", {1}, ""});
  EXPECT_FALSE(g.find_cycle());
  EXPECT_NE(g.describe().find("T1 waits for a notification"), std::string::npos);
}

}  // namespace
