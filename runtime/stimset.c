/*
 * stimset.c: labelled stimulus sets read from a file -- e.g. spike-encoded
 * utterances, one entry per utterance.  CSV "entry,label,node_id,time_ms",
 * '#' comments and one header line allowed, rows in any order; times are from
 * the start of the trial that shows the entry.  Trial t shows entry t mod E.
 * Every malformed line, a label that changes within an entry, a missing entry
 * number and a spike outside the trial are errors with file and line.
 */
#include "snn.h"

#include <errno.h>
#include <stdio.h>

typedef struct {
    uint32_t entry, node;
    int64_t step;
} row;

static int cmp_row(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->entry != y->entry)
        return x->entry < y->entry ? -1 : 1;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    return x->node < y->node ? -1 : x->node > y->node;
}

/* one field: a whole number >= 0 (at most 2^32 - 1), then a comma */
static bool field_u(char **p, unsigned long *v)
{
    char *end;
    while (**p == ' ' || **p == '\t')
        (*p)++;
    if (**p < '0' || **p > '9')
        return false;
    errno = 0;
    *v = strtoul(*p, &end, 10);
    if (errno == ERANGE || *v > UINT32_MAX)
        return false;
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end != ',')
        return false;
    *p = end + 1;
    return true;
}

int snn_stimset_load(snn_run *r, snn_templates *tp, const char *param, const char *path, uint32_t n, double trial)
{
    memset(tp, 0, sizeof *tp);
    tp->trial_steps = llround(trial / r->dt);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return snn_fail(r, "%s: cannot open stimulus set (parameter %s): %s", path, param, strerror(errno));
    row *v = NULL;
    int *label = NULL;
    long *label_line = NULL;
    uint64_t nr = 0, cap = 0;
    uint32_t ne = 0, lcap = 0;
    char line[512];
    long lineno = 0, data_lines = 0;
    int rc = -1;
    char *p;
    int got;
    while ((got = snn_csv_line(r, fp, path, line, sizeof line, &lineno, &p)) > 0) {
        if (data_lines++ == 0 && !(*p >= '0' && *p <= '9'))
            continue; /* a header */
        unsigned long entry, lab, node;
        if (!field_u(&p, &entry) || !field_u(&p, &lab) || !field_u(&p, &node)) {
            snn_fail(r, "%s:%ld: expected 'entry,label,node_id,time_ms' (whole numbers >= 0, then a time)", path, lineno);
            goto done;
        }
        double t;
        if (snn_csv_time(r, path, lineno, p, &t))
            goto done;
        if (node >= n) {
            snn_fail(r, "%s:%ld: node id %lu is outside the population (0..%u)", path, lineno, node, n - 1);
            goto done;
        }
        int64_t step = isfinite(t) ? llround(t * 1e-3 / r->dt) : -1;
        if (!isfinite(t) || t < 0 || step >= tp->trial_steps) {
            snn_fail(r, "%s:%ld: spike time %g ms is not within the trial [0, %g ms)", path, lineno, t, trial * 1e3);
            goto done;
        }
        if (entry >= 1u << 24) {
            snn_fail(r, "%s:%ld: entry %lu: at most 2^24 entries", path, lineno, entry);
            goto done;
        }
        if (entry >= lcap) {
            uint32_t nc = lcap ? 2 * lcap : 64;
            while (nc <= entry)
                nc *= 2;
            int *nl = realloc(label, nc * sizeof *nl);
            long *nll = nl ? realloc(label_line, nc * sizeof *nll) : NULL;
            if (nl)
                label = nl;
            if (nll)
                label_line = nll;
            if (!nl || !nll) {
                snn_fail(r, "out of memory");
                goto done;
            }
            for (uint32_t k = lcap; k < nc; k++)
                label_line[k] = 0;
            lcap = nc;
        }
        if (label_line[entry] && label[entry] != (int)lab) {
            snn_fail(r, "%s:%ld: entry %lu has label %lu here but %d on line %ld", path, lineno, entry, lab, label[entry],
                     label_line[entry]);
            goto done;
        }
        if (lab > 1000000) {
            snn_fail(r, "%s:%ld: label %lu is too large (labels are small whole numbers)", path, lineno, lab);
            goto done;
        }
        label[entry] = (int)lab;
        if (!label_line[entry])
            label_line[entry] = lineno;
        if (entry + 1 > ne)
            ne = (uint32_t)entry + 1;
        if (nr == cap) {
            cap = cap ? 2 * cap : 1024;
            row *nv = realloc(v, cap * sizeof *v);
            if (!nv) {
                snn_fail(r, "out of memory");
                goto done;
            }
            v = nv;
        }
        v[nr++] = (row){(uint32_t)entry, (uint32_t)node, step};
    }
    if (got < 0)
        goto done;
    if (!ne) {
        snn_fail(r, "%s: the stimulus set (parameter %s) has no entries", path, param);
        goto done;
    }
    for (uint32_t e = 0; e < ne; e++)
        if (!label_line[e]) {
            snn_fail(r, "%s: entry %u is missing (entries are numbered 0..%u, each with at least one spike)", path, e, ne - 1);
            goto done;
        }
    qsort(v, nr, sizeof *v, cmp_row);
    tp->t = calloc(ne, sizeof *tp->t);
    tp->label = malloc(ne * sizeof *tp->label);
    if (!tp->t || !tp->label) {
        snn_fail(r, "out of memory");
        goto done;
    }
    tp->k = (int)ne;
    memcpy(tp->label, label, ne * sizeof *tp->label);
    for (uint64_t i = 0; i < nr;) {
        uint64_t j = i;
        while (j < nr && v[j].entry == v[i].entry)
            j++;
        snn_spikefile *f = &tp->t[v[i].entry];
        f->step = malloc(sizeof(int64_t) * (j - i));
        f->node = malloc(sizeof(uint32_t) * (j - i));
        if (!f->step || !f->node) {
            snn_fail(r, "out of memory");
            goto done;
        }
        uint64_t m = 0; /* two spikes of one source in one step count once */
        for (uint64_t q = i; q < j; q++)
            if (!m || v[q].step != f->step[m - 1] || v[q].node != f->node[m - 1]) {
                f->step[m] = v[q].step;
                f->node[m] = v[q].node;
                m++;
            }
        f->n = m;
        i = j;
    }
    rc = 0;
done:
    fclose(fp);
    free(v);
    free(label);
    free(label_line);
    if (rc)
        snn_templates_free(tp);
    return rc;
}

