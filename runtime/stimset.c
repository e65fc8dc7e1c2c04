/*
 * stimset.c: labelled stimulus sets read from a file -- e.g. spike-encoded
 * utterances, one entry per utterance.  CSV "entry,label,node_id,time_ms",
 * '#' comments and one header line allowed, rows in any order; or HDF5 (a
 * name ending in .h5) as build/snn-audio writes it.  Times are from the start
 * of the trial that shows the entry.  Trial t shows entry t mod E.
 * Every malformed line, a label that changes within an entry, a missing entry
 * number and a spike outside the trial are errors with file and line.
 */
#include "snn.h"

#include <errno.h>
#include <hdf5.h>
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

/* The rows read so far, with each entry's label and where it was first seen. */
typedef struct {
    row *v;
    uint64_t nr, cap;
    int *label;
    long *label_at;           /* line (CSV) or spike index + 1 (HDF5); 0 = entry not seen */
    uint32_t ne, lcap;
    double onset_ms;          /* added to every time */
} rows;

/* Room for entry's label. */
static int grow_labels(rows *R, unsigned long entry)
{
    if (entry < R->lcap)
        return 0;
    uint32_t nc = R->lcap ? 2 * R->lcap : 64;
    while (nc <= entry)
        nc *= 2;
    int *nl = realloc(R->label, nc * sizeof *nl);
    if (nl)
        R->label = nl;
    long *nll = nl ? realloc(R->label_at, nc * sizeof *nll) : NULL;
    if (nll)
        R->label_at = nll;
    if (!nl || !nll)
        return -1;
    for (uint32_t k = R->lcap; k < nc; k++)
        R->label_at[k] = 0;
    R->lcap = nc;
    return 0;
}

/* One spike of the set; `at` names its place in messages (line or index). */
static int add_row(snn_run *r, rows *R, snn_templates *tp, const char *path, const char *unit, long at,
                   unsigned long entry, unsigned long lab, unsigned long node, double t, uint32_t n, double trial)
{
    t += R->onset_ms;
    if (node >= n)
        return snn_fail(r, "%s:%s%ld: node id %lu is outside the population (0..%u)", path, unit, at, node, n - 1);
    int64_t step = isfinite(t) ? llround(t * 1e-3 / r->dt) : -1;
    if (!isfinite(t) || t < 0 || step >= tp->trial_steps)
        return snn_fail(r, "%s:%s%ld: spike time %g ms%s is not within the trial [0, %g ms)", path, unit, at, t,
                        R->onset_ms ? " (the onset included)" : "", trial * 1e3);
    if (entry >= 1u << 24)
        return snn_fail(r, "%s:%s%ld: entry %lu: at most 2^24 entries", path, unit, at, entry);
    if (lab > 1000000)
        return snn_fail(r, "%s:%s%ld: label %lu is too large (labels are small whole numbers)", path, unit, at, lab);
    if (grow_labels(R, entry))
        return snn_fail(r, "out of memory");
    if (R->label_at[entry] && R->label[entry] != (int)lab)
        return snn_fail(r, "%s:%s%ld: entry %lu has label %lu here but %d %s %ld", path, unit, at, entry, lab,
                        R->label[entry], *unit ? "at spike" : "on line", R->label_at[entry]);
    R->label[entry] = (int)lab;
    if (!R->label_at[entry])
        R->label_at[entry] = at;
    if (entry + 1 > R->ne)
        R->ne = (uint32_t)entry + 1;
    if (R->nr == R->cap) {
        R->cap = R->cap ? 2 * R->cap : 1024;
        row *nv = realloc(R->v, R->cap * sizeof *nv);
        if (!nv)
            return snn_fail(r, "out of memory");
        R->v = nv;
    }
    R->v[R->nr++] = (row){(uint32_t)entry, (uint32_t)node, step};
    return 0;
}

/* CSV: entry,label,node_id,time_ms */
static int read_csv(snn_run *r, rows *R, snn_templates *tp, const char *pop, const char *param, const char *path, uint32_t n,
                    double trial)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return snn_fail(r, "%s: cannot open stimulus set (parameter %s): %s", path, param, strerror(errno));
    char line[512];
    long lineno = 0, data_lines = 0;
    char *p;
    int got, rc = 0;
    while (rc == 0 && (got = snn_csv_line(r, fp, path, line, sizeof line, &lineno, &p)) > 0) {
        if (data_lines++ == 0 && !(*p >= '0' && *p <= '9'))
            continue; /* a header */
        unsigned long entry, lab, node;
        double t;
        if (!field_u(&p, &entry) || !field_u(&p, &lab) || !field_u(&p, &node))
            rc = snn_fail(r, "%s:%ld: expected 'entry,label,node_id,time_ms' (whole numbers >= 0, then a time)", path, lineno);
        else
            rc = snn_csv_time(r, path, lineno, p, &t) ? -1 : add_row(r, R, tp, path, "", lineno, entry, lab, node, t, n, trial);
    }
    fclose(fp);
    return rc || got < 0 ? -1 : 0;
}

