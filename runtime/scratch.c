/*
 * scratch.c - the private scratch files in which HDF5 lays out a file that we
 * then write ourselves (sonata.c, h5mem.c: see sonata.c for why), and the
 * copying of their bytes into the final file.
 */
#define _POSIX_C_SOURCE 200809L

#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/statvfs.h>
#include <unistd.h>

int snn_scratch_open(char *name, size_t n, uint64_t need)
{
    /* /dev/shm is memory, where a full disk cannot reach; elsewhere the
     * usual temporary directories.  A folder without room for NEED bytes is
     * passed over: HDF5 must not meet a full disk (sonata.c). */
    const char *dirs[] = {"/dev/shm", getenv("TMPDIR"), "/tmp"};
    int e = ENOENT;
    for (int i = 0; i < 3; i++) {
        struct statvfs sv;
        if (!dirs[i] || !*dirs[i])
            continue;
        if (statvfs(dirs[i], &sv) == 0 && (uint64_t)sv.f_bavail * sv.f_frsize < need + need / 4 + (1u << 20)) {
            e = ENOSPC;
            continue;
        }
        snprintf(name, n, "%s/.snn_h5.XXXXXX", dirs[i]);
        int fd = mkstemp(name);
        if (fd >= 0) {
            fcntl(fd, F_SETFD, FD_CLOEXEC);
            return fd;
        }
        e = errno;
    }
    errno = e;
    return -1;
}

int snn_scratch_copy(int fd, uint64_t from, uint64_t to, FILE *out, unsigned char *buf, size_t bufsize)
{
    while (from < to) {
        size_t want = to - from < bufsize ? (size_t)(to - from) : bufsize;
        ssize_t got = pread(fd, buf, want, (off_t)from);
        if (got <= 0) {
            if (got == 0)
                errno = EIO; /* scratch shorter than HDF5 said */
            return -1;
        }
        if (fwrite(buf, 1, (size_t)got, out) != (size_t)got)
            return -1;
        from += (uint64_t)got;
    }
    return 0;
}
