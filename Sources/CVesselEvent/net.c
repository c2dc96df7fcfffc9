#define _GNU_SOURCE
#include "vessel_net.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

static int copy_name(struct ifreq *request, const char *name) {
    size_t length = strlen(name);
    if (length == 0 || length > VESSEL_INTERFACE_NAME_MAX) return -EINVAL;
    memset(request, 0, sizeof(*request));
    memcpy(request->ifr_name, name, length);
    return 0;
}

int vessel_tap_open(const char *name, bool exclusive) {
    struct ifreq request;
    int result = copy_name(&request, name);
    if (result < 0) return result;
    request.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR | (exclusive ? IFF_TUN_EXCL : 0);
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return -errno;
    if (ioctl(fd, TUNSETIFF, &request) < 0) {
        int saved = errno;
        close(fd);
        return -saved;
    }
    return fd;
}

int vessel_tap_set_offload(int fd, unsigned int offloads) {
    return ioctl(fd, TUNSETOFFLOAD, (unsigned long)offloads) < 0 ? -errno : 0;
}

int vessel_tap_set_header_size(int fd, int size) {
    return ioctl(fd, TUNSETVNETHDRSZ, &size) < 0 ? -errno : 0;
}

static int interface_request(const char *name, unsigned long operation, struct ifreq *request) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    int result = ioctl(fd, operation, request) < 0 ? -errno : 0;
    close(fd);
    return result;
}

int vessel_interface_set_mtu(const char *name, int mtu) {
    struct ifreq request;
    int result = copy_name(&request, name);
    if (result < 0) return result;
    request.ifr_mtu = mtu;
    return interface_request(name, SIOCSIFMTU, &request);
}

int vessel_interface_mtu(const char *name) {
    struct ifreq request;
    int result = copy_name(&request, name);
    if (result < 0) return result;
    result = interface_request(name, SIOCGIFMTU, &request);
    return result < 0 ? result : request.ifr_mtu;
}

int vessel_interface_set_up(const char *name, bool up) {
    struct ifreq request;
    int result = copy_name(&request, name);
    if (result < 0) return result;
    result = interface_request(name, SIOCGIFFLAGS, &request);
    if (result < 0) return result;
    if (up) request.ifr_flags |= IFF_UP; else request.ifr_flags &= ~IFF_UP;
    return interface_request(name, SIOCSIFFLAGS, &request);
}

int vessel_packet_socket(const char *name) {
    unsigned int index = if_nametoindex(name);
    if (index == 0) return -errno;
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
    if (fd < 0) return -errno;
    struct sockaddr_ll address;
    memset(&address, 0, sizeof(address));
    address.sll_family = AF_PACKET;
    address.sll_protocol = htons(ETH_P_ALL);
    address.sll_ifindex = (int)index;
    if (bind(fd, (struct sockaddr *)&address, sizeof(address)) < 0) {
        int saved = errno;
        close(fd);
        return -saved;
    }
    return fd;
}

int vessel_network_namespace_unshare(void) {
    return unshare(CLONE_NEWNET) < 0 ? -errno : 0;
}

int vessel_network_namespace_enter(int fd) {
    return setns(fd, CLONE_NEWNET) < 0 ? -errno : 0;
}