/* HDF5, as build/snn-audio writes it: /spikes/{entry,node_id,time_ms} and /entries/label */
static int read_h5(snn_run *r, rows *R, snn_templates *tp, const char *pop, const char *param, const char *path, uint32_t n,
                   double trial)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        return snn_fail(r, "%s: cannot open stimulus set (parameter %s) as HDF5", path, param);
    /* a set that says how many channels it has must have as many as the population */
    if (H5Aexists(f, "channels") > 0) {
        double ch = -1;
        hid_t at = H5Aopen(f, "channels", H5P_DEFAULT);
        if (at < 0 || H5Aread(at, H5T_NATIVE_DOUBLE, &ch) < 0)
            ch = -1;
        if (at >= 0)
            H5Aclose(at);
        if (ch != (double)n) {
            H5Fclose(f);
            return snn_fail(r, "%s: the stimulus set has %g channels, but population %s has %u neurons to map them to "
                               "(re-encode with another rate, or resize the population)",
                            path, ch, pop, n);
        }
    }
    const char *names[4] = {"/spikes/entry", "/spikes/node_id", "/spikes/time_ms", "/entries/label"};
    void *data[4] = {NULL, NULL, NULL, NULL};
    hsize_t len[4] = {0, 0, 0, 0};
    hid_t types[4] = {H5T_NATIVE_ULONG, H5T_NATIVE_ULONG, H5T_NATIVE_DOUBLE, H5T_NATIVE_LONG};
    int rc = 0;
    for (int k = 0; k < 4 && rc == 0; k++) {
        hid_t ds = H5Dopen2(f, names[k], H5P_DEFAULT);
        hid_t sp = ds >= 0 ? H5Dget_space(ds) : -1;
        if (ds < 0 || sp < 0 || H5Sget_simple_extent_ndims(sp) != 1) {
            rc = snn_fail(r, "%s: no one-dimensional dataset %s (a stimulus set has /spikes/entry, /spikes/node_id, "
                             "/spikes/time_ms and /entries/label)", path, names[k]);
        } else {
            H5Sget_simple_extent_dims(sp, &len[k], NULL);
            data[k] = malloc(8 * (len[k] ? len[k] : 1));
            if (!data[k])
                rc = snn_fail(r, "out of memory");
            else if (len[k] && H5Dread(ds, types[k], H5S_ALL, H5S_ALL, H5P_DEFAULT, data[k]) < 0)
                rc = snn_fail(r, "%s: cannot read %s as numbers", path, names[k]);
        }
        if (sp >= 0)
            H5Sclose(sp);
        if (ds >= 0)
            H5Dclose(ds);
    }
    H5Fclose(f);
    if (rc == 0 && (len[1] != len[0] || len[2] != len[0]))
        rc = snn_fail(r, "%s: /spikes/entry, /spikes/node_id and /spikes/time_ms have different lengths", path);
    const unsigned long *entry = data[0], *node = data[1];
    const double *t = data[2];
    const long *label = data[3];
    for (hsize_t i = 0; rc == 0 && i < len[0]; i++) {
        if (entry[i] >= len[3])
            rc = snn_fail(r, "%s: spike %llu: entry %lu has no label in /entries/label (%llu entries)", path,
                          (unsigned long long)i, entry[i], (unsigned long long)len[3]);
        else if (label[entry[i]] < 0)
            rc = snn_fail(r, "%s: entry %lu: label %ld is negative", path, entry[i], label[entry[i]]);
        else
            rc = add_row(r, R, tp, path, "spike ", (long)i + 1, entry[i], (unsigned long)label[entry[i]], node[i], t[i], n,
                         trial);
    }
    /* every listed entry counts, with or without spikes (an utterance may encode to none) */
    for (hsize_t e = 0; rc == 0 && e < len[3]; e++) {
        if (e >= 1u << 24 || label[e] < 0 || label[e] > 1000000)
            rc = snn_fail(r, "%s: entry %llu: label %ld (labels are small whole numbers; at most 2^24 entries)", path,
                          (unsigned long long)e, label[e]);
        else if (grow_labels(R, (unsigned long)e))
            rc = snn_fail(r, "out of memory");
        else if (!R->label_at[e]) {
            R->label[e] = (int)label[e];
            R->label_at[e] = -1;
        }
    }
    if (rc == 0 && R->ne < len[3])
        R->ne = (uint32_t)len[3];
    for (int k = 0; k < 4; k++)
        free(data[k]);
    return rc;
}

static bool is_h5(const char *path)
{
    size_t n = strlen(path);
    return (n > 3 && strcmp(path + n - 3, ".h5") == 0) || (n > 5 && strcmp(path + n - 5, ".hdf5") == 0);
}

