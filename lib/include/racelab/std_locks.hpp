// std::lock_guard, std::unique_lock and single-mutex std::scoped_lock for
// racelab's mutexes.
//
// These specializations behave exactly like the primary templates, and in
// addition capture the caller's file:line in their constructors, so that a
// trace says `lock m_a  bank.cpp:41` instead of pointing into <mutex>. The
// standard allows specializing its class templates for program-defined types
// such as racelab::mutex ([namespace.std]). Unlocks by a guard's destructor
// are attributed to the line that created the guard. std::lock and
// multi-mutex std::scoped_lock still work, through the mutex's own
// lock/try_lock/unlock, without line information.
#pragma once

#include <mutex>
#include <system_error>
#include <utility>

#include "racelab/mutex.hpp"

namespace std {

template <class Std, racelab::detail::object_kind Kind>
class lock_guard<racelab::detail::basic_mutex<Std, Kind>> {
 public:
  using mutex_type = racelab::detail::basic_mutex<Std, Kind>;

  explicit lock_guard(mutex_type& m,
                      racelab::source_location loc = racelab::source_location::current())
      : m_(m), loc_(loc) {
    m_.lock(loc_);
  }
  lock_guard(mutex_type& m, adopt_lock_t,
             racelab::source_location loc = racelab::source_location::current()) noexcept
      : m_(m), loc_(loc) {}
  ~lock_guard() { m_.unlock(loc_); }
  lock_guard(const lock_guard&) = delete;
  lock_guard& operator=(const lock_guard&) = delete;

 private:
  mutex_type& m_;
  racelab::source_location loc_;
};

template <class Std, racelab::detail::object_kind Kind>
class scoped_lock<racelab::detail::basic_mutex<Std, Kind>> {
 public:
  using mutex_type = racelab::detail::basic_mutex<Std, Kind>;

  explicit scoped_lock(mutex_type& m,
                       racelab::source_location loc = racelab::source_location::current())
      : m_(m), loc_(loc) {
    m_.lock(loc_);
  }
  scoped_lock(adopt_lock_t, mutex_type& m,
              racelab::source_location loc = racelab::source_location::current()) noexcept
      : m_(m), loc_(loc) {}
  ~scoped_lock() { m_.unlock(loc_); }
  scoped_lock(const scoped_lock&) = delete;
  scoped_lock& operator=(const scoped_lock&) = delete;

 private:
  mutex_type& m_;
  racelab::source_location loc_;
};

template <class Std, racelab::detail::object_kind Kind>
class unique_lock<racelab::detail::basic_mutex<Std, Kind>> {
 public:
  using mutex_type = racelab::detail::basic_mutex<Std, Kind>;
  using location = racelab::source_location;

  unique_lock() noexcept = default;
  explicit unique_lock(mutex_type& m, location loc = location::current()) : m_(&m), loc_(loc) {
    m_->lock(loc_);
    owns_ = true;
  }
  unique_lock(mutex_type& m, defer_lock_t, location loc = location::current()) noexcept
      : m_(&m), loc_(loc) {}
  unique_lock(mutex_type& m, try_to_lock_t, location loc = location::current())
      : m_(&m), owns_(m.try_lock(loc)), loc_(loc) {}
  unique_lock(mutex_type& m, adopt_lock_t, location loc = location::current()) noexcept
      : m_(&m), owns_(true), loc_(loc) {}
  ~unique_lock() {
    if (owns_) m_->unlock(loc_);
  }
  unique_lock(const unique_lock&) = delete;
  unique_lock& operator=(const unique_lock&) = delete;
  unique_lock(unique_lock&& other) noexcept
      : m_(std::exchange(other.m_, nullptr)),
        owns_(std::exchange(other.owns_, false)),
        loc_(other.loc_) {}
  unique_lock& operator=(unique_lock&& other) noexcept {
    if (owns_) m_->unlock(loc_);
    m_ = std::exchange(other.m_, nullptr);
    owns_ = std::exchange(other.owns_, false);
    loc_ = other.loc_;
    return *this;
  }

  void lock(location loc = location::current()) {
    check_lockable();
    loc_ = loc;
    m_->lock(loc_);
    owns_ = true;
  }
  bool try_lock(location loc = location::current()) {
    check_lockable();
    loc_ = loc;
    owns_ = m_->try_lock(loc_);
    return owns_;
  }
  void unlock(location loc = location::current()) {
    if (!owns_) throw system_error(make_error_code(errc::operation_not_permitted));
    m_->unlock(loc);
    owns_ = false;
  }

  void swap(unique_lock& other) noexcept {
    std::swap(m_, other.m_);
    std::swap(owns_, other.owns_);
    std::swap(loc_, other.loc_);
  }
  mutex_type* release() noexcept {
    owns_ = false;
    return std::exchange(m_, nullptr);
  }
  bool owns_lock() const noexcept { return owns_; }
  explicit operator bool() const noexcept { return owns_; }
  mutex_type* mutex() const noexcept { return m_; }

 private:
  void check_lockable() const {
    if (m_ == nullptr) throw system_error(make_error_code(errc::operation_not_permitted));
    if (owns_) throw system_error(make_error_code(errc::resource_deadlock_would_occur));
  }

  mutex_type* m_ = nullptr;
  bool owns_ = false;
  location loc_;
};

}  // namespace std
