/*
 * runjson.c - a small JSON writer, used for the run manifest run.json.
 *
 * Streaming: the caller emits values in document order and the writer keeps
 * only a stack of open containers, appending pretty-printed text to a
 * growable buffer; snn_json_save() then writes the buffer atomically.
 * Output is always valid JSON: strings are escaped and forced to valid
 * UTF-8, non-finite numbers become null, and misuse (a key inside an array,
 * an unbalanced end) is refused rather than written.
 */
#define _POSIX_C_SOURCE 200809L

#include "output.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAXDEPTH = 64 };

struct snn_json {
    char *buf;
    size_t len, cap;
    int err;                 /* sticky SNN_OUT_* code of the first failure */
    char msg[160];           /* its description, re-reported by save */
    int depth;
    int done;                /* the top-level value is complete */
    struct {
        char kind;           /* '{' or '[' */
        unsigned long count; /* members so far, to place commas */
    } stack[MAXDEPTH];
};

static int fail(snn_json *j, int code, const char *fmt, ...)
{
    if (!j->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(j->msg, sizeof j->msg, fmt, ap);
        va_end(ap);
        j->err = code;
    }
    return snn_output_fail(j->err, NULL, "run manifest: %s", j->msg);
}

snn_json *snn_json_new(void)
{
    snn_json *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->cap = 1024;
    j->buf = malloc(j->cap);
    if (!j->buf) {
        free(j);
        return NULL;
    }
    j->buf[0] = '\0';
    return j;
}

void snn_json_free(snn_json *j)
{
    if (j) {
        free(j->buf);
        free(j);
    }
}

const char *snn_json_text(const snn_json *j, size_t *len)
{
    if (len)
        *len = j ? j->len : 0;
    return j ? j->buf : "";
}

static void put(snn_json *j, const char *s, size_t n)
{
    if (j->err)
        return;
    if (j->len + n + 1 > j->cap) {
        size_t cap = j->cap;
        while (j->len + n + 1 > cap)
            cap *= 2;
        char *b = realloc(j->buf, cap);
        if (!b) {
            fail(j, SNN_OUT_ENOMEM, "out of memory");
            return;
        }
        j->buf = b;
        j->cap = cap;
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    j->buf[j->len] = '\0';
}

static void put_cstr(snn_json *j, const char *s)
{
    put(j, s, strlen(s));
}

/* Length of the valid UTF-8 sequence at p, or 0 if it is not one
   (overlong forms, surrogates and code points above U+10FFFF included). */
static size_t utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    unsigned lo = 0x80, hi = 0xBF;
    size_t n;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return n;
}

/* A JSON string literal.  Invalid UTF-8 bytes (a Latin-1 file name, say)
   become U+FFFD so that the document stays parseable. */
static void put_string(snn_json *j, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    put(j, "\"", 1);
    while (*p) {
        const unsigned char *run = p;
        while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
            p++;
        put(j, (const char *)run, (size_t)(p - run));
        if (!*p)
            break;
        char esc[8];
        switch (*p) {
        case '"':  put_cstr(j, "\\\""); p++; break;
        case '\\': put_cstr(j, "\\\\"); p++; break;
        case '\b': put_cstr(j, "\\b"); p++; break;
        case '\f': put_cstr(j, "\\f"); p++; break;
        case '\n': put_cstr(j, "\\n"); p++; break;
        case '\r': put_cstr(j, "\\r"); p++; break;
        case '\t': put_cstr(j, "\\t"); p++; break;
        default:
            if (*p < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                put_cstr(j, esc);
                p++;
            } else {
                size_t n = utf8_len(p);
                if (n) {
                    put(j, (const char *)p, n);
                    p += n;
                } else {
                    put_cstr(j, "\\ufffd");
                    p++;
                }
            }
        }
    }
    put(j, "\"", 1);
}

static void indent(snn_json *j, int depth)
{
    static const char spaces[] = "                                ";
    for (int k = 2 * depth; k > 0; k -= 32)
        put(j, spaces, k < 32 ? (size_t)k : 32);
}

/* Everything before a value: check the key against the container, then the
   comma, line break, indent and "key": . */
/* A NULL writer is what snn_json_new() returns out of memory; accepting it
   everywhere keeps the promise that only the final save need be checked. */
static int no_writer(void)
{
    return snn_output_fail(SNN_OUT_ENOMEM, NULL, "run manifest: out of memory");
}

static int begin_value(snn_json *j, const char *key)
{
    if (!j)
        return no_writer();
    if (j->err)
        return j->err;
    if (j->depth == 0) {
        if (j->done)
            return fail(j, SNN_OUT_EINVAL, "a second top-level value");
        if (key)
            return fail(j, SNN_OUT_EINVAL, "key '%s' outside an object", key);
        return 0;
    }
    char kind = j->stack[j->depth - 1].kind;
    if (kind == '{' && !key)
        return fail(j, SNN_OUT_EINVAL, "object member without a key");
    if (kind == '[' && key)
        return fail(j, SNN_OUT_EINVAL, "key '%s' inside an array", key);
    if (j->stack[j->depth - 1].count++)
        put(j, ",", 1);
    put(j, "\n", 1);
    indent(j, j->depth);
    if (key) {
        put_string(j, key);
        put(j, ": ", 2);
    }
    return j->err;
}