int snn_stimset_load(snn_run *r, snn_templates *tp, const char *pop, const char *param, const char *path, uint32_t n,
                     double trial, double onset)
{
    memset(tp, 0, sizeof *tp);
    snprintf(tp->what, sizeof tp->what, "%s (parameter %s)", path, param);
    tp->trial_steps = llround(trial / r->dt);
    if (!(onset >= 0) || !(onset < trial))
        return snn_fail(r, "stimulus set %s: the onset %g ms is not within the trial [0, %g ms)", param, onset * 1e3,
                        trial * 1e3);
    rows R = {.onset_ms = onset * 1e3};
    int rc = (is_h5(path) ? read_h5 : read_csv)(r, &R, tp, pop, param, path, n, trial);
    if (rc)
        goto done;
    rc = -1;
    if (!R.ne) {
        snn_fail(r, "%s: the stimulus set (parameter %s) has no entries", path, param);
        goto done;
    }
    for (uint32_t e = 0; e < R.ne; e++)
        if (!R.label_at[e]) {
            snn_fail(r, "%s: entry %u is missing (entries are numbered 0..%u, each with at least one spike)", path, e, R.ne - 1);
            goto done;
        }
    qsort(R.v, R.nr, sizeof *R.v, cmp_row);
    tp->t = calloc(R.ne, sizeof *tp->t);
    tp->label = malloc(R.ne * sizeof *tp->label);
    if (!tp->t || !tp->label) {
        snn_fail(r, "out of memory");
        goto done;
    }
    tp->k = (int)R.ne;
    memcpy(tp->label, R.label, R.ne * sizeof *tp->label);
    for (uint64_t i = 0; i < R.nr;) {
        uint64_t j = i;
        while (j < R.nr && R.v[j].entry == R.v[i].entry)
            j++;
        snn_spikefile *f = &tp->t[R.v[i].entry];
        f->step = malloc(sizeof(int64_t) * (j - i));
        f->node = malloc(sizeof(uint32_t) * (j - i));
        if (!f->step || !f->node) {
            snn_fail(r, "out of memory");
            goto done;
        }
        uint64_t m = 0; /* two spikes of one source in one step count once */
        for (uint64_t q = i; q < j; q++)
            if (!m || R.v[q].step != f->step[m - 1] || R.v[q].node != f->node[m - 1]) {
                f->step[m] = R.v[q].step;
                f->node[m] = R.v[q].node;
                m++;
            }
        f->n = m;
        i = j;
    }
    rc = 0;
done:
    free(R.v);
    free(R.label);
    free(R.label_at);
    if (rc)
        snn_templates_free(tp);
    return rc;
}

/* The distinct labels of the set's entries, ascending, into labs (room for tp->k); their count. */
static int set_labels(const snn_templates *tp, int *labs)
{
    int nl = 0;
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
    return nl;
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
    nl = set_labels(tp, labs);
    int64_t t = 0;
    for (int p = 0; p < nphases; p++) {
        const bool alt = ph[p].order == SNN_ORDER_ALTERNATING || ph[p].order == SNN_ORDER_ALTERNATING_RANDOM;
        if (alt && nl < 2) {
            snn_fail(r, "phase '%s' alternates stimulus labels, but the stimulus set has only label %d", ph[p].name, labs[0]);
            goto done;
        }
        for (int64_t j = 0; j < ph[p].trials; j++, t++) {
            if (ph[p].order == SNN_ORDER_RANDOM) {
                tp->entry[t] = (int32_t)gsl_rng_uniform_int(g, (unsigned long)tp->k);
            } else if (ph[p].order == SNN_ORDER_ALTERNATING_RANDOM) {
                /* label j mod nl of the phase; a uniformly drawn entry of it */
                int want = labs[j % nl], cnt = 0;
                for (int e = 0; e < tp->k; e++)
                    cnt += tp->label[e] == want;
                int pick = (int)gsl_rng_uniform_int(g, (unsigned long)cnt), e = 0;
                for (;; e++)
                    if (tp->label[e] == want && pick-- == 0)
                        break;
                tp->entry[t] = e;
            } else if (ph[p].order == SNN_ORDER_BY_LABEL) {
                /* trial j of the phase: the (j mod E)-th entry when sorted by label, then number */
                int64_t want = j % tp->k, seen = 0;
                for (int q = 0; q < nl && seen <= want; q++)
                    for (int e = 0; e < tp->k && seen <= want; e++)
                        if (tp->label[e] == labs[q] && seen++ == want)
                            tp->entry[t] = e;
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

int snn_templates_check_labels(snn_run *r, const snn_templates *tp, int n, const int *labels, const char *const *at)
{
    int *labs = malloc(sizeof(int) * (size_t)(tp->k ? tp->k : 1));
    if (!labs)
        return snn_fail(r, "out of memory");
    const int nl = set_labels(tp, labs);
    int rc = 0;
    for (int i = 0; i < n && !rc; i++) {
        bool have = false;
        for (int q = 0; q < nl && !have; q++)
            have = labs[q] == labels[i];
        if (have)
            continue;
        char list[256] = "";
        size_t len = 0;
        for (int q = 0; q < nl && len < sizeof list - 16; q++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%d", q ? ", " : "", labs[q]);
        rc = snn_fail(r, "%s: the model asks for label %d (%s), but the set's labels are %s", tp->what, labels[i], at[i], list);
    }
    free(labs);
    return rc;
}
