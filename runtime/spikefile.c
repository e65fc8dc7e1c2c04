/*
 * spikefile.c: populations whose spikes come from a file.  The format is CSV
 * "node_id,time_ms" (the same columns our spikes.csv writes, minus the
 * population), '#' comments and a header line allowed (its names place the
 * columns, csvin.c), rows in any order.  Spikes are
 * sorted once at load and handed out step by step.  Every malformed line is
 * reported with the file name and line number; nothing is silently skipped.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>

typedef struct {
    int64_t step;
    uint32_t node;
} ev;

static int cmp_ev(const void *a, const void *b)
{
    const ev *x = a, *y = b;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    return x->node < y->node ? -1 : x->node > y->node;
}

int snn_spikefile_load(snn_run *r, snn_spikefile *f, const char *param, const char *path, uint32_t size)
{
    memset(f, 0, sizeof *f);
    static const char *const names[] = {"node_id", "time_ms"};
    char what[160];
    snprintf(what, sizeof what, "spike file (parameter %s)", param);
    snn_csv c;
    if (snn_csv_open(r, &c, path, what, names, 2))
        return -1;
    ev *v = NULL;
    uint64_t n = 0, cap = 0;
    int rc = -1, got;
    char *fld[2];
    while ((got = snn_csv_row(r, &c, fld)) > 0) {
        uint64_t node;
        double t;
        if (snn_csv_uint(r, &c, 0, fld[0], &node) || snn_csv_num(r, &c, 1, fld[1], &t))
            goto done;
        if (node >= size) {
            snn_fail(r, "%s:%ld: node id %s is outside the population (0..%u)", path, c.lineno, fld[0], size - 1);
            goto done;
        }
        if (!isfinite(t) || t < 0) {
            snn_fail(r, "%s:%ld: spike time %g ms is not a finite time >= 0", path, c.lineno, t);
            goto done;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            ev *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                snn_fail(r, "out of memory");
                goto done;
            }
            v = nv;
        }
        v[n].node = (uint32_t)node;
        v[n].step = (int64_t)llround(t * 1e-3 / r->dt);
        n++;
    }
    if (got < 0)
        goto done;
    if (n)
        qsort(v, n, sizeof *v, cmp_ev);
    f->step = malloc(sizeof(int64_t) * (n ? n : 1));
    f->node = malloc(sizeof(uint32_t) * (n ? n : 1));
    if (!f->step || !f->node) {
        snn_fail(r, "out of memory");
        goto done;
    }
    /* two spikes of one source in one step count once */
    uint64_t m = 0;
    for (uint64_t i = 0; i < n; i++)
        if (!m || v[i].step != f->step[m - 1] || v[i].node != f->node[m - 1]) {
            f->step[m] = v[i].step;
            f->node[m] = v[i].node;
            m++;
        }
    f->n = m;
    rc = 0;
done:
    snn_csv_close(&c);
    free(v);
    if (rc)
        snn_spikefile_free(f);
    return rc;
}

void snn_spikefile_emit(snn_spikefile *f, int64_t step, snn_spikelist *out)
{
    out->n = 0;
    while (f->pos < f->n && f->step[f->pos] < step)
        f->pos++;
    while (f->pos < f->n && f->step[f->pos] == step)
        out->idx[out->n++] = f->node[f->pos++];
}