/* After a complete value: a finished document ends with a newline. */
static int end_value(snn_json *j)
{
    if (j->depth == 0 && !j->err) {
        j->done = 1;
        put(j, "\n", 1);
    }
    return j->err;
}

static int open_container(snn_json *j, const char *key, char kind)
{
    int rc = begin_value(j, key);
    if (rc)
        return rc;
    if (j->depth == MAXDEPTH)
        return fail(j, SNN_OUT_EINVAL, "nesting deeper than %d", MAXDEPTH);
    put(j, &kind, 1);
    j->stack[j->depth].kind = kind;
    j->stack[j->depth].count = 0;
    j->depth++;
    return j->err;
}

static int close_container(snn_json *j, char kind)
{
    if (!j)
        return no_writer();
    if (j->err)
        return j->err;
    if (j->depth == 0 || j->stack[j->depth - 1].kind != kind)
        return fail(j, SNN_OUT_EINVAL, "'%c' closes nothing open",
                    kind == '{' ? '}' : ']');
    j->depth--;
    if (j->stack[j->depth].count) {   /* empty containers stay "{}" / "[]" */
        put(j, "\n", 1);
        indent(j, j->depth);
    }
    put(j, kind == '{' ? "}" : "]", 1);
    return end_value(j);
}

int snn_json_begin_object(snn_json *j, const char *key) { return open_container(j, key, '{'); }
int snn_json_end_object(snn_json *j) { return close_container(j, '{'); }
int snn_json_begin_array(snn_json *j, const char *key) { return open_container(j, key, '['); }
int snn_json_end_array(snn_json *j) { return close_container(j, '['); }

int snn_json_string(snn_json *j, const char *key, const char *val)
{
    int rc = begin_value(j, key);
    if (rc)
        return rc;
    if (val)
        put_string(j, val);
    else
        put_cstr(j, "null");
    return end_value(j);
}

/* The shortest of %.15g, %.16g, %.17g that reads back as the same double:
   lossless like %.17g, but 0.1 stays "0.1" for the human reader. */
int snn_json_number(snn_json *j, const char *key, double val)
{
    char num[32];
    int rc = begin_value(j, key);
    if (rc)
        return rc;
    if (!isfinite(val)) {
        put_cstr(j, "null");
        return end_value(j);
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(num, sizeof num, "%.*g", prec, val);
        if (strtod(num, NULL) == val)
            break;
    }
    put_cstr(j, num);
    return end_value(j);
}

int snn_json_int(snn_json *j, const char *key, int64_t val)
{
    char num[24];
    int rc = begin_value(j, key);
    if (rc)
        return rc;
    snprintf(num, sizeof num, "%" PRId64, val);
    put_cstr(j, num);
    return end_value(j);
}

int snn_json_uint(snn_json *j, const char *key, uint64_t val)
{
    char num[24];
    int rc = begin_value(j, key);
    if (rc)
        return rc;
    snprintf(num, sizeof num, "%" PRIu64, val);
    put_cstr(j, num);
    return end_value(j);
}

int snn_json_bool(snn_json *j, const char *key, int val)
{
    int rc = begin_value(j, key);
    if (rc)
        return rc;
    put_cstr(j, val ? "true" : "false");
    return end_value(j);
}

int snn_json_null(snn_json *j, const char *key)
{
    int rc = begin_value(j, key);
    if (rc)
        return rc;
    put_cstr(j, "null");
    return end_value(j);
}

int snn_json_save(snn_json *j, const char *path)
{
    char tmp[SNN_PATH_MAX];
    int rc;

    if (!j)
        return snn_output_fail(SNN_OUT_ENOMEM, path, "out of memory");
    if (j->err)
        return snn_output_fail(j->err, path, "%s", j->msg);
    if (!j->done)
        return snn_output_fail(SNN_OUT_EINVAL, path, "JSON document is incomplete (%d open)",
                               j->depth);
    if ((rc = snn_atomic_begin(path, tmp, sizeof tmp)) != 0)
        return rc;
    FILE *f = fopen(tmp, "w");
    if (!f) {
        rc = snn_output_fail(SNN_OUT_EIO, path, "cannot open file: %s", strerror(errno));
        snn_atomic_abort(tmp);
        return rc;
    }
    errno = 0;
    int bad = fwrite(j->buf, 1, j->len, f) != j->len;
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        rc = snn_output_fail(SNN_OUT_EIO, path, "cannot write file: %s", strerror(e ? e : EIO));
        snn_atomic_abort(tmp);
        return rc;
    }
    return snn_atomic_commit(tmp, path);
}
