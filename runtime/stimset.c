/*
 * stimset.c: labelled stimulus sets read from a file -- e.g. spike-encoded
 * utterances, one entry per utterance.  CSV "entry,label,node_id,time_ms",
 * '#' comments and one header line allowed, rows in any order; or HDF5 (a
 * name ending in .h5) as build/snn-audio writes it.  Times are from the start
 * of the trial that shows the entry.  Trial t shows entry t mod E.
 * Every malformed line, a label that changes within an entry, a missing entry
 * number and a spike outside the trial are errors with file and line (HDF5:
 * dataset and index); both forms follow the same rules.
 */
#include "internal.h"

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

/* CSV: entry,label,node_id,time_ms (in any order under a header) */
static int read_csv(snn_run *r, rows *R, snn_templates *tp, const char *pop, const char *param, const char *path, uint32_t n,
                    double trial)
{
    static const char *const names[] = {"entry", "label", "node_id", "time_ms"};
    char what[160];
    snprintf(what, sizeof what, "stimulus set (parameter %s)", param);
    snn_csv c;
    if (snn_csv_open(r, &c, path, what, names, 4))
        return -1;
    char *fld[4];
    int got, rc = 0;
    while (rc == 0 && (got = snn_csv_row(r, &c, fld)) > 0) {
        uint64_t entry, lab, node;
        double t;
        if (snn_csv_uint(r, &c, 0, fld[0], &entry) || snn_csv_uint(r, &c, 1, fld[1], &lab) ||
            snn_csv_uint(r, &c, 2, fld[2], &node) || snn_csv_num(r, &c, 3, fld[3], &t))
            rc = -1;
        else if (node >= n)
            rc = snn_fail(r, "%s:%ld: node id %s is outside the population (0..%u)", path, c.lineno, fld[2], n - 1);
        else if (entry >= 1u << 24)
            rc = snn_fail(r, "%s:%ld: entry %s: at most 2^24 entries", path, c.lineno, fld[0]);
        else if (lab > 1000000)
            rc = snn_fail(r, "%s:%ld: label %s is too large (labels are whole numbers from 0 to 1000000)", path, c.lineno,
                          fld[1]);
        else
            rc = add_row(r, R, tp, path, "", c.lineno, (unsigned long)entry, (unsigned long)lab, (unsigned long)node, t, n,
                         trial);
    }
    snn_csv_close(&c);
    return rc || got < 0 ? -1 : 0;
}

/* One column of an HDF5 set.  Entry, node id and label columns must hold
 * integers (a float node id would be truncated); each is read in its own
 * signedness, so that -1 stays -1 and 2^64 - 1 is reported as written. */
typedef struct {
    const char *name;
    bool integer, is_unsigned;
    hsize_t len;
    void *data;                /* int64_t, uint64_t or double */
} h5col;

static int h5col_read(snn_run *r, hid_t f, const char *path, h5col *c)
{
    hid_t ds = H5Dopen2(f, c->name, H5P_DEFAULT);
    hid_t sp = ds >= 0 ? H5Dget_space(ds) : -1;
    hid_t ty = ds >= 0 ? H5Dget_type(ds) : -1;
    int rc = 0;
    if (ds < 0 || sp < 0 || ty < 0 || H5Sget_simple_extent_ndims(sp) != 1) {
        rc = snn_fail(r, "%s: no one-dimensional dataset %s (a stimulus set has /spikes/entry, /spikes/node_id, "
                         "/spikes/time_ms and /entries/label)", path, c->name);
    } else if (c->integer && H5Tget_class(ty) != H5T_INTEGER) {
        rc = snn_fail(r, "%s: %s must hold integers (it holds %s)", path, c->name,
                      H5Tget_class(ty) == H5T_FLOAT ? "floating-point numbers" : "something else");
    } else if (!c->integer && H5Tget_class(ty) != H5T_FLOAT && H5Tget_class(ty) != H5T_INTEGER) {
        rc = snn_fail(r, "%s: %s must hold numbers", path, c->name);
    } else {
        H5Sget_simple_extent_dims(sp, &c->len, NULL);
        c->is_unsigned = c->integer && H5Tget_sign(ty) == H5T_SGN_NONE;
        hid_t mem = !c->integer ? H5T_NATIVE_DOUBLE : c->is_unsigned ? H5T_NATIVE_UINT64 : H5T_NATIVE_INT64;
        c->data = malloc(8 * (c->len ? c->len : 1));
        if (!c->data)
            rc = snn_fail(r, "out of memory");
        else if (c->len && H5Dread(ds, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, c->data) < 0)
            rc = snn_fail(r, "%s: cannot read %s as numbers", path, c->name);
    }
    if (ty >= 0)
        H5Tclose(ty);
    if (sp >= 0)
        H5Sclose(sp);
    if (ds >= 0)
        H5Dclose(ds);
    return rc;
}

