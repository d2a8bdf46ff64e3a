// Schedule strings: a compact, exact, validated encoding of the picks.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "schedule_string.hpp"

namespace {

using racelab::detail::format_schedule;
using racelab::detail::parse_schedule;

TEST(ScheduleString, RunsAreCompressed) {
  EXPECT_EQ(format_schedule({0, 0, 0, 1, 2, 2, 0}), "v1:0*3,1,2*2,0");
  EXPECT_EQ(parse_schedule("v1:0*3,1,2*2,0").picks, (std::vector<int>{0, 0, 0, 1, 2, 2, 0}));
}

TEST(ScheduleString, PerturbStringsCarryTheSeed) {
  const auto parsed = parse_schedule(racelab::detail::format_perturb_schedule(1234));
  ASSERT_TRUE(parsed.perturb.has_value());
  EXPECT_EQ(*parsed.perturb, 1234u);
}

RC_GTEST_PROP(ScheduleString, FormatThenParseIsTheIdentity, ()) {
  const auto picks =
      *rc::gen::nonEmpty(rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 64)));
  RC_ASSERT(parse_schedule(format_schedule(picks)).picks == picks);
}

RC_GTEST_PROP(ScheduleString, GarbageNeverCrashesTheParser, (const std::string& text)) {
  try {
    const auto parsed = parse_schedule(text);
    RC_ASSERT(parsed.perturb.has_value() || !parsed.picks.empty());
  } catch (const std::invalid_argument& e) {
    RC_ASSERT(std::string(e.what()).find("malformed schedule") != std::string::npos);
  }
}

}  // namespace