int snn_templates_order(snn_run *r, snn_templates *tp, const snn_phase *ph, int nphases, uint32_t purpose)
{
    int64_t n = 0;
    for (int p = 0; p < nphases; p++)
        n += ph[p].trials;
    /* the labels present, ascending, and per label its entries in order */
    int nl = 0, *labs = malloc(sizeof(int) * (size_t)tp->k), *next = calloc((size_t)tp->k, sizeof(int));
    tp->entry = malloc(sizeof(int32_t) * (size_t)(n ? n : 1));
    gsl_rng *g = snn_rng_alloc(r->seed, purpose, 0);
    int rc = -1;
    if (!labs || !next || !tp->entry || !g) {
        snn_fail(r, "out of memory");
        goto done;
    }
    for (int e = 0; e < tp->k; e++) {
        int q = 0;
        while (q < nl && labs[q] < tp->label[e])
            q++;
        if (q < nl && labs[q] == tp->label[e])
            continue;
        memmove(labs + q + 1, labs + q, sizeof(int) * (size_t)(nl - q));
        labs[q] = tp->label[e];
        nl++;
    }
    int64_t t = 0;
    for (int p = 0; p < nphases; p++) {
        if (ph[p].order == SNN_ORDER_ALTERNATING && nl < 2) {
            snn_fail(r, "phase '%s' alternates stimulus labels, but the stimulus set has only label %d", ph[p].name, labs[0]);
            goto done;
        }
        for (int64_t j = 0; j < ph[p].trials; j++, t++) {
            if (ph[p].order == SNN_ORDER_RANDOM) {
                tp->entry[t] = (int32_t)gsl_rng_uniform_int(g, (unsigned long)tp->k);
            } else if (ph[p].order == SNN_ORDER_ALTERNATING) {
                /* label j mod nl of the phase; that label's next entry, cycling */
                int want = labs[j % nl], e = next[j % nl];
                while (tp->label[e] != want)
                    e = (e + 1) % tp->k;
                tp->entry[t] = e;
                next[j % nl] = (e + 1) % tp->k;
            } else {
                tp->entry[t] = (int32_t)(t % tp->k);
            }
        }
    }
    tp->ntrials = n;
    rc = 0;
done:
    free(labs);
    free(next);
    if (g)
        snn_rng_free(g);
    if (rc) {
        free(tp->entry);
        tp->entry = NULL;
    }
    return rc;
}
