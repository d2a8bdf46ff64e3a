#include "run_program.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace racelab::cli {
namespace {

// The preload library: RACELAB_PRELOAD_LIBRARY, else the build tree's, else
// the one installed beside this tool (../lib).
std::string preload_library() {
  if (const char* given = std::getenv("RACELAB_PRELOAD_LIBRARY")) return given;
#ifdef RACELAB_PRELOAD_PATH
  if (access(RACELAB_PRELOAD_PATH, R_OK) == 0) return RACELAB_PRELOAD_PATH;
#endif
  char self[4096] = {};
  const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) {
    std::string dir(self, static_cast<std::size_t>(n));
    dir.erase(dir.rfind('/'));
    for (const char* rel : {"/../lib/libracelab_preload.so", "/libracelab_preload.so"}) {
      if (access((dir + rel).c_str(), R_OK) == 0) return dir + rel;
    }
  }
  return {};
}

}  // namespace

int run_unmodified(const run_settings& settings) {
  const std::string library = preload_library();
  if (library.empty()) {
    std::fprintf(stderr,
                 "racelab run: libracelab_preload.so not found (build racelab without a sanitizer, "
                 "or set RACELAB_PRELOAD_LIBRARY)\n");
    return 2;
  }
  setenv("LD_PRELOAD", library.c_str(), 1);
  setenv("RACELAB_RUN", "1", 1);
  setenv("RACELAB_RUN_STRATEGY", settings.strategy.c_str(), 1);
  setenv("RACELAB_RUN_ITERATIONS", std::to_string(settings.iterations).c_str(), 1);
  setenv("RACELAB_RUN_SEED", std::to_string(settings.seed).c_str(), 1);
  setenv("RACELAB_RUN_TIMEOUT", std::to_string(settings.timeout).c_str(), 1);
  if (!settings.replay.empty()) setenv("RACELAB_RUN_REPLAY", settings.replay.c_str(), 1);
  std::vector<char*> argv;
  for (const auto& a : settings.command)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execvp(argv[0], argv.data());
  std::fprintf(stderr, "racelab run: cannot start %s: %s\n", argv[0], std::strerror(errno));
  return 2;
}

}  // namespace racelab::cli
