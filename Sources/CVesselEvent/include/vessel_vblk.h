#ifndef VESSEL_VBLK_H
#define VESSEL_VBLK_H

// Raw-image I/O for virtio-blk; fallocate and its flags are not exported by Glibc's Swift module.
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/falloc.h>

// The raw system call: glibc declares fallocate() only under _GNU_SOURCE, which the umbrella header lacks.
static inline int vessel_block_fallocate(int fd, int mode, long long offset, long long length) {
    return (int)syscall(SYS_fallocate, fd, mode, offset, length);
}

static inline int vessel_block_punch_hole(int fd, long long offset, long long length) {
    return vessel_block_fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, length);
}

static inline int vessel_block_zero_range(int fd, long long offset, long long length) {
    return vessel_block_fallocate(fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, offset, length);
}

static inline long vessel_block_preadv(int fd, const struct iovec *vectors, int count, long long offset) {
    return preadv(fd, vectors, count, offset);
}

static inline long vessel_block_pwritev(int fd, const struct iovec *vectors, int count, long long offset) {
    return pwritev(fd, vectors, count, offset);
}

#endif
