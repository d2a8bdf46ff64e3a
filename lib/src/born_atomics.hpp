// born_atomics: racelab::atomics constructed inside a schedule and still
// alive, with the value they were constructed with (internal).
//
// Such an atomic outlives its schedule only as state carried over (a static
// once_flag, a leaked object), into later schedules and later explorations.
// The scheduler compares what a schedule's first read of it sees with its
// first value, so the same carried-over state gets the same verdict under
// every strategy, whichever exploration created it.
//
// Thread safety: every call may come from any thread (an atomic may be
// destroyed outside an exploration); a spin lock guards the table, and
// callers are inside a tsan::invisible_scope.
#pragma once

#include <optional>

#include "racelab/detail/runtime.hpp"

namespace racelab::detail::born_atomics {

void born(const void* object, value_text initial);
void died(const void* object);
std::optional<value_text> first_value(const void* object);

}  // namespace racelab::detail::born_atomics
