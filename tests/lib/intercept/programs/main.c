/* The programs of programs.h as one command, for `racelab run`:
 *   intercept_program NAME [fixed|abort|exit]
 * exits 0 when the outcome is correct, 3 when the bug showed (abort: aborts
 * instead; exit: calls exit(4) instead). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "programs.h"

struct entry {
  const char* name;
  int (*run)(int fixed);
};

static const struct entry programs[] = {
    {"c_lost_update", c_lost_update},
    {"c_abba", c_abba},
    {"c_cond_if", c_cond_if},
    {"c_sem_buffer", c_sem_buffer},
    {"c_rwlock_transfer", c_rwlock_transfer},
    {"cpp_async_exception", cpp_async_exception},
    {"cpp_latch", cpp_latch},
    {"cpp_shared_upgrade", cpp_shared_upgrade},
    {"cpp_jthread_stop", cpp_jthread_stop},
    {"cpp_atomic_wait", cpp_atomic_wait},
};

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s NAME [fixed]\n", argv[0]);
    return 2;
  }
  const char* mode = argc > 2 ? argv[2] : "";
  for (size_t i = 0; i < sizeof programs / sizeof programs[0]; ++i) {
    if (strcmp(programs[i].name, argv[1]) != 0) continue;
    if (programs[i].run(strcmp(mode, "fixed") == 0) == 0) return 0;
    if (strcmp(mode, "abort") == 0) abort();
    if (strcmp(mode, "exit") == 0) exit(4);
    return 3;
  }
  fprintf(stderr, "%s: no program named %s\n", argv[0], argv[1]);
  return 2;
}
