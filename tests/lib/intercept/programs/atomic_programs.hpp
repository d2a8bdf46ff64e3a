// std::atomic programs of atomic_points_test.cpp (see atomic_programs.cpp).
#pragma once

namespace atomic_programs {

// Two threads each add one to a std::atomic<int>; returns the total. The
// bug: load, then exchange(loaded + 1). Fixed: fetch_add.
int exchange_lost_update(bool fixed);

enum class fence_placement { right, release_too_early, acquire_too_early };
// A plain int published through a relaxed flag and a pair of fences;
// returns what the reader read. With a fence in the wrong place the read
// is a data race.
int read_after_fence(fence_placement where);

}  // namespace atomic_programs
