// Names given to objects by racelab::name() (internal).
//
// A name is looked up when a schedule first meets the object; it is kept
// until the address is named again. Thread-safe: a spin lock guards the
// table, so it can be used inside a tsan::invisible_scope.
#pragma once

namespace racelab::detail {

// The name given to the object at `address`, or null. The pointer stays
// valid for the life of the process (labels are interned: naming the same
// object in every schedule keeps one copy of its label).
const char* given_name(const void* address);

}  // namespace racelab::detail
