#include "CVesselSys.h"
#include <linux/openat2.h>

long vessel_syscall_clone3(struct clone_args *arguments, size_t size) {
    return syscall(SYS_clone3, arguments, size);
}

int vessel_pivot_root(const char *new_root, const char *put_old) {
    return (int)syscall(SYS_pivot_root, new_root, put_old);
}

int vessel_prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5) {
    return prctl(option, a2, a3, a4, a5);
}

int vessel_ioctl_pointer(int fd, unsigned long request, void *argument) {
    return ioctl(fd, request, argument);
}

int vessel_ioctl_value(int fd, unsigned long request, unsigned long value) {
    return ioctl(fd, request, value);
}

int vessel_fcntl_int(int fd, int command, int value) {
    return fcntl(fd, command, value);
}

int vessel_open(const char *path, int flags, unsigned int mode) {
    return open(path, flags, mode);
}

int vessel_openat(int dirfd, const char *path, int flags, unsigned int mode) {
    return openat(dirfd, path, flags, mode);
}

long vessel_openat2(int dirfd, const char *path, unsigned long long flags, unsigned long long mode, unsigned long long resolve) {
    struct open_how how = { .flags = flags, .mode = mode, .resolve = resolve };
    return syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

int vessel_seccomp_set_filter(unsigned int flags, struct sock_fprog *program) {
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, program);
}

int vessel_capget(struct __user_cap_header_struct *header, struct __user_cap_data_struct *data) {
    return (int)syscall(SYS_capget, header, data);
}

int vessel_capset(struct __user_cap_header_struct *header, const struct __user_cap_data_struct *data) {
    return (int)syscall(SYS_capset, header, data);
}
