#include "location_text.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include <cxxabi.h>
#include <link.h>
#include <unwind.h>

#include <cstdio>

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
int backtrace_full(backtrace_state* state, int skip, backtrace_full_callback callback,
                   backtrace_error_callback error_callback, void* data);
using backtrace_syminfo_callback = void (*)(void* data, std::uintptr_t pc, const char* symname,
                                            std::uintptr_t symval, std::uintptr_t symsize);
int backtrace_syminfo(backtrace_state* state, std::uintptr_t addr,
                      backtrace_syminfo_callback callback, backtrace_error_callback error_callback,
                      void* data);
}

// libbacktrace's list of loaded modules: its objects call this instead of
// dl_iterate_phdr (lib/CMakeLists.txt renames the call). It leaves out the
// system's libraries (under /lib, /usr/lib): on first use libbacktrace reads
// the debug information of every module it is given, and the C library's
// detached, compressed one (libc6-dbg) made that 0.14-0.25 s in every
// process, while no trace, report or stack racelab prints shows a line of
// theirs (the program's own frames are what they look for).
extern "C" int racelab_backtrace_modules(int (*callback)(dl_phdr_info*, std::size_t, void*),
                                         void* data) {
  struct forward {
    int (*callback)(dl_phdr_info*, std::size_t, void*);
    void* data;
  } f{callback, data};
  return dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t size, void* arg) {
        const char* name = info->dlpi_name != nullptr ? info->dlpi_name : "";
        for (const char* system : {"/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/"}) {
          if (std::strncmp(name, system, std::strlen(system)) == 0) return 0;
        }
        const auto& to = *static_cast<forward*>(arg);
        return to.callback(info, size, to.data);
      },
      &f);
}
#endif

