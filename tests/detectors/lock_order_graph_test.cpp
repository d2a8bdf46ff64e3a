#include "lock_order_graph.hpp"

#include <gtest/gtest.h>

namespace {

using racelab::detail::lock_order_graph;

lock_order_graph::edge edge(const char* from, const char* to, int thread) {
  return {from, to, thread, {"a.cpp", 1}, {"a.cpp", 2}, 1};
}

TEST(LockOrderGraph, NoCycleInAConsistentOrder) {
  lock_order_graph g;
  EXPECT_TRUE(g.add("a", "b", edge("A", "B", 1)));
  EXPECT_TRUE(g.add("b", "c", edge("B", "C", 2)));
  EXPECT_TRUE(g.add("a", "c", edge("A", "C", 1)));
  EXPECT_FALSE(g.find_cycle());
}

TEST(LockOrderGraph, RepeatedEdgesAreNotNew) {
  lock_order_graph g;
  EXPECT_TRUE(g.add("a", "b", edge("A", "B", 1)));
  EXPECT_FALSE(g.add("a", "b", edge("A", "B", 2)));
  EXPECT_EQ(g.edge_count(), 1u);
}

TEST(LockOrderGraph, TwoLockCycle) {
  lock_order_graph g;
  g.add("a", "b", edge("A", "B", 1));
  g.add("b", "a", edge("B", "A", 2));
  const auto cycle = g.find_cycle();
  ASSERT_TRUE(cycle);
  ASSERT_EQ(cycle->size(), 2u);
  const std::string text = lock_order_graph::describe(*cycle);
  EXPECT_NE(text.find("T1 locks B at a.cpp:2 while holding A at a.cpp:1"), std::string::npos)
      << text;
  EXPECT_NE(text.find("T2 locks A"), std::string::npos) << text;
}

TEST(LockOrderGraph, ThreeLockCycleAmongOtherEdges) {
  lock_order_graph g;
  g.add("x", "a", edge("X", "A", 4));
  g.add("a", "c", edge("A", "C", 1));
  g.add("c", "b", edge("C", "B", 2));
  g.add("b", "a", edge("B", "A", 3));
  const auto cycle = g.find_cycle();
  ASSERT_TRUE(cycle);
  EXPECT_EQ(cycle->size(), 3u);
}

}  // namespace
