#ifndef CVESSEL_IMAGES_H
#define CVESSEL_IMAGES_H

#include <sys/types.h>

// Helpers for layer unpacking whose glibc declarations Swift cannot see (macros or _GNU_SOURCE-only).
int vessel_images_fsetxattr(int fd, const char *name, const void *value, size_t size);
int vessel_images_lsetxattr(const char *path, const char *name, const void *value, size_t size);
long vessel_images_getxattr(const char *path, const char *name, void *value, size_t size);
int vessel_images_mknodat(int dirfd, const char *name, unsigned int mode, unsigned int major, unsigned int minor);

#endif