namespace racelab::detail {
namespace {

// libstdc++'s headers: /usr/include/c++/12/... and the target's
// /usr/include/x86_64-linux-gnu/c++/12/bits/gthr-default.h.
bool std_header(const char* file) {
  return std::strstr(file, "/include/c++/") != nullptr ||
         (std::strstr(file, "/include/") != nullptr && std::strstr(file, "/c++/") != nullptr);
}

bool in_std_wait(const char* file) {
  return file != nullptr && (std::strstr(file, "bits/atomic_wait.h") != nullptr ||
                             std::strstr(file, "bits/atomic_timed_wait.h") != nullptr);
}

std::string file_and_line(const char* file, int line) {
  if (file == nullptr || line <= 0) return {};
  if (std_header(file)) return {};
  if (const char* slash = std::strrchr(file, '/')) file = slash + 1;
  return std::string(file) + ":" + std::to_string(line);
}

#if RACELAB_HAVE_BACKTRACE
// Symbolizes `pc` (a return address) once; later calls hit the cache.
// Thread-safe; inside an invisible_scope, since libbacktrace is not built
// for ThreadSanitizer.
// libbacktrace's state for the running program, created once.
backtrace_state* state() {
  static backtrace_state* const created = backtrace_create_state(
      nullptr, 1, [](void*, const char*, int) {}, nullptr);
  return created;
}

struct code_info {
  std::string text;       // the innermost frame outside libstdc++'s headers
  bool std_wait = false;  // called from libstdc++'s atomic wait
  bool gthr_only = true;  // all of it is gthr-default.h (not inlined: -O0)
  bool first_frame = true;
  // The innermost frame is libstdc++'s own code other than std::atomic's
  // (a std::vector growing, a std::string appending).
  bool std_internal = false;
  bool wait_chain = false;  // some frame is libstdc++'s atomic wait
  std::string origin;       // the full path of the innermost frame outside libstdc++'s headers
};

const code_info& symbolize_info(const void* pc) {
  static std::mutex m;
  static auto* cache = new std::unordered_map<const void*, code_info>();
  tsan::invisible_scope quiet;
  std::lock_guard<std::mutex> hold(m);
  if (const auto it = cache->find(pc); it != cache->end()) return it->second;
  code_info info;
  if (backtrace_state* state = racelab::detail::state()) {
    // The call instruction ends just before the return address.
    const auto address = reinterpret_cast<std::uintptr_t>(pc) - 1;
    backtrace_pcinfo(
        state, address,
        [](void* out, std::uintptr_t, const char* file, int line, const char* function) {
          auto& i = *static_cast<code_info*>(out);
          if (i.first_frame) {
            i.std_internal = file != nullptr && std_header(file) &&
                             (function == nullptr || std::strstr(function, "atomic") == nullptr);
          }
          // The first frame past gthr-default.h's wrappers (__gthread_yield).
          if (i.first_frame &&
              (file == nullptr || std::strstr(file, "gthr-default.h") == nullptr)) {
            i.std_wait = in_std_wait(file);
            i.first_frame = false;
          }
          if (file != nullptr && std::strstr(file, "gthr-default.h") == nullptr)
            i.gthr_only = false;
          if (i.text.empty()) i.text = file_and_line(file, line);
          if (i.origin.empty() && file != nullptr && !std_header(file)) i.origin = file;
          if (in_std_wait(file)) i.wait_chain = true;
          return 0;
        },
        [](void*, const char*, int) {}, &info);
  }
  return cache->emplace(pc, std::move(info)).first->second;  // nodes never move
}

std::string symbolize(const void* pc) {
  return symbolize_info(pc).text;
}

// Whether `pc` is in libstdc++'s std::__detail::__thread_yield (an
// unoptimized build, where it is a function of its own), by its symbol.
bool std_wait_symbol(const void* pc) {
  static std::mutex m;
  static auto* cache = new std::unordered_map<const void*, bool>();
  tsan::invisible_scope quiet;
  std::lock_guard<std::mutex> hold(m);
  if (const auto it = cache->find(pc); it != cache->end()) return it->second;
  symbolize_info(pc);  // creates the state
  bool found = false;
  backtrace_syminfo(
      state(), reinterpret_cast<std::uintptr_t>(pc) - 1,
      [](void* out, std::uintptr_t, const char* name, std::uintptr_t, std::uintptr_t) {
        *static_cast<bool*>(out) =
            name != nullptr && std::strstr(name, "__detail14__thread_yield") != nullptr;
      },
      [](void*, const char*, int) {}, &found);
  cache->emplace(pc, found);
  return found;
}
#else
std::string symbolize(const void*) {
  return {};
}
#endif

}  // namespace

void prepare_symbolizer([[maybe_unused]] const void* pc) {
#if RACELAB_HAVE_BACKTRACE
  symbolize_info(pc);
#endif
}

std::string location_text(source_location loc) {
  if (loc.line > 0) return file_and_line(loc.file, loc.line);
  if (loc.pc != nullptr) return symbolize(loc.pc);
  return {};
}

const char* data_name(const void* address) {
  static std::mutex m;
  static auto* cache = new std::unordered_map<const void*, std::string>();
  tsan::invisible_scope quiet;
  std::lock_guard<std::mutex> hold(m);
  if (const auto it = cache->find(address); it != cache->end()) return it->second.c_str();
  std::string text;
#if RACELAB_HAVE_BACKTRACE
  struct found {
    const void* address;
    std::string name;
  } f{address, {}};
  if (backtrace_state* s = state()) {
    backtrace_syminfo(
        s, reinterpret_cast<std::uintptr_t>(address),
        [](void* out, std::uintptr_t pc, const char* name, std::uintptr_t value, std::uintptr_t) {
          auto& f = *static_cast<found*>(out);
          if (name == nullptr) return;
          // A static local or namespaced global: its C++ name.
          int status = -1;
          char* readable = abi::__cxa_demangle(name, nullptr, nullptr, &status);
          f.name = status == 0 && readable != nullptr ? readable : name;
          std::free(readable);
          if (pc > value) f.name += "+" + std::to_string(pc - value);
        },
        [](void*, const char*, int) {}, &f);
  }
  text = f.name;
#endif
  if (text.empty()) {
    char hex[32];
    std::snprintf(hex, sizeof hex, "%p", address);
    text = hex;
  }
  return cache->emplace(address, std::move(text)).first->second.c_str();
}

bool in_std_atomic_wait(const void* pc) {
#if RACELAB_HAVE_BACKTRACE
  if (pc == nullptr) return false;
  const code_info& first = symbolize_info(pc);
  if (!first.gthr_only) return first.std_wait;
  // Not inlined (an unoptimized build): __gthread_yield's caller decides.
  struct walk {
    const void* from;
    bool seen = false;
    const void* next = nullptr;
  } w{pc};
  _Unwind_Backtrace(
      [](_Unwind_Context* context, void* arg) {
        auto& w = *static_cast<walk*>(arg);
        const auto* ip = reinterpret_cast<const void*>(_Unwind_GetIP(context));
        if (w.seen) {
          w.next = ip;
          return _URC_END_OF_STACK;
        }
        if (ip == w.from) w.seen = true;
        return _URC_NO_REASON;
      },
      &w);
  return w.next != nullptr && (symbolize_info(w.next).std_wait || std_wait_symbol(w.next));
#else
  (void)pc;
  return false;
#endif
}

bool std_internal_access(const void* pc) {
#if RACELAB_HAVE_BACKTRACE
  return pc != nullptr && symbolize_info(pc).std_internal;
#else
  (void)pc;
  return false;
#endif
}

std::string program_frames(const char* own_root) {
  std::string out;
#if RACELAB_HAVE_BACKTRACE
  struct walk {
    const char* root;
    std::string* out;
  } w{own_root, &out};
  if (backtrace_state* s = state()) {
    backtrace_full(
        s, 1,
        [](void* arg, std::uintptr_t, const char* file, int line, const char* function) {
          auto& w = *static_cast<walk*>(arg);
          // The C library's frames (abort.c, raise.c) carry relative paths.
          if (file == nullptr || line <= 0 || file[0] != '/' || std_header(file)) return 0;
          if (w.root != nullptr && *w.root != '\0' &&
              std::strncmp(file, w.root, std::strlen(w.root)) == 0)
            return 0;
          std::string name = function != nullptr ? function : "?";
          int status = -1;
          if (char* readable = abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status)) {
            if (status == 0) name = readable;
            std::free(readable);
          }
          *w.out += "    at " + file_and_line(file, line) + "  in " + name + "\n";
          return 0;
        },
        [](void*, const char*, int) {}, &w);
  }
#else
  (void)own_root;
#endif
  return out;
}

