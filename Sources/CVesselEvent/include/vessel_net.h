#ifndef VESSEL_NET_H
#define VESSEL_NET_H

// Tap devices and interface settings for virtio-net. Functions return 0 (or a descriptor) on success
// and -errno on failure, so Swift never reads a stale errno.

#include <stdbool.h>

// Interface names hold at most this many bytes before their terminating NUL (IFNAMSIZ - 1).
#define VESSEL_INTERFACE_NAME_MAX 15

// TUNSETOFFLOAD bits: what the reader of the tap (the guest) accepts.
#define VESSEL_TAP_OFFLOAD_CSUM 0x01
#define VESSEL_TAP_OFFLOAD_TSO4 0x02
#define VESSEL_TAP_OFFLOAD_TSO6 0x04
#define VESSEL_TAP_OFFLOAD_TSO_ECN 0x08

// Opens /dev/net/tun (non-blocking, close-on-exec) and binds it to tap `name` with IFF_TAP|IFF_NO_PI|IFF_VNET_HDR.
// With `exclusive` the tap must not exist yet (IFF_TUN_EXCL): it is created non-persistent and disappears
// when the last descriptor closes. Returns the descriptor or -errno.
int vessel_tap_open(const char *name, bool exclusive);

// TUNSETOFFLOAD with VESSEL_TAP_OFFLOAD_* bits.
int vessel_tap_set_offload(int fd, unsigned int offloads);

// TUNSETVNETHDRSZ: bytes of virtio-net header before each frame read from or written to the tap.
int vessel_tap_set_header_size(int fd, int size);

// SIOCSIFMTU / SIOCGIFMTU on the interface `name`.
int vessel_interface_set_mtu(const char *name, int mtu);
int vessel_interface_mtu(const char *name);

// Sets or clears IFF_UP on the interface `name`.
int vessel_interface_set_up(const char *name, bool up);

// An AF_PACKET raw socket bound to interface `name`, receiving every protocol (non-blocking).
int vessel_packet_socket(const char *name);

// unshare(CLONE_NEWNET) and setns(fd, CLONE_NEWNET) for the calling thread (tests run taps in a private namespace).
int vessel_network_namespace_unshare(void);
int vessel_network_namespace_enter(int fd);

#endif
