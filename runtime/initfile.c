/*
 * initfile.c: per-neuron values read from a file, for a population's
 * 'state VAR = file("PATH" [, UNIT])' (initial values) and for a neuron
 * argument 'PARAM = file("PATH" [, UNIT])' (a parameter per neuron).  One
 * number per line, neuron 0 first, exactly one per neuron; '#' comments, blank
 * lines and a header line naming the state or parameter (e.g. "v") are
 * allowed (csvin.c).  The numbers are in UNIT (SI by default) and must be
 * finite in single precision, the precision of neuron state.  Every refusal
 * names the file, the line where there is one, and the population's state or
 * parameter; nothing is padded, truncated or skipped.
 */
#include "internal.h"

#include <float.h>
#include <stdio.h>

/* noun: what one number is ("initial value", "value") */
static int load(snn_run *r, float *dst, uint32_t n, double unit, const char *path, const char *param, const char *pop,
                const char *var, const char *noun)
{
    const char *const names[] = {var};
    char what[200];
    snprintf(what, sizeof what, "the %ss of %s.%s (parameter %s)", noun, pop, var, param);
    snn_csv c;
    if (snn_csv_open(r, &c, path, what, names, 1))
        return -1;
    uint64_t k = 0;
    int rc = -1, got;
    char *fld[1];
    while ((got = snn_csv_row(r, &c, fld)) > 0) {
        char *end;
        double x = strtod(fld[0], &end) * unit;
        if (end == fld[0] || *end || !isfinite(x) || fabs(x) > FLT_MAX) {
            snn_fail(r, "%s:%ld: %s '%.40s' of %s.%s is not a %snumber", path, c.lineno, noun, fld[0], pop, var,
                     end == fld[0] || *end ? "" : "finite single-precision ");
            goto done;
        }
        if (k == n) {
            snn_fail(r, "%s:%ld: more values than the %u neurons of population %s (one per neuron, for %s.%s)", path,
                     c.lineno, n, pop, pop, var);
            goto done;
        }
        dst[k++] = (float)x;
    }
    if (got < 0)
        goto done;
    if (k < n) {
        snn_fail(r, "%s: %llu value%s for the %u neurons of population %s (one per neuron, for %s.%s)", path,
                 (unsigned long long)k, k == 1 ? "" : "s", n, pop, pop, var);
        goto done;
    }
    rc = 0;
done:
    snn_csv_close(&c);
    return rc;
}

int snn_initfile_load(snn_run *r, float *dst, uint32_t n, double unit, const char *path, const char *param,
                      const char *pop, const char *var)
{
    return load(r, dst, n, unit, path, param, pop, var, "initial value");
}

int snn_paramfile_load(snn_run *r, float *dst, uint32_t n, double unit, const char *path, const char *param,
                       const char *pop, const char *var)
{
    return load(r, dst, n, unit, path, param, pop, var, "value");
}
