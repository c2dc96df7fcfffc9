#ifndef CVESSEL_EVENT_H
#define CVESSEL_EVENT_H

// Host event primitives the VMM's control loop uses and Glibc's Swift module does not export.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <signal.h>
#include <pthread.h>
#include <termios.h>
#include <sys/random.h>
#include <time.h>

// SIGRTMIN is a function-like macro in glibc.
static inline int vessel_signal_realtime_min(void) { return SIGRTMIN; }

// pthread_kill with a plain signature; used to kick a vCPU thread out of KVM_RUN.
static inline int vessel_thread_signal(pthread_t thread, int signal) {
    return pthread_kill(thread, signal);
}

// getrandom(2) for virtio-rng; Glibc's Swift module does not export <sys/random.h>.
static inline long vessel_getrandom(void *buffer, unsigned long length) {
    return getrandom(buffer, length, 0);
}

// CLOCK_MONOTONIC in nanoseconds, for deadlines.
static inline unsigned long long vessel_monotonic_nanoseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (unsigned long long)now.tv_sec * 1000000000ull + (unsigned long long)now.tv_nsec;
}

// Orderings for rings shared with the guest: Swift has no standalone fence for plain memory.
static inline void vessel_fence_acquire(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
static inline void vessel_fence_release(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }
static inline void vessel_fence_full(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

#include "vessel_net.h"

#include "vessel_vblk.h"
#include "vessel_vsock.h"

#endif