/* Value i of an integer column if it is within 0 .. max, else false; `text`
 * gets the value as written for the message. */
static bool h5col_get(const h5col *c, hsize_t i, uint64_t max, uint64_t *v, char text[24])
{
    if (c->is_unsigned) {
        *v = ((const uint64_t *)c->data)[i];
        snprintf(text, 24, "%llu", (unsigned long long)*v);
        return *v <= max;
    }
    int64_t x = ((const int64_t *)c->data)[i];
    snprintf(text, 24, "%lld", (long long)x);
    *v = (uint64_t)x;
    return x >= 0 && (uint64_t)x <= max;
}

/* HDF5, as build/snn-audio writes it: /spikes/{entry,node_id,time_ms} and
 * /entries/label.  The rules are those of the CSV form: entries numbered from
 * 0, each with a label and at least one spike. */
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
    h5col col[4] = {{.name = "/spikes/entry", .integer = true}, {.name = "/spikes/node_id", .integer = true},
                    {.name = "/spikes/time_ms"}, {.name = "/entries/label", .integer = true}};
    int rc = 0;
    for (int k = 0; k < 4 && rc == 0; k++)
        rc = h5col_read(r, f, path, &col[k]);
    H5Fclose(f);
    const hsize_t ns = col[0].len, ne = col[3].len;
    if (rc == 0 && (col[1].len != ns || col[2].len != ns))
        rc = snn_fail(r, "%s: /spikes/entry, /spikes/node_id and /spikes/time_ms have different lengths", path);
    if (rc == 0 && ne >= 1u << 24)
        rc = snn_fail(r, "%s: /entries/label: %llu entries (at most 2^24)", path, (unsigned long long)ne);
    char text[24];
    uint64_t lab;
    for (hsize_t e = 0; rc == 0 && e < ne; e++)
        if (!h5col_get(&col[3], e, 1000000, &lab, text))
            rc = snn_fail(r, "%s: /entries/label[%llu] = %s: labels are whole numbers from 0 to 1000000", path,
                          (unsigned long long)e, text);
    const double *t = col[2].data;
    for (hsize_t i = 0; rc == 0 && i < ns; i++) {
        uint64_t entry, node;
        if (!h5col_get(&col[0], i, ne ? ne - 1 : 0, &entry, text) || !ne)
            rc = snn_fail(r, "%s: /spikes/entry[%llu] = %s: entries are numbered 0..%llu, as in /entries/label", path,
                          (unsigned long long)i, text, (unsigned long long)(ne ? ne - 1 : 0));
        else if (!h5col_get(&col[1], i, n - 1, &node, text))
            rc = snn_fail(r, "%s: /spikes/node_id[%llu] = %s is outside the population (0..%u)", path,
                          (unsigned long long)i, text, n - 1);
        else {
            h5col_get(&col[3], entry, 1000000, &lab, text);
            rc = add_row(r, R, tp, path, "spike ", (long)i + 1, entry, lab, node, t[i], n, trial);
        }
    }
    /* an entry listed in /entries/label without a spike is refused, as in CSV */
    for (hsize_t e = 0; rc == 0 && e < ne; e++)
        if (e >= R->lcap || !R->label_at[e])
            rc = snn_fail(r, "%s: /entries/label[%llu]: entry %llu has no spike in /spikes/entry (every entry needs one)",
                          path, (unsigned long long)e, (unsigned long long)e);
    for (int k = 0; k < 4; k++)
        free(col[k].data);
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
