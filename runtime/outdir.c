/*
 * outdir.c - what the output writers share: the last error message, spike
 * storage, folders and atomic file creation (a run's folder as a whole:
 * runfolder.c).
 *
 * Atomicity rests on rename(2): a file is written under a hidden temporary
 * name in the same directory (same file system, so the rename cannot turn
 * into a copy) and only a complete, flushed file is renamed to its final
 * name.  Readers therefore see either the old file, or none, or the whole
 * new one.
 */
#define _POSIX_C_SOURCE 200809L

#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* One message for the whole process: writers run once, at the end of a run,
   from one thread. */
static char errbuf[1024];

const char *snn_output_error(void)
{
    return errbuf;
}

int snn_output_fail(int code, const char *path, const char *fmt, ...)
{
    size_t off = 0;
    va_list ap;

    if (path) {
        int k = snprintf(errbuf, sizeof errbuf, "%s: ", path);
        off = k < 0 ? 0 : (size_t)k < sizeof errbuf ? (size_t)k : sizeof errbuf - 1;
    }
    va_start(ap, fmt);
    vsnprintf(errbuf + off, sizeof errbuf - off, fmt, ap);
    va_end(ap);
    return code;
}

/* ---- spike storage ------------------------------------------------------ */

int snn_spikes_push(snn_spikes *s, uint32_t node, int64_t step)
{
    if (s->n == s->cap) {
        /* Doubling keeps the cost of growth at O(1) per spike on average. */
        uint64_t cap = s->cap ? 2 * s->cap : 1024;
        if (cap > SIZE_MAX / sizeof *s->step)
            goto nomem;
        uint32_t *node_arr = realloc(s->node, (size_t)cap * sizeof *node_arr);
        if (!node_arr)
            goto nomem;
        s->node = node_arr;   /* larger than cap until step grows: harmless */
        int64_t *step_arr = realloc(s->step, (size_t)cap * sizeof *step_arr);
        if (!step_arr)
            goto nomem;
        s->step = step_arr;
        s->cap = cap;
    }
    s->node[s->n] = node;
    s->step[s->n] = step;
    s->n++;
    return 0;
nomem:
    return snn_output_fail(SNN_OUT_ENOMEM, NULL,
                           "population '%s': out of memory storing %" PRIu64 " spikes",
                           s->name ? s->name : "?", s->n + 1);
}

void snn_spikes_free(snn_spikes *s)
{
    free(s->node);
    free(s->step);
    s->node = NULL;
    s->step = NULL;
    s->n = s->cap = 0;
}

int snn_spikes_check(const char *path, const snn_spikes *pops, int npops)
{
    if (npops < 0 || (npops > 0 && !pops))
        return snn_output_fail(SNN_OUT_EINVAL, path, "no populations given");
    for (int p = 0; p < npops; p++) {
        const snn_spikes *s = &pops[p];
        if (!s->name || !*s->name)
            return snn_output_fail(SNN_OUT_EINVAL, path, "population %d has no name", p);
        for (int q = 0; q < p; q++)
            if (strcmp(pops[q].name, s->name) == 0)
                return snn_output_fail(SNN_OUT_EINVAL, path,
                                       "population '%s' given twice", s->name);
        if (s->n > 0 && (!s->node || !s->step || s->n > s->cap))
            return snn_output_fail(SNN_OUT_EINVAL, path,
                                   "population '%s': spike arrays are inconsistent", s->name);
        for (uint64_t i = 0; i < s->n; i++) {
            if (s->node[i] >= s->size)
                return snn_output_fail(SNN_OUT_EINVAL, path,
                                       "population '%s': node id %" PRIu32
                                       " out of range (size %" PRIu64 ")",
                                       s->name, s->node[i], s->size);
            /* by_time in the SONATA file and the CSV merge both rely on it */
            if (i > 0 && s->step[i] < s->step[i - 1])
                return snn_output_fail(SNN_OUT_EINVAL, path,
                                       "population '%s': spikes not in time order "
                                       "(step %" PRId64 " after %" PRId64 ")",
                                       s->name, s->step[i], s->step[i - 1]);
        }
    }
    return 0;
}

/* ---- folders ------------------------------------------------------------ */

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool snn_path_join(char *out, size_t n, const char *dir, const char *name)
{
    int k = snprintf(out, n, "%s/%s", dir, name);
    return k >= 0 && (size_t)k < n;
}

