#ifndef VESSEL_VSOCK_H
#define VESSEL_VSOCK_H
/* The vsock device times out host-initiated requests the guest never answers. */
#include <sys/timerfd.h>
#endif