bool in_std_atomic_wait_code(const void* pc) {
#if RACELAB_HAVE_BACKTRACE
  return pc != nullptr && symbolize_info(pc).wait_chain;
#else
  (void)pc;
  return false;
#endif
}

code_origin origin_of(const void* pc) {
#if RACELAB_HAVE_BACKTRACE
  static const std::string root = [] {
    const std::string file = __FILE__;
    const auto at = file.rfind("lib/src/");
    return at == std::string::npos ? std::string() : file.substr(0, at);
  }();
  if (pc == nullptr || root.empty()) return code_origin::program;
  const std::string& origin = symbolize_info(pc).origin;
  if (origin.compare(0, root.size(), root) != 0) return code_origin::program;
  if (origin.compare(root.size(), 20, "lib/include/racelab/") == 0)
    return code_origin::racelab_header;
  if (origin.compare(root.size(), 8, "lib/src/") == 0 ||
      origin.compare(root.size(), 10, "detectors/") == 0)
    return code_origin::racelab_internal;
  return code_origin::program;
#else
  (void)pc;
  return code_origin::program;
#endif
}

const void* program_caller(const void* pc) {
#if RACELAB_HAVE_BACKTRACE
  if (pc == nullptr || !symbolize_info(pc).text.empty()) return pc;
  // Inside the standard library (not inlined, or in libstdc++.so): the
  // first caller further up that has a line of the program's own. A pc
  // from which no walk found one (a program without debug information) is
  // not walked again.
  static std::mutex m;
  static auto* fruitless = new std::unordered_set<const void*>();
  {
    std::lock_guard<std::mutex> hold(m);
    if (fruitless->count(pc) != 0) return pc;
  }
  struct walk {
    const void* from;
    bool seen = false;
    int left = 8;
    const void* found = nullptr;
  } w{pc};
  _Unwind_Backtrace(
      [](_Unwind_Context* context, void* arg) {
        auto& w = *static_cast<walk*>(arg);
        const auto* ip = reinterpret_cast<const void*>(_Unwind_GetIP(context));
        if (!w.seen) {
          w.seen = ip == w.from;
          return _URC_NO_REASON;
        }
        if (!symbolize_info(ip).text.empty()) {
          w.found = ip;
          return _URC_END_OF_STACK;
        }
        return --w.left > 0 ? _URC_NO_REASON : _URC_END_OF_STACK;
      },
      &w);
  if (w.found != nullptr) return w.found;
  std::lock_guard<std::mutex> hold(m);
  fruitless->insert(pc);
  return pc;
#else
  return pc;
#endif
}

std::string location_suffix(source_location loc) {
  std::string text = location_text(loc);
  return text.empty() ? text : " at " + text;
}

}  // namespace racelab::detail
