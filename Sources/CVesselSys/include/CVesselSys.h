#ifndef CVESSEL_SYS_H
#define CVESSEL_SYS_H

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <sys/mount.h>
#include <linux/sched.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

// Wrappers for syscalls glibc does not expose, or exposes only as variadic functions.
long vessel_syscall_clone3(struct clone_args *arguments, size_t size);
int vessel_pivot_root(const char *new_root, const char *put_old);
int vessel_prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5);
int vessel_ioctl_pointer(int fd, unsigned long request, void *argument);
int vessel_ioctl_value(int fd, unsigned long request, unsigned long value);
int vessel_fcntl_int(int fd, int command, int value);
int vessel_open(const char *path, int flags, unsigned int mode);
int vessel_openat(int dirfd, const char *path, int flags, unsigned int mode);
long vessel_openat2(int dirfd, const char *path, unsigned long long flags, unsigned long long mode, unsigned long long resolve);
int vessel_seccomp_set_filter(unsigned int flags, struct sock_fprog *program);
int vessel_capget(struct __user_cap_header_struct *header, struct __user_cap_data_struct *data);
int vessel_capset(struct __user_cap_header_struct *header, const struct __user_cap_data_struct *data);
// unshare(2): glibc declares it only under _GNU_SOURCE, which this header must not define (Swift's Glibc
// module is built without it, and a different fd_set layout would clash with it).
int vessel_unshare(int flags);
// O_PATH is likewise GNU-only in <fcntl.h>; its value is not.
static const int VESSEL_O_PATH = __O_PATH;

// Additions for the OCI runtime's process setup (vessel-runtime).
int vessel_memfd_create(const char *name, unsigned int flags);
// The new mount API (Linux 5.2): a filesystem context, its configuration, and a detached mount of it.
int vessel_fsopen(const char *filesystem, unsigned int flags);
int vessel_fsconfig(int context_fd, unsigned int command, const char *key, const void *value, int aux);
int vessel_fsmount(int context_fd, unsigned int flags, unsigned int attributes);
int vessel_execveat(int dirfd, const char *path, char *const argv[], char *const envp[], int flags);
int vessel_close_range(unsigned int first, unsigned int last, unsigned int flags);
int vessel_send_fd(int socket_fd, int fd_to_send);
int vessel_receive_fd(int socket_fd);
int vessel_setns(int fd, int nstype);
int vessel_pidfd_open(pid_t pid, unsigned int flags);
int vessel_pidfd_send_signal(int pidfd, int signal);
int vessel_set_groups(size_t count, const gid_t *groups);
int vessel_open_pty_master(void);
int vessel_pipe2(int fds[2], int flags);
// Clones with namespace `flags`; the child only clears FD_CLOEXEC on `inherit_fds` and execveat()s `exec_fd`
// (AT_EMPTY_PATH), so no library state of the parent is used in it. Without a gate the child runs vfork-like
// (CLONE_VM | CLONE_VFORK on a stack of its own) and the call returns once it has exec'd; with one, fork-like.
// With `gate_fd` >= 0 the child first waits for one byte (or EOF) on it, so the parent can write a new user
// namespace's id maps before the exec; with CLONE_NEWUSER it then becomes uid/gid 0 of that namespace, since
// an exec as an unmapped uid would drop every capability.
// Returns the child's pid in the parent, -1 with errno on failure.
long vessel_clone_exec(unsigned long long flags, int exec_fd, char *const argv[], char *const envp[],
                       const int *inherit_fds, int inherit_count, int gate_fd);
int vessel_setresuid(uid_t uid);
int vessel_setresgid(gid_t gid);
int vessel_pty_slave_name(int master_fd, char *buffer, size_t length);
// statfs(path).f_type (the filesystem magic), or -errno on failure. Swift's Glibc module lacks statfs.
long long vessel_filesystem_type(const char *path);

// Waits for a child (retrying EINTR). On return 0: *exit_code is its exit status or -1, *signal_number the
// terminating signal or 0.
int vessel_wait_child(pid_t pid, int *exit_code, int *signal_number);

// Probe children for isolation tests. The child runs only async-signal-safe code and reports through its
// exit status; the parent gets the pid (or -1 with errno).
// Sets no_new_privs, installs `program` with `flags` (exit 251 if that fails), calls syscall(number, args[0..5]),
// exits 0 if it succeeded, otherwise with its errno.
pid_t vessel_fork_seccomp_syscall(struct sock_fprog *program, unsigned int flags, long number, const unsigned long *arguments);
// Like vessel_fork_seccomp_syscall, but makes the call through the i386 ABI (int $0x80) with one argument.
pid_t vessel_fork_seccomp_syscall_i386(struct sock_fprog *program, unsigned int flags, long number, unsigned long argument);
// Sets no_new_privs, installs `program` (exit 251 if that fails), then execve(path, argv, envp) (exit 250 if that fails).
pid_t vessel_fork_seccomp_exec(struct sock_fprog *program, unsigned int flags, const char *path, char *const argv[], char *const envp[]);
// Waits for one byte on gate_fd, then writes to every page of `bytes` of fresh anonymous memory; exits 0.
pid_t vessel_fork_gated_touch_memory(int gate_fd, unsigned long bytes);
// Waits for one byte on gate_fd, forks up to `attempts` children that just pause, then kills and reaps them;
// exits with the number of forks that succeeded.
pid_t vessel_fork_gated_count_forks(int gate_fd, int attempts);
// Waits for one byte on gate_fd, then open(path, O_RDONLY | O_CLOEXEC); exits 0 if that worked, else with its errno.
pid_t vessel_fork_gated_open(int gate_fd, const char *path);

#endif
