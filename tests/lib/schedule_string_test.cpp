// Schedule strings: a compact, exact, validated encoding of the picks.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "schedule_string.hpp"

namespace {

using racelab::detail::parse_schedule;
using racelab::detail::parsed_schedule;

std::string format(std::vector<int> picks, int max_steps = racelab::detail::default_max_steps,
                   std::string site = {}) {
  parsed_schedule s;
  s.picks = std::move(picks);
  s.max_steps = max_steps;
  s.site = std::move(site);
  return racelab::detail::format_schedule(s);
}

TEST(ScheduleString, RunsAreCompressed) {
  EXPECT_EQ(format({0, 0, 0, 1, 2, 2, 0}), "v1:0*3,1,2*2,0");
  EXPECT_EQ(parse_schedule("v1:0*3,1,2*2,0").picks, (std::vector<int>{0, 0, 0, 1, 2, 2, 0}));
}

TEST(ScheduleString, AScheduleWithNoStepIsValid) {
  EXPECT_EQ(format({}), "v1:");
  EXPECT_TRUE(parse_schedule("v1:").picks.empty());
}

TEST(ScheduleString, OptionsThatShapeTheScheduleTravelWithIt) {
  const std::string text = format({0, 1, 1}, 5000, "my_test.cpp:42#3");
  EXPECT_EQ(text, "v1:0,1*2;max_steps=5000;at=my_test.cpp:42#3");
  const auto parsed = parse_schedule(text);
  EXPECT_EQ(parsed.picks, (std::vector<int>{0, 1, 1}));
  EXPECT_EQ(parsed.max_steps, 5000);
  EXPECT_EQ(parsed.site, "my_test.cpp:42#3");
  EXPECT_EQ(parse_schedule("v1:;max_steps=7").max_steps, 7);
}

TEST(ScheduleString, PerturbStringsCarryTheSeed) {
  const auto parsed = parse_schedule(racelab::detail::format_perturb_schedule(1234));
  ASSERT_TRUE(parsed.perturb.has_value());
  EXPECT_EQ(*parsed.perturb, 1234u);
}

TEST(ScheduleString, HugeRequestsAreRejectedBeforeAnythingIsAllocated) {
  for (const char* text : {"v1:0*100000000", "v1:0*99999999999999999999", "v1:0*60000,0*60000",
                           "v1:0*3;max_steps=2", "v1:;max_steps=100000000"}) {
    EXPECT_THROW(parse_schedule(text), std::invalid_argument) << text;
  }
}

TEST(ScheduleString, ThreadNumbersAboveTheRuntimeLimitAreRejected) {
  EXPECT_NO_THROW(parse_schedule("v1:" + std::to_string(racelab::detail::max_threads - 1)));
  try {
    parse_schedule("v1:0," + std::to_string(racelab::detail::max_threads));
    ADD_FAILURE() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("out of range at character"), std::string::npos)
        << e.what();
  }
}

RC_GTEST_PROP(ScheduleString, FormatThenParseIsTheIdentity, ()) {
  const auto picks = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 64));
  const int max_steps = std::max<int>(static_cast<int>(picks.size()), *rc::gen::inRange(1, 200000));
  const auto parsed = parse_schedule(format(picks, max_steps));
  RC_ASSERT(parsed.picks == picks);
  RC_ASSERT(parsed.max_steps == max_steps);
}

RC_GTEST_PROP(ScheduleString, GarbageNeverCrashesTheParser, (const std::string& text)) {
  try {
    const auto parsed = parse_schedule(text);
    RC_ASSERT(parsed.perturb.has_value() || text.rfind("v1:", 0) == 0);
  } catch (const std::invalid_argument& e) {
    RC_ASSERT(std::string(e.what()).find("malformed schedule") != std::string::npos);
    RC_ASSERT(std::string(e.what()).find("at character") != std::string::npos);
  }
}

}  // namespace
