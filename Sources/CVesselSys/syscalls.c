// Before any header: the wrappers use GNU extensions (clone3 arguments, execveat, memfd, pidfd).
#define _GNU_SOURCE
#include "CVesselSys.h"
#include <linux/openat2.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>

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

int vessel_memfd_create(const char *name, unsigned int flags) {
    return (int)syscall(SYS_memfd_create, name, flags);
}

int vessel_fsopen(const char *filesystem, unsigned int flags) {
    return (int)syscall(SYS_fsopen, filesystem, flags);
}

int vessel_fsconfig(int context_fd, unsigned int command, const char *key, const void *value, int aux) {
    return (int)syscall(SYS_fsconfig, context_fd, command, key, value, aux);
}

int vessel_fsmount(int context_fd, unsigned int flags, unsigned int attributes) {
    return (int)syscall(SYS_fsmount, context_fd, flags, attributes);
}

int vessel_execveat(int dirfd, const char *path, char *const argv[], char *const envp[], int flags) {
    return (int)syscall(SYS_execveat, dirfd, path, argv, envp, flags);
}

int vessel_close_range(unsigned int first, unsigned int last, unsigned int flags) {
    return (int)syscall(SYS_close_range, first, last, flags);
}

// SCM_RIGHTS needs the CMSG_* macros, which Swift cannot import.
int vessel_send_fd(int socket_fd, int fd_to_send) {
    char payload = 'F';
    struct iovec vector = { .iov_base = &payload, .iov_len = 1 };
    union { struct cmsghdr header; char space[CMSG_SPACE(sizeof(int))]; } control;
    memset(&control, 0, sizeof(control));
    struct msghdr message = { 0 };
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control.space;
    message.msg_controllen = sizeof(control.space);
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(header), &fd_to_send, sizeof(int));
    ssize_t sent;
    do { sent = sendmsg(socket_fd, &message, MSG_NOSIGNAL); } while (sent < 0 && errno == EINTR);
    return sent < 0 ? -1 : 0;
}

int vessel_receive_fd(int socket_fd) {
    char payload;
    struct iovec vector = { .iov_base = &payload, .iov_len = 1 };
    union { struct cmsghdr header; char space[CMSG_SPACE(sizeof(int))]; } control;
    memset(&control, 0, sizeof(control));
    struct msghdr message = { 0 };
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control.space;
    message.msg_controllen = sizeof(control.space);
    ssize_t received;
    do { received = recvmsg(socket_fd, &message, MSG_CMSG_CLOEXEC); } while (received < 0 && errno == EINTR);
    if (received <= 0) { if (received == 0) errno = ECONNRESET; return -1; }
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    if (header == NULL || header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) { errno = EBADMSG; return -1; }
    int fd;
    memcpy(&fd, CMSG_DATA(header), sizeof(int));
    return fd;
}

int vessel_setns(int fd, int nstype) {
    return (int)syscall(SYS_setns, fd, nstype);
}

int vessel_pidfd_open(pid_t pid, unsigned int flags) {
    return (int)syscall(SYS_pidfd_open, pid, flags);
}

int vessel_pidfd_send_signal(int pidfd, int signal) {
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0);
}

int vessel_set_groups(size_t count, const gid_t *groups) {
    return setgroups(count, groups);
}

int vessel_open_pty_master(void) {
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    if (grantpt(fd) != 0 || unlockpt(fd) != 0) { int saved = errno; close(fd); errno = saved; return -1; }
    return fd;
}

int vessel_pty_slave_name(int master_fd, char *buffer, size_t length) {
    return ptsname_r(master_fd, buffer, length);
}

int vessel_pipe2(int fds[2], int flags) {
    return pipe2(fds, flags);
}

int vessel_setresuid(uid_t uid) {
    return setresuid(uid, uid, uid);
}

int vessel_setresgid(gid_t gid) {
    return setresgid(gid, gid, gid);
}

struct vessel_clone_exec_arguments {
    int exec_fd;
    char *const *argv;
    char *const *envp;
    const int *inherit_fds;
    int inherit_count;
    const sigset_t *original_mask;
};

// Runs on its own stack in the parent's memory (CLONE_VM): raw syscalls only, nothing the parent owns is written.
static int vessel_clone_exec_child(void *opaque) {
    const struct vessel_clone_exec_arguments *arguments = opaque;
    for (int index = 0; index < arguments->inherit_count; index++) {
        syscall(SYS_fcntl, arguments->inherit_fds[index], F_SETFD, 0);
    }
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, arguments->original_mask, NULL, 8);
    syscall(SYS_execveat, arguments->exec_fd, "", arguments->argv, arguments->envp, AT_EMPTY_PATH);
    syscall(SYS_exit, 127);
    return 127;
}

long vessel_clone_exec(unsigned long long flags, int exec_fd, char *const argv[], char *const envp[],
                       const int *inherit_fds, int inherit_count, int gate_fd) {
    if (gate_fd < 0) {
        // vfork-like: the child borrows our memory until its exec, so neither side copies page tables or
        // takes copy-on-write faults, and we resume once it has exec'd. Signals stay blocked meanwhile so no
        // handler of ours runs on the child's side.
        sigset_t all, original;
        sigfillset(&all);
        sigprocmask(SIG_SETMASK, &all, &original);
        char stack[32768] __attribute__((aligned(16)));
        struct vessel_clone_exec_arguments arguments = { exec_fd, argv, envp, inherit_fds, inherit_count, &original };
        int pid = clone(vessel_clone_exec_child, stack + sizeof(stack), (int)flags | CLONE_VM | CLONE_VFORK | SIGCHLD, &arguments);
        int saved = errno;
        sigprocmask(SIG_SETMASK, &original, NULL);
        errno = saved;
        return pid;
    }
    struct clone_args arguments;
    memset(&arguments, 0, sizeof(arguments));
    arguments.flags = flags;
    arguments.exit_signal = SIGCHLD;
    long pid = syscall(SYS_clone3, &arguments, sizeof(arguments));
    // Without clone3 (before Linux 5.3, or under valgrind), clone takes the same flags fork-like.
    if (pid < 0 && errno == ENOSYS) pid = syscall(SYS_clone, (unsigned long)flags | SIGCHLD, 0, 0, 0, 0);
    if (pid != 0) return pid;
    if (gate_fd >= 0) {
        char byte;
        long got;
        do { got = syscall(SYS_read, gate_fd, &byte, 1); } while (got < 0 && errno == EINTR);
        if (got != 1) syscall(SYS_exit_group, 127);
        if (flags & CLONE_NEWUSER) {
            // Become the namespace's root (kuid = the mapped host id) so the exec keeps capabilities.
            if (syscall(SYS_setresgid, 0, 0, 0) != 0 || syscall(SYS_setresuid, 0, 0, 0) != 0) syscall(SYS_exit_group, 126);
            syscall(SYS_setgroups, 0, NULL);
        }
    }
    for (int index = 0; index < inherit_count; index++) {
        syscall(SYS_fcntl, inherit_fds[index], F_SETFD, 0);
    }
    syscall(SYS_execveat, exec_fd, "", argv, envp, AT_EMPTY_PATH);
    syscall(SYS_exit_group, 127);
    return -1;
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
