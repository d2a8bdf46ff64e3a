#include "location_text.hpp"

#include <cstdint>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "tsan.hpp"

#if RACELAB_HAVE_BACKTRACE
// libbacktrace (shipped with GCC as libbacktrace.a): file:line of a code
// address from the program's DWARF debug information. Its header lives among
// GCC's internal ones, so the two calls used here are declared as it does.
extern "C" {
struct backtrace_state;
using backtrace_error_callback = void (*)(void* data, const char* msg, int errnum);
using backtrace_full_callback = int (*)(void* data, std::uintptr_t pc, const char* filename,
                                        int lineno, const char* function);
backtrace_state* backtrace_create_state(const char* filename, int threaded,
                                        backtrace_error_callback error_callback, void* data);
int backtrace_pcinfo(backtrace_state* state, std::uintptr_t pc, backtrace_full_callback callback,
                     backtrace_error_callback error_callback, void* data);
}
#endif

namespace racelab::detail {
namespace {

std::string file_and_line(const char* file, int line) {
  if (file == nullptr || line <= 0) return {};
  if (std::strstr(file, "/include/c++/") != nullptr) return {};
  if (const char* slash = std::strrchr(file, '/')) file = slash + 1;
  return std::string(file) + ":" + std::to_string(line);
}

#if RACELAB_HAVE_BACKTRACE
// Symbolizes `pc` (a return address) once; later calls hit the cache.
// Thread-safe; inside an invisible_scope, since libbacktrace is not built
// for ThreadSanitizer.
std::string symbolize(const void* pc) {
  static std::mutex m;
  static auto* cache = new std::unordered_map<const void*, std::string>();
  static backtrace_state* state = nullptr;
  tsan::invisible_scope quiet;
  std::lock_guard<std::mutex> hold(m);
  if (const auto it = cache->find(pc); it != cache->end()) return it->second;
  if (state == nullptr) {
    state = backtrace_create_state(
        nullptr, 1, [](void*, const char*, int) {}, nullptr);
  }
  std::string text;
  if (state != nullptr) {
    // The call instruction ends just before the return address.
    const auto address = reinterpret_cast<std::uintptr_t>(pc) - 1;
    backtrace_pcinfo(
        state, address,
        [](void* out, std::uintptr_t, const char* file, int line, const char*) {
          auto& s = *static_cast<std::string*>(out);
          if (s.empty()) s = file_and_line(file, line);
          return 0;
        },
        [](void*, const char*, int) {}, &text);
  }
  cache->emplace(pc, text);
  return text;
}
#else
std::string symbolize(const void*) {
  return {};
}
#endif

}  // namespace

std::string location_text(source_location loc) {
  if (loc.line > 0) return file_and_line(loc.file, loc.line);
  if (loc.pc != nullptr) return symbolize(loc.pc);
  return {};
}

std::string location_suffix(source_location loc) {
  std::string text = location_text(loc);
  return text.empty() ? text : " at " + text;
}

}  // namespace racelab::detail
