// Failure::misuse: primitives used against their contract inside an exploration.
#include <gtest/gtest.h>

#include "programs.hpp"

namespace {

using racelab::Failure;

racelab::Options once() {
  racelab::Options o;
  o.strategy = racelab::Strategy::pct;
  o.iterations = 3;
  return o;
}

TEST(Misuse, UnlockingAMutexTheThreadDoesNotHold) {
  const auto r = racelab::explore(once(), [] {
    racelab::mutex m{"queue_mutex"};
    m.unlock();
  });
  ASSERT_EQ(r.failure, Failure::misuse);
  EXPECT_NE(r.message.find("T0 unlocks queue_mutex"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("which it does not hold (not locked)"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("misuse_test.cpp:"), std::string::npos) << r.message;
}

TEST(Misuse, UnlockingAMutexAnotherThreadHolds) {
  const auto r = racelab::explore(once(), [] {
    racelab::mutex m{"m"};
    m.lock();
    racelab::thread t([&] { m.unlock(); });
    t.join();
  });
  ASSERT_EQ(r.failure, Failure::misuse);
  EXPECT_NE(r.message.find("T1 unlocks m"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("held by T0"), std::string::npos) << r.message;
}

TEST(Misuse, DestroyingALockedMutex) {
  const auto r = racelab::explore(once(), [] {
    auto m = std::make_unique<racelab::mutex>("doomed");
    m->lock();
    m.reset();
  });
  ASSERT_EQ(r.failure, Failure::misuse);
  EXPECT_NE(r.message.find("doomed is destroyed by T0 while T0 holds it"), std::string::npos)
      << r.message;
}

TEST(Misuse, ThreadLeftUnjoinedWhenTheBodyReturns) {
  std::unique_ptr<racelab::thread> keep;
  const auto r = racelab::explore(once(), [&] { keep = std::make_unique<racelab::thread>([] {}); });
  ASSERT_EQ(r.failure, Failure::misuse);
  EXPECT_NE(r.message.find("T1 was still joinable when the test body returned"), std::string::npos)
      << r.message;
  EXPECT_FALSE(keep->joinable()) << "its exploration is over";
  keep.reset();  // dropped quietly: the exploration already reported it
}

TEST(Misuse, DestroyingAJoinableThread) {
  const auto r = racelab::explore(once(), [] { racelab::thread t([] {}); });
  ASSERT_EQ(r.failure, Failure::misuse);
  EXPECT_NE(r.message.find("destroyed by T0 while still joinable"), std::string::npos) << r.message;
}

TEST(Misuse, DetachInsideAnExploration) {
  const auto r = racelab::explore(once(), [] {
    racelab::thread t([] {});
    t.detach();
  });
  ASSERT_EQ(r.failure, Failure::misuse);
  EXPECT_NE(r.message.find("T0 detaches T1"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("join it instead"), std::string::npos) << r.message;
}

TEST(Misuse, JoiningAThreadThatIsNotJoinable) {
  const auto r = racelab::explore(once(), [] {
    racelab::thread t([] {});
    t.join();
    t.join();
  });
  ASSERT_EQ(r.failure, Failure::misuse);
  EXPECT_NE(r.message.find("not joinable"), std::string::npos) << r.message;
}

TEST(Misuse, WaitingWithoutHoldingTheMutex) {
  const auto r = racelab::explore(once(), [] {
    racelab::mutex m{"m"};
    racelab::condition_variable cv{"cv"};
    std::unique_lock<racelab::mutex> lock(m, std::defer_lock);
    // unique_lock::wait on an unowned lock: the mutex is not held
    cv.wait(lock);
  });
  ASSERT_EQ(r.failure, Failure::misuse);
  EXPECT_NE(r.message.find("waits on cv"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("without holding m"), std::string::npos) << r.message;
}

TEST(Misuse, CheckOutsideAnExplorationThrows) {
  EXPECT_THROW(racelab::check(false, "outside"), std::logic_error);
  EXPECT_NO_THROW(racelab::check(true, "outside"));
}

}  // namespace
