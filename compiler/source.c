/*
 * source.c: the source table.  Files are read whole and NUL-terminated (the
 * scanner relies on the sentinel); tokens carry byte offsets, and line/column
 * are computed from a line table only when a message is printed.
 */
#include "snnc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILES 256
#define STR_(x) #x
#define STR(x) STR_(x)
static SrcFile files[MAX_FILES];
static int nfiles;

static int add(const char *path, char *text, size_t len)
{
    if (nfiles == MAX_FILES)
        return -1;
    SrcFile *f = &files[nfiles];
    f->path = f->origin = arena_strdup(path);
    const char *slash = strrchr(path, '/');
    f->dir = slash ? arena_strndup(path, (size_t)(slash - path)) : ".";
    f->text = text;
    f->len = len;
    int n = 1;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    f->line_start = arena_alloc(sizeof(int) * (size_t)(n + 1));
    f->nlines = 0;
    f->line_start[f->nlines++] = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            f->line_start[f->nlines++] = (int)i + 1;
    return nfiles++;
}

/* The scanner relies on the NUL sentinel; a NUL inside is an error where it is. */
static int checked(int id, const char **err, Span *at)
{
    *at = (Span){-1, 0, 0};
    if (id < 0) {
        *err = "more than " STR(MAX_FILES) " files in one model";
        return -1;
    }
    const SrcFile *f = &files[id];
    const char *nul = memchr(f->text, 0, f->len);
    if (!nul)
        return id;
    int off = (int)(nul - f->text);
    *at = (Span){id, off, off + 1};
    *err = "NUL byte in the file (a model is text; is this the right file?)";
    return -1;
}

/* Reads a model file whole.  Only regular files are read, and only up to
 * SRC_MAX_BYTES: an import of /dev/zero or of a FIFO would otherwise read
 * until memory runs out or block forever.  O_NONBLOCK makes the open of a
 * FIFO return at once, so that fstat can refuse it. */
int src_load(const char *path, const char **err, Span *at)
{
    *at = (Span){-1, 0, 0};
    errno = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *err = strerror(errno);
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *err = errno ? strerror(errno) : S_ISDIR(st.st_mode) ? "it is a directory" : "not a regular file";
        close(fd);
        return -1;
    }
    if (st.st_size > SRC_MAX_BYTES) {
        *err = arena_printf("larger than %d MiB (a model is text; is this the right file?)", SRC_MAX_BYTES >> 20);
        close(fd);
        return -1;
    }
    /* one byte more than the size, to notice a file that grows while read */
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *text = arena_alloc(cap + 1);
    ssize_t got;
    while (len < cap && (got = read(fd, text + len, cap - len)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            *err = strerror(errno);
            close(fd);
            return -1;
        }
        len += (size_t)got;
    }
    close(fd);
    if (len == cap) {
        *err = "the file changed while it was read";
        return -1;
    }
    text[len] = 0;
    return checked(add(path, text, len), err, at);
}

int src_add_bytes(const char *path, const void *bytes, size_t len, const char **err, Span *at)
{
    return checked(add(path, arena_strndup(bytes, len), len), err, at);
}

/* Forgets every file (the fuzzer compiles many models in one process; the
 * arena that holds their text is freed by the caller). */
void src_reset(void) { nfiles = 0; }

void src_set_display(int id, const char *name) { files[id].path = arena_strdup(name); }

const SrcFile *src_get(int id) { return id >= 0 && id < nfiles ? &files[id] : NULL; }

void src_linecol(const SrcFile *f, int off, int *line, int *col)
{
    int lo = 0, hi = f->nlines - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (f->line_start[mid] <= off)
            lo = mid;
        else
            hi = mid - 1;
    }
    *line = lo + 1;
    *col = off - f->line_start[lo] + 1;
}

uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL; /* FNV-1a */
    }
    return h;
}

Span span_join(Span a, Span b)
{
    if (a.file < 0)
        return b;
    if (b.file < 0 || b.file != a.file)
        return a;
    Span s = a;
    if (b.lo < s.lo)
        s.lo = b.lo;
    if (b.hi > s.hi)
        s.hi = b.hi;
    return s;
}
