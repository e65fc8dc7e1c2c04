/*
 * csvin.c: the CSV files a run reads (spike files, stimulus sets).
 *
 * A line is read byte by byte up to its newline, so that a NUL byte or another
 * control character is reported on its line (a binary file is refused, not
 * read as a header and no spikes), and a line cannot grow without bound.
 * '#' comments and blank lines are skipped.  The first other line is a header
 * unless it starts like a number (a digit, a sign or '.'): its names place the
 * columns, in any order, each once and no others.  Without a header the
 * columns are in the order the caller documents.  Every message names the file and the line.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>

enum { LINE_MAX_BYTES = 1 << 16 };

int snn_csv_open(snn_run *r, snn_csv *c, const char *path, const char *what, const char *const *names, int ncol)
{
    memset(c, 0, sizeof *c);
    c->path = path;
    c->names = names;
    c->ncol = ncol;
    for (int k = 0; k < ncol; k++)
        c->col[k] = k;
    c->fp = fopen(path, "r");
    if (!c->fp)
        return snn_fail(r, "%s: cannot open %s: %s", path, what, strerror(errno));
    c->buf = malloc(LINE_MAX_BYTES + 1);
    if (!c->buf) {
        snn_csv_close(c);
        return snn_fail(r, "out of memory");
    }
    return 0;
}

void snn_csv_close(snn_csv *c)
{
    if (c->fp)
        fclose(c->fp);
    free(c->buf);
    c->fp = NULL;
    c->buf = NULL;
}

/* The columns as the file should have them, for messages: "node_id,time_ms". */
static const char *expected(const snn_csv *c, char *b, size_t n)
{
    size_t at = 0;
    b[0] = 0;
    for (int k = 0; k < c->ncol && at < n; k++)
        at += (size_t)snprintf(b + at, n - at, "%s%s", k ? "," : "", c->names[k]);
    return b;
}

/* The next line that is not blank or a comment, without its newline: 1, 0 at
 * the end, -1 on an error. */
static int next_line(snn_run *r, snn_csv *c, char **text)
{
    for (;;) {
        size_t n = 0;
        int ch = EOF;
        bool any = false;
        while ((ch = getc(c->fp)) != EOF) {
            any = true;
            if (ch == '\n')
                break;
            if (n == LINE_MAX_BYTES)
                return snn_fail(r, "%s:%ld: line longer than %d bytes", c->path, c->lineno + 1, LINE_MAX_BYTES);
            if ((ch < 32 && ch != '\t' && ch != '\r') || ch == 127)
                return snn_fail(r, "%s:%ld: %s (byte 0x%02x): this is not a text file", c->path, c->lineno + 1,
                                ch ? "a control character" : "a NUL byte", ch);
            c->buf[n++] = (char)ch;
        }
        if (ferror(c->fp))
            return snn_fail(r, "%s: read error", c->path);
        if (!any)
            return 0;
        c->lineno++;
        while (n && (c->buf[n - 1] == '\r' || c->buf[n - 1] == ' ' || c->buf[n - 1] == '\t'))
            n--;
        c->buf[n] = 0;
        char *p = c->buf;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p && *p != '#') {
            *text = p;
            return 1;
        }
    }
}

/* Splits p at commas into at most max fields, blanks trimmed; the count. */
static int split(char *p, char **field, int max)
{
    int n = 0;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        char *end = strchr(p, ',');
        if (n < max)
            field[n] = p;
        n++;
        char *q = end ? end : p + strlen(p);
        while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
            q--;
        if (!end) {
            *q = 0;
            return n;
        }
        *q = 0;
        p = end + 1;
    }
}

/* The header's names place the columns. */
static int header(snn_run *r, snn_csv *c, char *p)
{
    char *field[SNN_CSV_MAX_COLS + 1], b[256];
    for (const unsigned char *q = (const unsigned char *)p; *q; q++)
        if (*q > 126)
            return snn_fail(r, "%s:%ld: the first line holds the byte 0x%02x: this is not a CSV file of %s", c->path,
                            c->lineno, *q, expected(c, b, sizeof b));
    int n = split(p, field, SNN_CSV_MAX_COLS + 1);
    bool seen[SNN_CSV_MAX_COLS] = {false};
    for (int i = 0; i < n && i <= SNN_CSV_MAX_COLS; i++) {
        int k = 0;
        while (k < c->ncol && strcmp(field[i], c->names[k]) != 0)
            k++;
        if (k == c->ncol || i == SNN_CSV_MAX_COLS)
            return snn_fail(r, "%s:%ld: unknown column '%.80s' in the header (the columns are %s, in any order)", c->path,
                            c->lineno, i < SNN_CSV_MAX_COLS ? field[i] : "", expected(c, b, sizeof b));
        if (seen[k])
            return snn_fail(r, "%s:%ld: column '%s' twice in the header", c->path, c->lineno, c->names[k]);
        seen[k] = true;
        c->col[k] = i;
    }
    for (int k = 0; k < c->ncol; k++)
        if (!seen[k])
            return snn_fail(r, "%s:%ld: no column '%s' in the header (the columns are %s, in any order)", c->path,
                            c->lineno, c->names[k], expected(c, b, sizeof b));
    return 0;
}

int snn_csv_row(snn_run *r, snn_csv *c, char **f)
{
    char *p;
    int got = next_line(r, c, &p);
    if (got > 0 && !c->started) {
        c->started = true;
        if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == '.')) { /* a header names columns */
            if (header(r, c, p))
                return -1;
            got = next_line(r, c, &p);
        }
    }
    if (got <= 0)
        return got;
    char *field[SNN_CSV_MAX_COLS + 1], b[256];
    int n = split(p, field, SNN_CSV_MAX_COLS + 1);
    if (n != c->ncol)
        return snn_fail(r, "%s:%ld: expected '%s' (%d fields), found %d field%s", c->path, c->lineno,
                        expected(c, b, sizeof b), c->ncol, n, n == 1 ? "" : "s");
    for (int k = 0; k < c->ncol; k++)
        f[k] = field[c->col[k]];
    return 1;
}

int snn_csv_uint(snn_run *r, const snn_csv *c, int k, const char *text, uint64_t *v)
{
    char b[256];
    if (!*text || strspn(text, "0123456789") != strlen(text))
        return snn_fail(r, "%s:%ld: expected '%s': %s '%.40s' is not a whole number >= 0", c->path, c->lineno,
                        expected(c, b, sizeof b), c->names[k], text);
    errno = 0;
    unsigned long long x = strtoull(text, NULL, 10);
    *v = errno == ERANGE ? UINT64_MAX : (uint64_t)x; /* too large for any range: the caller says so, as written */
    return 0;
}

int snn_csv_num(snn_run *r, const snn_csv *c, int k, const char *text, double *v)
{
    char b[256], *end;
    *v = strtod(text, &end); /* an underflow to 0 is a number like any other */
    if (end == text || *end)
        return snn_fail(r, "%s:%ld: expected '%s': %s '%.40s' is not a number", c->path, c->lineno,
                        expected(c, b, sizeof b), c->names[k], text);
    return 0;
}
