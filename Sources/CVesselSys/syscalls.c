// Before any header: the wrappers use GNU extensions (clone3 arguments, execveat, memfd, pidfd).
#define _GNU_SOURCE
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

#include <sys/mman.h>
#include <sys/wait.h>

int vessel_wait_child(pid_t pid, int *exit_code, int *signal_number) {
    int status = 0;
    pid_t result;
    do {
        result = waitpid(pid, &status, 0);
    } while (result == -1 && errno == EINTR);
    if (result == -1) return -1;
    *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    *signal_number = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return 0;
}

static void vessel_child_install_filter(struct sock_fprog *program, unsigned int flags) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(251);
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, program) < 0) _exit(251);
}

pid_t vessel_fork_seccomp_syscall(struct sock_fprog *program, unsigned int flags, long number, const unsigned long *arguments) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    vessel_child_install_filter(program, flags);
    long result = syscall(number, arguments[0], arguments[1], arguments[2], arguments[3], arguments[4], arguments[5]);
    _exit(result == -1 ? (errno & 0xff) : 0);
}

pid_t vessel_fork_seccomp_syscall_i386(struct sock_fprog *program, unsigned int flags, long number, unsigned long argument) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    vessel_child_install_filter(program, flags);
#if defined(__x86_64__)
    long result;
    __asm__ volatile("int $0x80" : "=a"(result) : "a"(number), "b"(argument) : "memory", "r8", "r9", "r10", "r11");
    _exit(result < 0 && result > -4096 ? (int)((-result) & 0xff) : 0);
#else
    (void)number;
    (void)argument;
    _exit(254);
#endif
}

pid_t vessel_fork_seccomp_exec(struct sock_fprog *program, unsigned int flags, const char *path, char *const argv[], char *const envp[]) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    vessel_child_install_filter(program, flags);
    execve(path, argv, envp);
    _exit(250);
}

static void vessel_child_wait_gate(int gate_fd) {
    char byte;
    ssize_t result;
    do {
        result = read(gate_fd, &byte, 1);
    } while (result == -1 && errno == EINTR);
    if (result != 1) _exit(252);
}

pid_t vessel_fork_gated_touch_memory(int gate_fd, unsigned long bytes) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    vessel_child_wait_gate(gate_fd);
    volatile char *memory = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) _exit(253);
    for (unsigned long offset = 0; offset < bytes; offset += 4096) memory[offset] = 1;
    _exit(0);
}

pid_t vessel_fork_gated_count_forks(int gate_fd, int attempts) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    vessel_child_wait_gate(gate_fd);
    pid_t children[256];
    int count = 0;
    if (attempts > 256) attempts = 256;
    for (int attempt = 0; attempt < attempts; attempt++) {
        pid_t child = fork();
        if (child == 0) {
            for (;;) pause();
        }
        if (child > 0) children[count++] = child;
    }
    for (int index = 0; index < count; index++) {
        kill(children[index], SIGKILL);
        while (waitpid(children[index], NULL, 0) == -1 && errno == EINTR) {}
    }
    _exit(count);
}

#include <sys/vfs.h>

long long vessel_filesystem_type(const char *path) {
    struct statfs info;
    int result;
    do {
        result = statfs(path, &info);
    } while (result == -1 && errno == EINTR);
    if (result != 0) return -(long long)errno;
    return (long long)(unsigned long)info.f_type;
}

pid_t vessel_fork_gated_open(int gate_fd, const char *path) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    vessel_child_wait_gate(gate_fd);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    _exit(fd >= 0 ? 0 : (errno & 0xff));
}

int vessel_unshare(int flags) {
    return unshare(flags);
}
