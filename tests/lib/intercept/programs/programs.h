/* Programs written against pthreads or the std library only, each with a
 * fixed twin (fixed != 0). Each returns 0 when its outcome is correct and 1
 * when the bug showed; a deadlock never returns. racelab::intercept explores
 * them unchanged (tests/lib/intercept), and `racelab run` runs them as
 * programs (main.c). */
#ifndef RACELAB_TEST_INTERCEPT_PROGRAMS_H
#define RACELAB_TEST_INTERCEPT_PROGRAMS_H

#ifdef __cplusplus
extern "C" {
#endif

/* C with pthreads and sem_t */
int c_lost_update(int fixed);     /* two threads increment a global int */
int c_abba(int fixed);            /* two mutexes taken in opposite orders */
int c_cond_if(int fixed);         /* pthread_cond_wait under `if` */
int c_sem_buffer(int fixed);      /* bounded buffer on sem_t, a post missing */
int c_rwlock_transfer(int fixed); /* a writer under a read lock */

/* C++ with std only */
int cpp_async_exception(int fixed); /* std::async whose exception is lost */
int cpp_latch(int fixed);           /* std::latch counted down too few times */
int cpp_shared_upgrade(int fixed);  /* std::shared_mutex "upgrade" gap */
int cpp_jthread_stop(int fixed);    /* std::jthread stop request missed */
int cpp_atomic_wait(int fixed);     /* std::atomic::notify before the store */

#ifdef __cplusplus
}
#endif

#endif
