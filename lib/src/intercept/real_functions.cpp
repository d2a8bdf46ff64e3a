#include "real_functions.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace racelab::detail::intercept {

void* find_real(const char* name, const char* version) noexcept {
  void* f = version != nullptr ? dlvsym(RTLD_NEXT, name, version) : dlsym(RTLD_NEXT, name);
  if (f == nullptr) f = dlsym(RTLD_NEXT, name);
  if (f == nullptr) {
    // No allocation, no stdio: this may run inside the allocator or early.
    const char head[] = "racelab::intercept: cannot find the real ";
    (void)!write(2, head, sizeof head - 1);
    (void)!write(2, name, std::strlen(name));
    (void)!write(2, "\n", 1);
    std::abort();
  }
  return f;
}

}  // namespace racelab::detail::intercept
