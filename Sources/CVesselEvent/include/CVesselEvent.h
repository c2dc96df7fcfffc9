#ifndef CVESSEL_EVENT_H
#define CVESSEL_EVENT_H

// Host event primitives the VMM's control loop uses and Glibc's Swift module does not export.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <signal.h>
#include <pthread.h>
#include <termios.h>

// SIGRTMIN is a function-like macro in glibc.
static inline int vessel_signal_realtime_min(void) { return SIGRTMIN; }

// pthread_kill with a plain signature; used to kick a vCPU thread out of KVM_RUN.
static inline int vessel_thread_signal(pthread_t thread, int signal) {
    return pthread_kill(thread, signal);
}

#endif
