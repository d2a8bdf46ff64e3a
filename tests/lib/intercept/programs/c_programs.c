/* The C programs of programs.h: pthreads and sem_t, nothing else. */
#include <pthread.h>
#include <semaphore.h>

#include "programs.h"

/* Each shared variable has an 8-byte word of its own: ThreadSanitizer keeps
 * four shadow cells per word and, when they are full, an access replaces one
 * chosen by how many events its thread has traced, so a variable sharing its
 * word with another (counter and counter_fixed did) can lose the racing
 * access and the race, in plain TSan too (README, "ThreadSanitizer"). */
#define OWN_WORD _Alignas(8)

/* ---- lost update: counter = counter + 1 from two threads ---------------- */
static OWN_WORD int counter;
static OWN_WORD int counter_fixed;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

static void* add_two(void* unused) {
  (void)unused;
  for (int i = 0; i < 2; ++i) {
    if (counter_fixed) pthread_mutex_lock(&counter_lock);
    counter = counter + 1;
    if (counter_fixed) pthread_mutex_unlock(&counter_lock);
  }
  return 0;
}

int c_lost_update(int fixed) {
  counter = 0;
  counter_fixed = fixed;
  pthread_t a, b;
  pthread_create(&a, 0, add_two, 0);
  pthread_create(&b, 0, add_two, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return counter == 4 ? 0 : 1;
}

/* ---- ABBA: two mutexes locked in opposite orders ------------------------ */
static pthread_mutex_t first = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t second = PTHREAD_MUTEX_INITIALIZER;
static OWN_WORD int abba_fixed;

static void* forward(void* unused) {
  (void)unused;
  pthread_mutex_lock(&first);
  pthread_mutex_lock(&second);
  pthread_mutex_unlock(&second);
  pthread_mutex_unlock(&first);
  return 0;
}

static void* backward(void* unused) {
  (void)unused;
  pthread_mutex_t* a = abba_fixed ? &first : &second;
  pthread_mutex_t* b = abba_fixed ? &second : &first;
  pthread_mutex_lock(a);
  pthread_mutex_lock(b);
  pthread_mutex_unlock(b);
  pthread_mutex_unlock(a);
  return 0;
}

int c_abba(int fixed) {
  abba_fixed = fixed;
  pthread_t a, b;
  pthread_create(&a, 0, forward, 0);
  pthread_create(&b, 0, backward, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}

/* ---- condition wait under `if` ------------------------------------------ */
static pthread_mutex_t ready_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cond = PTHREAD_COND_INITIALIZER;
static OWN_WORD int ready;
static OWN_WORD int cond_fixed;

static void* waiter(void* seen) {
  pthread_mutex_lock(&ready_lock);
  if (cond_fixed) {
    while (!ready)
      pthread_cond_wait(&ready_cond, &ready_lock);
  } else if (!ready) {
    pthread_cond_wait(&ready_cond, &ready_lock);
  }
  *(int*)seen = ready;
  pthread_mutex_unlock(&ready_lock);
  return 0;
}

int c_cond_if(int fixed) {
  ready = 0;
  cond_fixed = fixed;
  int seen = 0;
  pthread_t w;
  pthread_create(&w, 0, waiter, &seen);
  pthread_mutex_lock(&ready_lock);
  ready = 1;
  pthread_cond_signal(&ready_cond);
  pthread_mutex_unlock(&ready_lock);
  pthread_join(w, 0);
  return seen == 1 ? 0 : 1;
}

/* ---- bounded buffer on semaphores --------------------------------------- */
enum { slots = 2, items = 3 };
static sem_t empty_slots, full_slots;
static pthread_mutex_t buffer_lock = PTHREAD_MUTEX_INITIALIZER;
static int buffer[slots];
static OWN_WORD int put_at;
static OWN_WORD int take_at;
static OWN_WORD int sem_fixed;

static void* producer(void* unused) {
  (void)unused;
  for (int i = 1; i <= items; ++i) {
    sem_wait(&empty_slots);
    pthread_mutex_lock(&buffer_lock);
    buffer[put_at] = i;
    put_at = (put_at + 1) % slots;
    pthread_mutex_unlock(&buffer_lock);
    /* The bug: the last item is put without telling the consumer. */
    if (sem_fixed || i < items) sem_post(&full_slots);
  }
  return 0;
}

static void* consumer(void* sum) {
  for (int i = 0; i < items; ++i) {
    sem_wait(&full_slots);
    pthread_mutex_lock(&buffer_lock);
    *(int*)sum += buffer[take_at];
    take_at = (take_at + 1) % slots;
    pthread_mutex_unlock(&buffer_lock);
    sem_post(&empty_slots);
  }
  return 0;
}

int c_sem_buffer(int fixed) {
  sem_fixed = fixed;
  put_at = take_at = 0;
  sem_init(&empty_slots, 0, slots);
  sem_init(&full_slots, 0, 0);
  int sum = 0;
  pthread_t p, c;
  pthread_create(&p, 0, producer, 0);
  pthread_create(&c, 0, consumer, &sum);
  pthread_join(p, 0);
  pthread_join(c, 0);
  sem_destroy(&empty_slots);
  sem_destroy(&full_slots);
  return sum == 1 + 2 + 3 ? 0 : 1;
}

/* ---- a transfer under a read lock --------------------------------------- */
static pthread_rwlock_t accounts = PTHREAD_RWLOCK_INITIALIZER;
static OWN_WORD int account_a;
static OWN_WORD int account_b;
static OWN_WORD int rw_fixed;

static void* transfer(void* unused) {
  (void)unused;
  if (rw_fixed) {
    pthread_rwlock_wrlock(&accounts);
  } else {
    pthread_rwlock_rdlock(&accounts); /* the bug: it writes */
  }
  account_a -= 10;
  account_b += 10;
  pthread_rwlock_unlock(&accounts);
  return 0;
}

static void* audit(void* total) {
  pthread_rwlock_rdlock(&accounts);
  *(int*)total = account_a + account_b;
  pthread_rwlock_unlock(&accounts);
  return 0;
}

int c_rwlock_transfer(int fixed) {
  rw_fixed = fixed;
  account_a = 50;
  account_b = 50;
  int total = 0;
  pthread_t t, a;
  pthread_create(&t, 0, transfer, 0);
  pthread_create(&a, 0, audit, &total);
  pthread_join(t, 0);
  pthread_join(a, 0);
  return total == 100 ? 0 : 1;
}
