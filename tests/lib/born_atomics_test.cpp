// born_atomics (lib/src/born_atomics.hpp): the first value of each atomic
// born in a schedule and still alive. Dead entries are kept, marked, and
// pruned in bulk; these tests pin that an atomic reborn at a dead one's
// address is new, and that pruning forgets only the dead.
#include <gtest/gtest.h>

#include <vector>

#include "born_atomics.hpp"

namespace {

namespace born_atomics = racelab::detail::born_atomics;
using racelab::detail::value_text;

value_text number(std::uint64_t bits) {
  value_text v;
  v.type = value_text::kind::unsigned_int;
  v.bits = bits;
  return v;
}

TEST(BornAtomics, ALiveAtomicKeepsItsFirstValueAndADeadOneHasNone) {
  const int object = 0;
  born_atomics::born(&object, number(7));
  ASSERT_TRUE(born_atomics::first_value(&object).has_value());
  EXPECT_EQ(born_atomics::first_value(&object)->bits, 7U);
  born_atomics::died(&object);
  EXPECT_FALSE(born_atomics::first_value(&object).has_value());
  born_atomics::died(&object);  // a second death changes nothing
  EXPECT_FALSE(born_atomics::first_value(&object).has_value());
}

TEST(BornAtomics, OneRebornWhereADeadOneWasStartsWithItsOwnValue) {
  const int object = 0;
  born_atomics::born(&object, number(1));
  born_atomics::died(&object);
  born_atomics::born(&object, number(2));
  ASSERT_TRUE(born_atomics::first_value(&object).has_value());
  EXPECT_EQ(born_atomics::first_value(&object)->bits, 2U);
  born_atomics::died(&object);
}

TEST(BornAtomics, PruningTheDeadKeepsTheLiving) {
  const int alive = 0;
  born_atomics::born(&alive, number(42));
  // More dead entries than the table keeps: it prunes them, some of them
  // more than once.
  std::vector<char> addresses(20000);
  for (char& a : addresses) {
    born_atomics::born(&a, number(1));
    born_atomics::died(&a);
  }
  for (char& a : addresses)
    EXPECT_FALSE(born_atomics::first_value(&a).has_value());
  ASSERT_TRUE(born_atomics::first_value(&alive).has_value());
  EXPECT_EQ(born_atomics::first_value(&alive)->bits, 42U);
  born_atomics::died(&alive);
  EXPECT_FALSE(born_atomics::first_value(&alive).has_value());
}

}  // namespace