void snn_spikefile_free(snn_spikefile *f)
{
    free(f->step);
    free(f->node);
    f->step = NULL;
    f->node = NULL;
    f->n = 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int snn_fixed_trains(snn_run *r, snn_spikefile *f, const char *pop, uint32_t n, double rate, double dead, uint32_t purpose)
{
    memset(f, 0, sizeof *f);
    const double T = (double)r->nsteps * r->dt;
    const double k = round(rate * T);
    if (!(rate >= 0) || !(dead >= 0) || k * dead >= T || k > 1e8)
        return snn_fail(r, "population %s: %g spikes with a dead time of %g ms do not fit into %g s", pop, k, dead * 1e3, T);
    uint64_t total = (uint64_t)k * n;
    ev *v = malloc(sizeof(ev) * (total ? total : 1));
    double *t = malloc(sizeof(double) * (k ? (size_t)k : 1));
    gsl_rng *g = snn_rng_alloc(r->seed, purpose, 0);
    if (!v || !t || !g) {
        free(v);
        free(t);
        if (g)
            snn_rng_free(g);
        return snn_fail(r, "out of memory");
    }
    uint64_t m = 0;
    for (uint32_t i = 0; i < n; i++) {
        snn_rng_reset(g, r->seed, purpose, i);
        for (uint64_t j = 0; j < (uint64_t)k; j++)
            t[j] = gsl_rng_uniform(g) * (T - k * dead);
        qsort(t, (size_t)k, sizeof(double), cmp_double);
        for (uint64_t j = 0; j < (uint64_t)k; j++) {
            v[m].node = i;
            v[m].step = (int64_t)floor((t[j] + (double)j * dead) / r->dt);
            m++;
        }
    }
    snn_rng_free(g);
    free(t);
    qsort(v, m, sizeof *v, cmp_ev);
    f->step = malloc(sizeof(int64_t) * (m ? m : 1));
    f->node = malloc(sizeof(uint32_t) * (m ? m : 1));
    if (!f->step || !f->node) {
        free(v);
        snn_spikefile_free(f);
        return snn_fail(r, "out of memory");
    }
    /* a dead time shorter than a step can put two spikes of a source into one step: they count once */
    uint64_t q = 0;
    for (uint64_t i = 0; i < m; i++)
        if (!q || v[i].step != f->step[q - 1] || v[i].node != f->node[q - 1]) {
            f->step[q] = v[i].step;
            f->node[q] = v[i].node;
            q++;
        }
    f->n = q;
    free(v);
    return 0;
}

int snn_templates_init(snn_run *r, snn_templates *tp, const char *pop, uint32_t n, int k, double window, double onset,
                       double trial, uint32_t purpose)
{
    memset(tp, 0, sizeof *tp);
    snprintf(tp->what, sizeof tp->what, "the templates of %s", pop);
    tp->k = k;
    tp->trial_steps = llround(trial / r->dt);
    if (!(window > 0) || !(onset >= 0) || onset + window > trial)
        return snn_fail(r, "population %s: a template (onset %g ms + window %g ms) does not fit into a trial of %g ms", pop,
                        onset * 1e3, window * 1e3, trial * 1e3);
    tp->t = calloc((size_t)k, sizeof(snn_spikefile));
    tp->label = malloc(sizeof(int) * (size_t)k);
    ev *v = malloc(sizeof(ev) * (n ? n : 1));
    gsl_rng *g = snn_rng_alloc(r->seed, purpose, 0);
    if (!tp->t || !tp->label || !v || !g) {
        free(v);
        if (g)
            snn_rng_free(g);
        return snn_fail(r, "out of memory");
    }
    for (int j = 0; j < k; j++) {
        tp->label[j] = j;
        snn_rng_reset(g, r->seed, purpose, (uint32_t)j);
        for (uint32_t i = 0; i < n; i++) {
            v[i].node = i;
            v[i].step = (int64_t)floor((onset + gsl_rng_uniform(g) * window) / r->dt);
        }
        qsort(v, n, sizeof *v, cmp_ev);
        snn_spikefile *f = &tp->t[j];
        f->step = malloc(sizeof(int64_t) * (n ? n : 1));
        f->node = malloc(sizeof(uint32_t) * (n ? n : 1));
        if (!f->step || !f->node) {
            free(v);
            snn_rng_free(g);
            return snn_fail(r, "out of memory");
        }
        for (uint32_t i = 0; i < n; i++) {
            f->step[i] = v[i].step;
            f->node[i] = v[i].node;
        }
        f->n = n;
    }
    free(v);
    snn_rng_free(g);
    return 0;
}

void snn_templates_emit(snn_templates *tp, int64_t step, snn_spikelist *out)
{
    const int64_t trial = step / tp->trial_steps, off = step % tp->trial_steps;
    snn_spikefile *f = &tp->t[snn_templates_entry(tp, trial)];
    if (off == 0)
        f->pos = 0;
    snn_spikefile_emit(f, off, out);
}

void snn_templates_free(snn_templates *tp)
{
    for (int j = 0; tp->t && j < tp->k; j++)
        snn_spikefile_free(&tp->t[j]);
    free(tp->t);
    free(tp->label);
    free(tp->entry);
    tp->t = NULL;
    tp->label = NULL;
    tp->entry = NULL;
}