int snn_mkdir_p(const char *dir)
{
    if (!dir || !*dir)
        return snn_output_fail(SNN_OUT_EINVAL, NULL, "empty output directory name");
    size_t len = strlen(dir);
    char *buf = malloc(len + 1);
    if (!buf)
        return snn_output_fail(SNN_OUT_ENOMEM, dir, "out of memory");
    memcpy(buf, dir, len + 1);

    /* Create each prefix ending before a '/', then the whole path. */
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        if (buf[i - 1] == '/')
            continue;               /* "a//b" or a trailing '/' */
        char saved = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0) {
            int e = errno;
            /* An existing directory is fine; anything else (EEXIST on a
               file, EACCES above an existing tree...) is not, unless the
               prefix is a directory after all. */
            if (!is_dir(buf)) {
                int rc = snn_output_fail(SNN_OUT_EIO, dir, "cannot create directory '%s': %s",
                                         buf, strerror(e == EEXIST ? ENOTDIR : e));
                free(buf);
                return rc;
            }
        }
        buf[i] = saved;
    }
    free(buf);
    return 0;
}

/* ---- atomic files --------------------------------------------------------- */

int snn_atomic_begin(const char *final_path, char *tmp_path, size_t n)
{
    if (n > 0)
        tmp_path[0] = '\0';
    if (!final_path || !*final_path)
        return snn_output_fail(SNN_OUT_EINVAL, NULL, "empty output file name");
    const char *slash = strrchr(final_path, '/');
    const char *base = slash ? slash + 1 : final_path;
    int dirlen = slash ? (int)(slash - final_path + 1) : 0;
    if (!*base)
        return snn_output_fail(SNN_OUT_EINVAL, final_path, "not a file name");

    /* Hidden, and tagged with the pid so that concurrent runs writing into
       one folder do not collide. */
    int k = snprintf(tmp_path, n, "%.*s.%s.tmp.%ld", dirlen, final_path, base,
                     (long)getpid());
    if (k < 0 || (size_t)k >= n) {
        if (n > 0)
            tmp_path[0] = '\0';
        return snn_output_fail(SNN_OUT_EINVAL, final_path, "path too long");
    }

    /* Create it now, so that a missing or read-only folder is reported with
       errno's words before any writer starts.  O_EXCL never follows a link
       planted under our name; open() rather than mkstemp() so the file gets
       the usual 0666 & ~umask permissions. */
    for (int attempt = 0;; attempt++) {
        int fd = open(tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            close(fd);
            return 0;
        }
        int e = errno;
        /* A leftover of an earlier, crashed process that had our pid. */
        if (e == EEXIST && attempt == 0 && unlink(tmp_path) == 0)
            continue;
        tmp_path[0] = '\0';
        return snn_output_fail(SNN_OUT_EIO, final_path, "cannot create file: %s", strerror(e));
    }
}

/* Flush a file (or directory) to stable storage.  File systems that cannot
   sync (EINVAL, ENOTSUP) have nothing to offer; that is not our failure. */
static int sync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return errno;
    int e = 0;
    if (fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP)
        e = errno;
    close(fd);
    return e;
}

int snn_atomic_commit(const char *tmp_path, const char *final_path)
{
    /* Data first, then the name: after a power cut the final name must not
       point at a file whose blocks never reached the disk. */
    int e = sync_path(tmp_path, O_RDONLY);
    if (e) {
        snn_atomic_abort(tmp_path);
        return snn_output_fail(SNN_OUT_EIO, final_path, "cannot flush file: %s", strerror(e));
    }
    if (rename(tmp_path, final_path) != 0) {
        e = errno;
        snn_atomic_abort(tmp_path);
        return snn_output_fail(SNN_OUT_EIO, final_path, "cannot rename into place: %s",
                               strerror(e));
    }

    /* Make the rename itself durable; best effort, the file is complete. */
    const char *slash = strrchr(final_path, '/');
    if (!slash) {
        sync_path(".", O_RDONLY | O_DIRECTORY);
    } else if (slash == final_path) {
        sync_path("/", O_RDONLY | O_DIRECTORY);
    } else {
        size_t len = (size_t)(slash - final_path);
        char *dir = malloc(len + 1);
        if (dir) {
            memcpy(dir, final_path, len);
            dir[len] = '\0';
            sync_path(dir, O_RDONLY | O_DIRECTORY);
            free(dir);
        }
    }
    return 0;
}

void snn_atomic_abort(const char *tmp_path)
{
    /* Keep errno: callers often build their message after cleaning up. */
    int e = errno;
    if (tmp_path && *tmp_path)
        unlink(tmp_path);
    errno = e;
}
