// Nothing hangs: a managed thread blocked outside racelab, and code that is
// only partly instrumented, are reported within seconds.
//
// These tests wait for the harness's no-progress limit (3 s) on purpose;
// they do not depend on machine speed otherwise.
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include <racelab/harness.hpp>

namespace {

TEST(NoHang, AThreadBlockedOnAPlainStdMutexIsReportedNotHung) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  const auto start = std::chrono::steady_clock::now();
  const auto r = racelab::explore(o, [] {
    std::mutex plain;  // invisible to racelab
    racelab::atomic<int> step{0, "step"};
    racelab::thread holder([&] {
      std::lock_guard<std::mutex> g(plain);
      step.store(1);  // parked here by the scheduler while holding `plain`
      step.store(2);
    });
    racelab::thread blocked([&] {
      step.load();
      std::lock_guard<std::mutex> g(plain);  // may block for real
    });
    holder.join();
    blocked.join();
  });
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(r.failure, racelab::Failure::misuse) << r.message;
  EXPECT_NE(r.message.find("blocked outside racelab"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("last seen before"), std::string::npos) << r.message;
  EXPECT_LT(took, std::chrono::seconds(30));
}

// A thread blocked outside racelab past the no-progress limit is left
// behind; when it wakes and reaches a racelab primitive it parks in the
// exploration it belongs to and never drives the next one.
TEST(NoHang, AThreadLeftBehindParksInItsOwnExplorationWhenItWakes) {
  static std::mutex gate;                  // held by the test: the thread blocks on it
  static std::atomic<bool> woke{false};    // set just before its racelab call
  static std::atomic<bool> passed{false};  // set after it; must stay false
  static racelab::atomic<int> touched{0, "touched"};
  gate.lock();
  const auto r = racelab::explore({}, [] {
    racelab::thread t([] {
      { std::lock_guard<std::mutex> wait_for_the_test(gate); }
      woke = true;
      touched.fetch_add(1);
      passed = true;
    });
    t.join();
  });
  ASSERT_EQ(r.failure, racelab::Failure::misuse) << r.message;
  EXPECT_NE(r.message.find("left behind"), std::string::npos) << r.message;
  gate.unlock();
  while (!woke)
    std::this_thread::yield();
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  const auto next = racelab::explore(o, [] {
    racelab::atomic<int> x{0};
    racelab::thread a([&] { x.fetch_add(1); }), b([&] { x.fetch_add(1); });
    a.join();
    b.join();
    racelab::check(x.load() == 2, "both");
  });
  EXPECT_FALSE(next.failed()) << next.message;
  EXPECT_TRUE(next.exhausted);
  EXPECT_FALSE(passed) << "the thread left behind ran past its racelab call";
}

TEST(NoHang, TheNextExplorationRunsNormallyAfterwards) {
  racelab::Options o;
  o.strategy = racelab::Strategy::dfs;
  const auto r = racelab::explore(o, [] {
    racelab::atomic<int> x{0};
    racelab::thread a([&] { x.fetch_add(1); }), b([&] { x.fetch_add(1); });
    a.join();
    b.join();
    racelab::check(x.load() == 2, "both");
  });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_TRUE(r.exhausted);
}

TEST(Perturb, RunsPartlyInstrumentedCodeInParallel) {
  racelab::Options o;
  o.strategy = racelab::Strategy::perturb;
  o.iterations = 200;
  o.seed = 1;
  const auto clean = racelab::explore(o, [] {
    std::mutex plain;  // a plain std::mutex is fine under perturb
    int total = 0;
    auto work = [&] {
      for (int i = 0; i < 3; ++i) {
        racelab::yield();
        std::lock_guard<std::mutex> g(plain);
        ++total;
      }
    };
    racelab::thread a(work), b(work);
    a.join();
    b.join();
    racelab::check(total == 6, "six increments");
  });
  EXPECT_FALSE(clean.failed()) << clean.message;
  EXPECT_EQ(clean.iterations, 200);
  EXPECT_EQ(clean.schedule.rfind("perturb:seed=", 0), 0u) << clean.schedule;
  EXPECT_NE(clean.trace.find("records no trace"), std::string::npos);
}

TEST(Perturb, ReportsLockOrderInversionsWithoutDeadlocking) {
  racelab::Options o;
  o.strategy = racelab::Strategy::perturb;
  o.iterations = 5;
  const auto r = racelab::explore(o, [] {
    racelab::mutex a{"m_a"}, b{"m_b"};
    racelab::thread t1([&] {
      std::lock_guard<racelab::mutex> x(a);
      std::lock_guard<racelab::mutex> y(b);
    });
    t1.join();
    racelab::thread t2([&] {
      std::lock_guard<racelab::mutex> x(b);
      std::lock_guard<racelab::mutex> y(a);
    });
    t2.join();
  });
  ASSERT_EQ(r.failure, racelab::Failure::lock_order_inversion) << r.message;
  EXPECT_NE(r.message.find("m_a"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("not exactly replayable"), std::string::npos) << r.message;
}

TEST(Perturb, ScheduleStringRerunsTheSeed) {
  const auto r = racelab::replay("perturb:seed=9", [] {
    racelab::atomic<int> x{0};
    racelab::thread a([&] { x.fetch_add(1); });
    a.join();
    racelab::check(x.load() == 1, "one");
  });
  EXPECT_FALSE(r.failed()) << r.message;
  EXPECT_EQ(r.schedule, "perturb:seed=9");
}

}  // namespace
