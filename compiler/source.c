/*
 * source.c: the source table.  Files are read whole and NUL-terminated (the
 * scanner relies on the sentinel); tokens carry byte offsets, and line/column
 * are computed from a line table only when a message is printed.
 */
#include "snnc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILES 256
static SrcFile files[MAX_FILES];
static int nfiles;

static int add(const char *path, char *text, size_t len)
{
    if (nfiles == MAX_FILES)
        diag_internal("too many source files");
    SrcFile *f = &files[nfiles];
    f->path = arena_strdup(path);
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

int src_load(const char *path, const char **err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        *err = strerror(errno);
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
        len += got;
        if (len + 1 == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    int bad = ferror(fp);
    fclose(fp);
    if (!buf || bad) {
        free(buf);
        *err = bad ? "read error" : "out of memory";
        return -1;
    }
    if (memchr(buf, 0, len)) {
        free(buf);
        *err = "file contains a NUL byte (not a text file)";
        return -1;
    }
    char *text = arena_strndup(buf, len);
    free(buf);
    return add(path, text, len);
}

int src_add_text(const char *path, const char *text)
{
    return add(path, arena_strdup(text), strlen(text));
}

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
