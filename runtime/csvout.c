/*
 * csvout.c - spikes as one CSV file, for people and tools without HDF5.
 *
 *   population,node_id,time_ms
 *   liquid,17,0.3000
 *
 * Every population's spikes are already in step order, so a k-way merge on
 * the step gives the global time order without sorting; within one step the
 * order is population order, then push order, which makes the file a stable
 * function of the run (diffable in tests).  Times are printed with "%.4f",
 * i.e. to 0.1 us: dt is 0.1 ms or coarser in practice, and the short form
 * keeps files small and free of binary-to-decimal noise such as
 * 0.30000000000000004.
 */
#define _POSIX_C_SOURCE 200809L

#include "output.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The population column as it appears in the file: the name itself, or
   quoted with doubled quotes (RFC 4180) if it contains , " CR or LF. */
static char *csv_field(const char *name)
{
    size_t len = strlen(name), extra = 0;
    if (!strpbrk(name, ",\"\r\n")) {
        char *copy = malloc(len + 1);
        if (copy)
            memcpy(copy, name, len + 1);
        return copy;
    }
    for (const char *p = name; *p; p++)
        extra += *p == '"';
    char *out = malloc(len + extra + 3), *o = out;
    if (!out)
        return NULL;
    *o++ = '"';
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            *o++ = '"';
        *o++ = *p;
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

/* Decimal digits of v, without printf's format parsing on the hot path. */
static void put_u32(FILE *f, uint32_t v)
{
    char d[10];
    int k = 0;
    do {
        d[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (k)
        putc(d[--k], f);
}

static int write_rows(FILE *f, const snn_spikes *pops, int npops, double dt_ms,
                      char **field, uint64_t *cur)
{
    if (fputs("population,node_id,time_ms\n", f) == EOF)
        return -1;
    for (;;) {
        /* The earliest pending step over all populations. */
        int64_t t = 0;
        int any = 0;
        for (int p = 0; p < npops; p++)
            if (cur[p] < pops[p].n && (!any || pops[p].step[cur[p]] < t)) {
                t = pops[p].step[cur[p]];
                any = 1;
            }
        if (!any)
            return 0;

        char ms[64];
        snprintf(ms, sizeof ms, "%.4f", (double)t * dt_ms);
        for (int p = 0; p < npops; p++) {
            const snn_spikes *s = &pops[p];
            for (; cur[p] < s->n && s->step[cur[p]] == t; cur[p]++) {
                fputs(field[p], f);
                putc(',', f);
                put_u32(f, s->node[cur[p]]);
                putc(',', f);
                fputs(ms, f);
                if (putc('\n', f) == EOF)
                    return -1;
            }
        }
    }
}

int snn_write_spikes_csv(const char *path, const snn_spikes *pops, int npops, double dt_ms)
{
    char tmp[SNN_PATH_MAX];
    char **field = NULL;
    uint64_t *cur = NULL;
    FILE *f = NULL;
    int rc;

    if (!(dt_ms > 0 && isfinite(dt_ms)))
        return snn_output_fail(SNN_OUT_EINVAL, path, "time step %g ms is not positive", dt_ms);
    if ((rc = snn_spikes_check(path, pops, npops)) != 0)
        return rc;

    size_t np = npops > 0 ? (size_t)npops : 1;
    field = calloc(np, sizeof *field);
    cur = calloc(np, sizeof *cur);
    if (!field || !cur)
        goto nomem;
    for (int p = 0; p < npops; p++)
        if (!(field[p] = csv_field(pops[p].name)))
            goto nomem;

    if ((rc = snn_atomic_begin(path, tmp, sizeof tmp)) != 0)
        goto done;
    f = fopen(tmp, "w");
    if (!f) {
        rc = snn_output_fail(SNN_OUT_EIO, path, "cannot open file: %s", strerror(errno));
        snn_atomic_abort(tmp);
        goto done;
    }
    setvbuf(f, NULL, _IOFBF, 1 << 16);
    errno = 0;
    int bad = write_rows(f, pops, npops, dt_ms, field, cur) != 0 || ferror(f);
    int e = errno;
    /* fclose flushes the last buffer, so its failure is a write failure. */
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        rc = snn_output_fail(SNN_OUT_EIO, path, "cannot write file: %s",
                             strerror(e ? e : EIO));
        snn_atomic_abort(tmp);
        goto done;
    }
    rc = snn_atomic_commit(tmp, path);
    goto done;

nomem:
    rc = snn_output_fail(SNN_OUT_ENOMEM, path, "out of memory");
done:
    if (field)
        for (int p = 0; p < npops; p++)
            free(field[p]);
    free(field);
    free(cur);
    return rc;
}
