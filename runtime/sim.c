/*
 * sim.c: the driver every generated executable runs.
 *
 *   command line -> parameters (defaults, --set overrides, validation) ->
 *   model init (allocation, connectivity) -> the step loop -> output files.
 *
 * The step loop itself is the model's step function (generated, see cgen.c);
 * this file only adds the bookkeeping around it: spike counts, recording,
 * progress.  Outputs are written only after a successful run, each file
 * atomically, so a failure leaves nothing half-written.
 */
#include "internal.h"
#include "unit_table.h"

#include <errno.h>
#include <gsl/gsl_version.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void usage(const snn_model *m, FILE *o)
{
    fprintf(o,
            "usage: %s [options]\n"
            "Runs the model compiled from %s (%s).\n\n"
            "  --seed N            random seed (overrides the model's 'seed')\n"
            "  --set NAME=VALUE    override a parameter, with its unit: --set sim.time=2s,\n"
            "                      --set net.tau_m=15ms (repeatable; see --list-params)\n"
            "  --out DIR           output folder (default: out); it must be new, empty or hold\n"
            "                      only a run's outputs, which a new run replaces as a whole\n"
            "  --force             replace the outputs of another run in DIR\n"
            "  --checkpoint-every T  write the run's whole state to DIR/checkpoint.snnck every T\n"
            "                      of simulated time (e.g. 60s); SIGINT and SIGTERM write one too\n"
            "  --resume DIR        continue the run whose checkpoint is in DIR, with its settings;\n"
            "                      the outputs equal those of an uninterrupted run\n"
            "  --max-memory SIZE   refuse at start-up a run expected to need more (default: the\n"
            "                      memory available), e.g. 8G\n"
            "  --max-output SIZE   refuse at start-up recordings expected to write more, e.g. 2G\n"
            "  --format LIST       sonata, csv or sonata,csv (default: sonata)\n"
            "  --quiet             no progress and no summary\n"
            "  --progress          progress lines every 2 s also when stderr is not a terminal\n"
            "                      (default there: every 10 %% of the run or 30 s)\n"
            "  --jobs N            processes computing the frozen sub-network ahead\n"
            "                      (default: one per CPU; see snnc --explain)\n"
            "  --sequential        step everything together instead (same results)\n"
            "  --seeds LIST        replicate runs, e.g. 1-20 or 1,4,7: one folder OUT/seedN each\n"
            "                      (spread over the ranks under mpirun with snnc --mpi); the same\n"
            "                      command with --resume OUT continues them: complete ones are\n"
            "                      kept, stopped ones resumed, the others run\n"
            "  --list-params       print every parameter with its value and exit\n"
            "  -h, --help          this text\n\n"
            "Writes DIR/spikes.h5 (SONATA) and/or DIR/spikes.csv, state_*.csv for recorded\n"
            "state variables, and DIR/run.json (hash, seed, overrides, timings, rates).\n\n"
            "Exit status: 0 complete; 1 error (nothing written); 3 stopped by a check (a value\n"
            "not finite or outside a guard) and 130/143 by SIGINT/SIGTERM: what was recorded\n"
            "until then is written, marked incomplete in run.json.\n",
            "model", m->source, m->compiler);
}

/* "2s", "2 s", "-65mV", "0.5", "1e-3 s": a number and an optional unit. */
static int parse_value(const char *text, double *v, int8_t e[4])
{
    char *end;
    errno = 0;
    *v = strtod(text, &end);
    if (end == text || errno == ERANGE)
        return -1;
    while (*end == ' ')
        end++;
    memset(e, 0, 4);
    if (!*end)
        return 0;
    double scale;
    if (!snn_unit_lookup(end, &scale, e))
        return -2;
    *v *= scale;
    return 0;
}

static const char *dim_text(const int8_t e[4])
{
    static const struct {
        int8_t e[4];
        const char *name;
    } names[] = {
        {{0, 0, 0, 0}, "dimensionless"},     {{0, 0, 2, 0}, "a time (e.g. 5ms)"},
        {{0, 0, -2, 0}, "a rate (e.g. 10Hz)"}, {{4, 2, -6, -2}, "a voltage (e.g. -65mV)"},
        {{0, 0, 0, 2}, "a current (e.g. 200pA)"}, {{-4, -2, 6, 4}, "a conductance (e.g. 6nS)"},
        {{-4, -2, 8, 4}, "a capacitance (e.g. 200pF)"}, {{4, 2, -6, -4}, "a resistance (e.g. 100MOhm)"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (memcmp(names[i].e, e, 4) == 0)
            return names[i].name;
    return "a quantity of another dimension";
}

static int find_param(const snn_model *m, const char *name)
{
    for (int i = 0; i < m->nparams; i++)
        if (strcmp(m->params[i].name, name) == 0)
            return i;
    return -1;
}

/* Print a parameter value in a readable unit. */
static void fmt_value(char *buf, size_t n, double v, const int8_t e[4])
{
    static const struct {
        int8_t e[4];
        double scale;
        const char *unit;
    } pref[] = {
        {{0, 0, 2, 0}, 1e-3, "ms"},   {{0, 0, -2, 0}, 1, "Hz"},    {{4, 2, -6, -2}, 1e-3, "mV"},
        {{0, 0, 0, 2}, 1e-12, "pA"},  {{-4, -2, 6, 4}, 1e-9, "nS"}, {{-4, -2, 8, 4}, 1e-12, "pF"},
        {{4, 2, -6, -4}, 1e6, "MOhm"},
    };
    for (size_t i = 0; i < sizeof pref / sizeof pref[0]; i++)
        if (memcmp(pref[i].e, e, 4) == 0) {
            snprintf(buf, n, "%.10g %s", v / pref[i].scale, pref[i].unit);
            return;
        }
    snprintf(buf, n, "%.10g", v);
}

typedef struct {
    const char *name, *value;
} override;

static int setup_params(snn_run *r, override *ov, int nov, FILE *err)
{
    const snn_model *m = r->model;
    for (int k = 0; k < nov; k++) {
        int i = find_param(m, ov[k].name);
        if (i < 0) {
            fprintf(err, "error: --set %s: unknown parameter (run with --list-params to see them all)\n", ov[k].name);
            return -1;
        }
        const snn_param_info *pi = &m->params[i];
        if (pi->flags & SNN_P_FIXED) {
            fprintf(err, "error: --set %s: this parameter sets the size of the network and is fixed when the model is "
                         "compiled; change it in the .snn and recompile\n", ov[k].name);
            return -1;
        }
        if (pi->flags & SNN_P_STRING) {
            r->str[i] = ov[k].value;
            r->set[i] = true;
            continue;
        }
        double v;
        int8_t e[4];
        int rc = parse_value(ov[k].value, &v, e);
        if (rc == -1) {
            fprintf(err, "error: --set %s=%s: not a number\n", ov[k].name, ov[k].value);
            return -1;
        }
        if (rc == -2) {
            fprintf(err, "error: --set %s=%s: unknown unit\n", ov[k].name, ov[k].value);
            return -1;
        }
        if (memcmp(e, pi->dim.e, 4) != 0) {
            fprintf(err, "error: --set %s=%s: %s is %s, but the value is %s\n", ov[k].name, ov[k].value, pi->name,
                    dim_text(pi->dim.e), dim_text(e));
            return -1;
        }
        r->p[i] = v;
        r->set[i] = true;
    }
    m->defaults(r);
    for (int i = 0; i < m->nparams; i++) {
        const snn_param_info *pi = &m->params[i];
        if (pi->flags & SNN_P_STRING)
            continue;
        char val[64];
        fmt_value(val, sizeof val, r->p[i], pi->dim.e);
        const char *origin = r->set[i] ? "--set" : "the model";
        if (!isfinite(r->p[i])) {
            fprintf(err, "error: parameter %s is not a finite number (from %s)\n", pi->name, origin);
            return -1;
        }
        if ((pi->flags & SNN_P_POSITIVE) && !(r->p[i] > 0)) {
            fprintf(err, "error: parameter %s = %s must be positive (from %s)\n", pi->name, val, origin);
            return -1;
        }
    }
    double seed = r->p[SNN_P_SEED];
    if (!(seed >= 0 && seed == floor(seed) && seed < 1.8e19)) {
        fprintf(err, "error: parameter sim.seed = %g must be a whole number >= 0\n", seed);
        return -1;
    }
    r->seed = (uint64_t)seed;
    r->dt = r->p[SNN_P_DT];
    double steps = r->p[SNN_P_TIME] / r->dt;
    if (steps > 9e15) {
        fprintf(err, "error: sim.time / sim.dt is too many steps\n");
        return -1;
    }
    r->nsteps = llround(steps);
    return 0;
}

static void list_params(const snn_run *r)
{
    const snn_model *m = r->model;
    for (int i = 0; i < m->nparams; i++) {
        char val[64];
        if (m->params[i].flags & SNN_P_STRING)
            snprintf(val, sizeof val, "\"%s\"", r->str[i]);
        else
            fmt_value(val, sizeof val, r->p[i], m->params[i].dim.e);
        printf("%-28s %s\n", m->params[i].name, val);
    }
}

/* ---- recording ------------------------------------------------------------------ */

typedef struct {
    int64_t every;            /* steps between samples */
    uint64_t n, cap;
    float *data;              /* samples x width */
    int64_t *step;
} state_buf;

static int sample(snn_run *r, state_buf *b, int rec, int64_t step)
{
    const snn_state_rec *sr = &r->model->state_recs[rec];
    if (b->n == b->cap) {
        uint64_t cap = b->cap ? 2 * b->cap : 256;
        float *d = realloc(b->data, cap * sr->n * sizeof(float));
        if (!d)
            return -1;
        b->data = d;
        int64_t *s = realloc(b->step, cap * sizeof(int64_t));
        if (!s)
            return -1;
        b->step = s;
        b->cap = cap;
    }
    memcpy(b->data + b->n * sr->n, r->model->state_ptr(r, rec), sr->n * sizeof(float));
    b->step[b->n++] = step;
    return 0;
}

/* Which neurons' spikes are kept during a phase (-1: before any): every neuron
 * without spike records, else those of the records for always or this phase. */
static void mark_recorded(const snn_model *m, uint8_t **recorded, int phase)
{
    for (int i = 0; i < m->npops; i++)
        memset(recorded[i], m->nspike_recs == 0, m->pops[i].size);
    for (int k = 0; k < m->nspike_recs; k++) {
        const snn_range *sr = &m->spike_recs[k];
        if (sr->phase < 0 || sr->phase == phase)
            memset(recorded[sr->pop] + sr->lo, 1, sr->n);
    }
}

/* dir/name into out; false if it does not fit */
static bool join(char *out, size_t n, const char *dir, const char *name)
{
    int k = snprintf(out, n, "%s/%s", dir, name);
    return k >= 0 && (size_t)k < n;
}

/* The file name of a record: STEM, then _PHASE for a record inside a phase,
 * then _2, _3, ... if an earlier output already has that name (two records of
 * one variable, or a connection whose name looks like another's series). */
static void output_name(char *out, size_t n, const char *stem, const snn_model *m, int phase, char *const *written,
                        int nw)
{
    char base[512];
    snprintf(base, sizeof base, "%.300s%s%.100s", stem, phase >= 0 ? "_" : "", phase >= 0 ? m->phases[phase].name : "");
    for (char *q = base; *q; q++)
        if (*q == '/' || *q == '>' || *q == ' ')
            *q = '_';
    for (int v = 1;; v++) {
        if (v == 1)
            snprintf(out, n, "%.420s.csv", base);
        else
            snprintf(out, n, "%.420s_%d.csv", base, v);
        bool taken = false;
        for (int k = 0; k < nw && !taken; k++)
            taken = strcmp(written[k], out) == 0;
        if (!taken)
            return;
    }
}

/* An output file written under a temporary name (outdir.c) and renamed only
 * when complete, so that a failed write leaves nothing behind. */
typedef struct {
    FILE *f;
    char path[SNN_PATH_MAX], tmp[SNN_PATH_MAX];
} staged;

static int staged_open(staged *s, const char *dir, const char *name)
{
    if (!join(s->path, sizeof s->path, dir, name))
        return snn_output_fail(SNN_OUT_EINVAL, dir, "path too long");
    if (snn_atomic_begin(s->path, s->tmp, sizeof s->tmp))
        return -1;
    if (!(s->f = fopen(s->tmp, "w"))) {
        snn_atomic_abort(s->tmp);
        return snn_output_fail(SNN_OUT_EIO, s->path, "cannot create file: %s", strerror(errno));
    }
    return 0;
}

static int staged_close(staged *s)
{
    if (ferror(s->f) | fclose(s->f)) {
        snn_atomic_abort(s->tmp);
        return snn_output_fail(SNN_OUT_EIO, s->path, "cannot write file");
    }
    return snn_atomic_commit(s->tmp, s->path);
}

static int write_state_csv(const char *dir, const char *name, const snn_run *r, int rec, const state_buf *b)
{
    const snn_state_rec *sr = &r->model->state_recs[rec];
    staged st;
    if (staged_open(&st, dir, name))
        return -1;
    FILE *f = st.f;
    fprintf(f, "time_ms");
    for (uint32_t j = 0; j < sr->n; j++)
        if (sr->pop < 0) /* a modulator: one column, named by what it is */
            fprintf(f, ",%s", sr->var);
        else
            fprintf(f, ",%u", sr->lo + j);
    fputc('\n', f);
    for (uint64_t s = 0; s < b->n; s++) {
        fprintf(f, "%.4f", (double)b->step[s] * r->dt * 1e3);
        for (uint32_t j = 0; j < sr->n; j++)
            fprintf(f, ",%.9g", (double)b->data[s * sr->n + j]);
        fputc('\n', f);
    }
    return staged_close(&st);
}

/* The final weights of a plastic projection: pre,post,weight (SI units). */
static int write_weights_csv(const char *dir, const char *name, snn_run *r, const snn_plastic_info *pl)
{
    staged st;
    if (staged_open(&st, dir, name))
        return -1;
    FILE *f = st.f;
    const snn_csr *c = pl->csr();

    fprintf(f, "pre,post,weight\n");
    for (uint32_t i = 0; i < c->nrows; i++)
        for (uint64_t k = c->row[i]; k < c->row[i + 1]; k++)
            fprintf(f, "%u,%u,%.17g\n", pl->pre_lo + i, pl->post_lo + c->col[k], pl->value(r, k, 0, r->nsteps));
    return staged_close(&st);
}

/* Weights of a plastic connection over time: time_ms, then one column per
 * synapse (pre->post, CSR order), SI units. */
typedef struct {
    int64_t every;
    uint64_t n, cap, nnz;
    double *w;
    int64_t *step;
} weight_buf;

static int sample_weights(snn_run *r, weight_buf *b, const snn_plastic_info *pl, int var, int64_t step)
{
    const snn_csr *c = pl->csr();
    if (b->n == b->cap) {
        uint64_t cap = b->cap ? 2 * b->cap : 64;
        double *w = realloc(b->w, cap * (c->nnz ? c->nnz : 1) * sizeof(double));
        int64_t *s = w ? realloc(b->step, cap * sizeof(int64_t)) : NULL;
        if (w)
            b->w = w;
        if (!s)
            return -1;
        b->step = s;
        b->cap = cap;
    }
    b->nnz = c->nnz;
    for (uint64_t k = 0; k < c->nnz; k++)
        b->w[b->n * c->nnz + k] = pl->value(r, k, var, step);
    b->step[b->n++] = step;
    return 0;
}

static int write_weight_series(const char *dir, const char *name, const snn_run *r, const snn_plastic_info *pl,
                               const weight_buf *b)
{
    staged st;
    if (staged_open(&st, dir, name))
        return -1;
    FILE *f = st.f;
    const snn_csr *c = pl->csr();
    fprintf(f, "time_ms");
    for (uint32_t i = 0; i < c->nrows; i++)
        for (uint64_t k = c->row[i]; k < c->row[i + 1]; k++)
            fprintf(f, ",%u->%u", pl->pre_lo + i, pl->post_lo + c->col[k]);
    fputc('\n', f);
    for (uint64_t s = 0; s < b->n; s++) {
        fprintf(f, "%.4f", (double)b->step[s] * r->dt * 1e3);
        for (uint64_t k = 0; k < b->nnz; k++)
            fprintf(f, ",%.17g", b->w[s * b->nnz + k]);
        fputc('\n', f);
    }
    return staged_close(&st);
}

/* The phase of a trial (NULL without phases). */
static const char *phase_of(const snn_model *m, int64_t trial)
{
    for (int k = 0; k < m->nphases; k++) {
        if (trial < m->phases[k].trials)
            return m->phases[k].name;
        trial -= m->phases[k].trials;
    }
    return "";
}

/* trials.csv: trial,phase,label[,entry], then spikes per trial for each report
 * 'in [t0, t1]'; entry = the stimulus entry the trial showed (which utterance) */
static int write_trials(const char *dir, const snn_model *m, uint32_t **tc, int64_t ntrials)
{
    staged st;
    if (staged_open(&st, dir, "trials.csv"))
        return -1;
    FILE *f = st.f;
    const snn_templates *stim = m->stimulus ? m->stimulus() : NULL;
    fprintf(f, "trial,phase,label%s", stim ? ",entry" : "");
    for (int k = 0; k < m->nreports; k++)
        if (tc[k])
            fprintf(f, ",%s", m->reports[k].label);
    fputc('\n', f);
    for (int64_t t = 0; t < ntrials; t++) {
        fprintf(f, "%lld,%s,%d", (long long)t, phase_of(m, t), m->trial_label ? m->trial_label(t) : -1);
        if (stim)
            fprintf(f, ",%d", snn_templates_entry(stim, t));
        for (int k = 0; k < m->nreports; k++)
            if (tc[k])
                fprintf(f, ",%u", tc[k][t]);
        fputc('\n', f);
    }
    return staged_close(&st);
}

/* summary.json: per phase and report, the mean and standard deviation of spikes per trial */
/* The report counts of one label's trials in [first, first + n), in order. */
static int64_t label_counts(const snn_model *m, const uint32_t *tc, int64_t first, int64_t n, int lab, double *out)
{
    int64_t c = 0;
    for (int64_t t = first; t < first + n; t++)
        if (m->trial_label(t) == lab)
            out[c++] = tc[t];
    return c;
}

/* A learning phase: each label's counts as a moving average over WINDOW of its trials. */
enum { WINDOW = 40, LAST = 400 };

static void summary_moving(snn_json *j, const char *key, const snn_model *m, const uint32_t *tc, int64_t first, int64_t n,
                           int nlab)
{
    double *x = malloc(sizeof(double) * (size_t)(n ? n : 1));
    if (!x)
        return;
    snn_json_begin_object(j, key);
    snn_json_int(j, "window", WINDOW);
    for (int lab = 0; lab < nlab; lab++) {
        int64_t c = label_counts(m, tc, first, n, lab, x);
        if (!c)
            continue;
        char lk[32];
        snprintf(lk, sizeof lk, "label %d", lab);
        snn_json_begin_array(j, lk);
        const int64_t w = c < WINDOW ? c : WINDOW;
        double s = 0;
        for (int64_t i = 0; i < c; i++) {
            s += x[i] - (i >= w ? x[i - w] : 0);
            if (i >= w - 1)
                snn_json_number(j, NULL, s / (double)w);
        }
        snn_json_end_array(j);
    }
    snn_json_end_object(j);
    free(x);
}

/* The fraction of trials in [first, first + n) with label la or lb that "count > th"
 * assigns to the right one (above: label hi). */
static double accuracy(const snn_model *m, const uint32_t *tc, int64_t first, int64_t n, int la, int lb, int hi, double th)
{
    int64_t ok = 0, all = 0;
    for (int64_t t = first; t < first + n; t++) {
        const int l = m->trial_label(t);
        if (l != la && l != lb)
            continue;
        ok += (tc[t] > th) == (l == hi);
        all++;
    }
    return all ? (double)ok / (double)all : 0;
}

/* A phase without learning after one with learning, two labels: one threshold on
 * the count, chosen where it classifies best the last LAST trials of that
 * learning phase (the label with the higher mean there above it), applied here. */
static void summary_threshold(snn_json *j, const char *key, const snn_model *m, const uint32_t *tc, int64_t lfirst,
                              int64_t ln, const char *lname, int64_t first, int64_t n, int la, int lb)
{
    if (ln > LAST) {
        lfirst += ln - LAST;
        ln = LAST;
    }
    double ma = 0, mb = 0;
    int64_t ca = 0, cb = 0;
    for (int64_t t = lfirst; t < lfirst + ln; t++) {
        int l = m->trial_label(t);
        ma += l == la ? tc[t] : 0;
        mb += l == lb ? tc[t] : 0;
        ca += l == la;
        cb += l == lb;
    }
    if (!ca || !cb)
        return;
    const int hi = mb / (double)cb >= ma / (double)ca ? lb : la;
    double best = -1, th = 0;
    for (int64_t u = lfirst; u < lfirst + ln; u++) { /* candidates: every count seen, as "count > th" */
        const double a = accuracy(m, tc, lfirst, ln, la, lb, hi, tc[u]);
        if (a > best) {
            best = a;
            th = tc[u];
        }
    }
    snn_json_begin_object(j, key);
    snn_json_number(j, "threshold", th);
    snn_json_int(j, "label_above", hi);
    char on[160];
    snprintf(on, sizeof on, "%s, its last %lld trials", lname, (long long)ln);
    snn_json_string(j, "chosen_on", on);
    snn_json_number(j, "accuracy_there", best);
    snn_json_number(j, "accuracy", accuracy(m, tc, first, n, la, lb, hi, th));
    snn_json_end_object(j);
}

/* A state recorded in a phase: per label, the mean over its trials of the variance
 * of the first recorded neuron's value within [w0, w1) steps of the trial. */
static void summary_variance(snn_json *j, const snn_model *m, const snn_state_rec *sr, const state_buf *b, int64_t first,
                             int64_t n, int64_t tsteps, int64_t w0, int64_t w1, int nlab)
{
    char key[256];
    snprintf(key, sizeof key, "%s.%s", sr->owner, sr->var);
    snn_json_begin_object(j, key);
    for (int lab = 0; lab < nlab; lab++) {
        double sum = 0;
        int64_t trials = 0;
        uint64_t q = 0;
        for (int64_t t = first; t < first + n; t++) {
            if (m->trial_label(t) != lab)
                continue;
            const int64_t a = t * tsteps + w0, z = t * tsteps + w1;
            while (q < b->n && b->step[q] < a)
                q++;
            double s1 = 0, s2 = 0;
            int64_t c = 0;
            for (uint64_t u = q; u < b->n && b->step[u] < z; u++, c++) {
                const double v = b->data[u * sr->n];
                s1 += v;
                s2 += v * v;
            }
            if (c > 1) {
                sum += (s2 - s1 * s1 / (double)c) / (double)(c - 1);
                trials++;
            }
        }
        if (!trials)
            continue;
        char lk[32];
        snprintf(lk, sizeof lk, "label %d", lab);
        snn_json_number(j, lk, sum / (double)trials);
    }
    snn_json_end_object(j);
}

static int write_summary(const char *path, const snn_model *m, uint32_t **tc, int64_t ntrials, const state_buf *sb,
                         int64_t tsteps, const int64_t *tw0, const int64_t *tw1)
{
    snn_json *j = snn_json_new();
    snn_json_begin_object(j, NULL);
    snn_json_begin_array(j, "phases");
    int nph = m->nphases ? m->nphases : 1;
    /* the run's labels: 0 .. nlab-1, of which nl occur (the first two: la, lb) */
    int nlab = 0, la = -1, lb = -1, nl = 0;
    for (int64_t t = 0; m->trial_label && t < ntrials; t++)
        if (m->trial_label(t) + 1 > nlab)
            nlab = m->trial_label(t) + 1;
    for (int l = 0; l < nlab; l++) {
        bool seen = false;
        for (int64_t t = 0; t < ntrials && !seen; t++)
            seen = m->trial_label(t) == l;
        if (seen && nl++ == 0)
            la = l;
        else if (seen && nl == 2)
            lb = l;
    }
    int64_t first = 0;
    for (int p = 0; p < nph; p++) {
        int64_t n = m->nphases ? m->phases[p].trials : ntrials;
        snn_json_begin_object(j, NULL);
        snn_json_string(j, "name", m->nphases ? m->phases[p].name : "run");
        snn_json_int(j, "trials", n);
        snn_json_begin_object(j, "spikes_per_trial");
        for (int k = 0; k < m->nreports; k++) {
            if (!tc[k])
                continue;
            /* all trials, then each label's trials (labels without trials in the phase left out) */
            snn_json_begin_object(j, m->reports[k].label);
            for (int lab = -1; lab < nlab; lab++) {
                double s1 = 0, s2 = 0;
                int64_t c = 0;
                for (int64_t t = first; t < first + n; t++) {
                    if (lab >= 0 && m->trial_label(t) != lab)
                        continue;
                    s1 += tc[k][t];
                    s2 += (double)tc[k][t] * tc[k][t];
                    c++;
                }
                if (lab >= 0 && !c)
                    continue;
                double mean = c ? s1 / c : 0, var = c > 1 ? (s2 - s1 * mean) / (c - 1) : 0;
                char key[32];
                snprintf(key, sizeof key, "label %d", lab);
                snn_json_begin_object(j, lab < 0 ? "all" : key);
                snn_json_int(j, "trials", c);
                snn_json_number(j, "mean", mean);
                snn_json_number(j, "sd", sqrt(var > 0 ? var : 0));
                snn_json_end_object(j);
            }
            snn_json_end_object(j);
        }
        snn_json_end_object(j); /* spikes_per_trial */
        /* learning phases: each label's moving average; a phase without learning after one,
         * with two labels in the run: the accuracy of one threshold */
        if (m->nphases && m->trial_label) {
            int64_t lfirst = 0, ln = 0, at = 0;
            const char *lname = NULL;
            for (int q = 0; q < p; q++) { /* the latest learning phase before this one */
                if (m->phases[q].learning == 1) {
                    lfirst = at;
                    ln = m->phases[q].trials;
                    lname = m->phases[q].name;
                }
                at += m->phases[q].trials;
            }
            if (m->phases[p].learning == 1) {
                snn_json_begin_object(j, "moving_average");
                for (int k = 0; k < m->nreports; k++)
                    if (tc[k])
                        summary_moving(j, m->reports[k].label, m, tc[k], first, n, nlab);
                snn_json_end_object(j);
            } else if (m->phases[p].learning == 0 && lname && nl == 2) {
                snn_json_begin_object(j, "threshold_accuracy");
                for (int k = 0; k < m->nreports; k++)
                    if (tc[k])
                        summary_threshold(j, m->reports[k].label, m, tc[k], lfirst, ln, lname, first, n, la, lb);
                snn_json_end_object(j);
            }
            /* states recorded in this phase: their variance per label, in the first report's window */
            int64_t w0 = 0, w1 = tsteps;
            for (int k = m->nreports - 1; k >= 0; k--)
                if (tc[k]) {
                    w0 = tw0[k];
                    w1 = tw1[k];
                }
            bool any = false;
            for (int k = 0; k < m->nstate_recs; k++)
                if (m->state_recs[k].phase == p) {
                    if (!any)
                        snn_json_begin_object(j, "state_variance");
                    any = true;
                    summary_variance(j, m, &m->state_recs[k], &sb[k], first, n, tsteps, w0, w1, nlab);
                }
            if (any)
                snn_json_end_object(j);
        }
        snn_json_end_object(j);
        first += n;
    }
    snn_json_end_array(j);
    snn_json_end_object(j);
    int rc = snn_json_save(j, path);
    snn_json_free(j);
    return rc;
}

/* ---- the run ------------------------------------------------------------------- */

/* SIGINT or SIGTERM during the steps: the loop stops at the next step, and
 * what was recorded is written, marked incomplete (exit status 128 + signal).
 * A second signal while writing ends the process at once (default action). */
static volatile sig_atomic_t stop_signal;
static void on_stop(int sig) { stop_signal = sig; }

static void catch_stops(bool on)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on ? on_stop : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static uint64_t range_count(const snn_run *r, int pop, uint32_t lo, uint32_t n)
{
    uint64_t c = 0;
    for (uint32_t i = lo; i < lo + n; i++)
        c += r->counts[pop][i];
    return c;
}

/* The steps a record samples: the phase's, or the whole run's. */
static int64_t record_steps(const snn_run *r, int phase, int64_t trial_steps)
{
    return phase >= 0 ? r->model->phases[phase].trials * trial_steps : r->nsteps;
}

/* The recordings over the whole run: their memory (budget.c) and the size of
 * their files, printed, and refused above --max-output.  Spikes are left out:
 * how many there will be depends on the rates. */
static int plan_recordings(snn_run *r, const state_buf *sb, const weight_buf *wb, int64_t trial_steps, bool quiet,
                           double max_output, const char *max_text)
{
    const snn_model *m = r->model;
    double files = 0;
    char what[400];
    for (int k = 0; k < m->nstate_recs; k++) {
        const snn_state_rec *sr = &m->state_recs[k];
        const double n = (double)(record_steps(r, sr->phase, trial_steps) / sb[k].every);
        snprintf(what, sizeof what, "recording %s of %s (%.3g samples of %u values)", sr->var, sr->owner, n, sr->n);
        if (snn_budget_add(r, n * (4.0 * sr->n + 8), what))
            return fprintf(stderr, "error: %s\n", r->err), -1;
        files += n * (12 + 14.0 * sr->n); /* "%.4f" time, then "%.9g" values */
    }
    for (int k = 0; k < m->nweight_recs; k++) {
        const snn_weight_rec *wr = &m->weight_recs[k];
        const double n = (double)(record_steps(r, wr->phase, trial_steps) / wb[k].every) + 1,
                     syn = (double)m->plastic[wr->plastic].csr()->nnz;
        snprintf(what, sizeof what, "recording %s of %s (%.3g samples of %.3g synapses)", wr->var_name,
                 m->plastic[wr->plastic].name, n, syn);
        if (snn_budget_add(r, n * (8.0 * syn + 8), what))
            return fprintf(stderr, "error: %s\n", r->err), -1;
        files += n * 24 * syn + 16 * syn; /* "%.17g" values; the header names every synapse */
    }
    for (int k = 0; k < m->nplastic; k++)
        files += 36.0 * (double)m->plastic[k].csr()->nnz; /* the final weights */
    if (max_output > 0 && files > max_output) {
        fprintf(stderr, "error: the recordings would write about %.3g MB of files, more than %s allows: record less "
                        "often, fewer neurons or synapses, or in a phase only\n", files / 1e6, max_text);
        return -1;
    }
    if (!quiet && (m->nstate_recs || m->nweight_recs))
        fprintf(stderr, "  recordings: about %.3g MB of files, and %.3g MB of memory in all (spikes not counted: "
                        "they depend on the rates)\n", files / 1e6, r->mem_planned / 1e6);
    return 0;
}

/* ---- checkpoints: the settings a resumed run takes over, and the driver's state ---- */

/* The settings that make a run what it is, as NUL-separated strings: format,
 * sequential, then NAME, VALUE of every override (--seed included). */
static char *settings_make(const override *ov, int nov, const char *format, bool sequential, uint64_t *n)
{
    size_t len = strlen(format) + 32;
    for (int k = 0; k < nov; k++)
        len += strlen(ov[k].name) + strlen(ov[k].value) + 2;
    char *s = malloc(len), *p = s;
    if (!s)
        return NULL;
    p += sprintf(p, "%s", format) + 1;
    p += sprintf(p, "%d", sequential) + 1;
    for (int k = 0; k < nov; k++) {
        p += sprintf(p, "%s", ov[k].name) + 1;
        p += sprintf(p, "%s", ov[k].value) + 1;
    }
    *n = (uint64_t)(p - s);
    return s;
}

/* The checkpoint in DIR opened, its model checked and its settings taken over
 * (pointers into *settings); NULL with a message in err. */
static snn_ckpt *resume_begin(const snn_model *m, const char *dir, char **settings, uint64_t *nsettings, override **ov,
                              int *nov, const char **format, bool *sequential, char *err, size_t n)
{
    char path[SNN_PATH_MAX];
    snn_ckpt *k;
    if (!join(path, sizeof path, dir, "checkpoint.snnck")) {
        snprintf(err, n, "%s: path too long", dir);
        return NULL;
    }
    if (access(path, F_OK) != 0) {
        snprintf(err, n, "%.300s: no checkpoint there (%.300s: %s); checkpoints are written with --checkpoint-every TIME, and "
                 "when SIGINT or SIGTERM stops a run", dir, path, strerror(errno));
        return NULL;
    }
    if (!(k = snn_ckpt_read_begin(path, err, n)))
        return NULL;
    snn_ckpt_identity(k, m->source, m->hash, m->compiler);
    snn_ckpt_array(k, "settings", (void **)settings, 1, nsettings);
    const char *s = *settings, *end = s + *nsettings;
    int count = 0;
    for (const char *p = s; *nsettings && p < end; p += strlen(p) + 1)
        count++;
    override *o = realloc(*ov, sizeof *o * (size_t)(count / 2 + 1));
    err[0] = 0;
    if (snn_ckpt_check(k, err, n) || !*nsettings || end[-1] != 0 || count < 2 || count % 2 || !o) {
        if (o)
            *ov = o;
        if (!err[0]) {
            snn_ckpt_read_end(k, err, n);
            snprintf(err, n, "%.900s: the checkpoint's settings are damaged", path);
        }
        return NULL;
    }
    *ov = o;
    *format = s;
    s += strlen(s) + 1;
    *sequential = strcmp(s, "1") == 0;
    s += strlen(s) + 1;
    for (*nov = 0; s < end; (*nov)++) {
        o[*nov].name = s;
        s += strlen(s) + 1;
        o[*nov].value = s;
        s += strlen(s) + 1;
    }
    return k;
}

/* What the step loop carries from one step to the next, besides the model. */
typedef struct {
    int64_t step;             /* the next step to run */
    int64_t phase;            /* -1: before the first */
    int64_t phase_end;        /* the trial that ends it */
    double saved[64];         /* the values the phase's 'set's replaced */
} loop_state;

/* The driver's state and the model's, written or read back (a checkpoint). */
static void ckpt_run(snn_ckpt *k, snn_run *r, loop_state *ls, snn_spikelog *slog, state_buf *sb, weight_buf *wb,
                     uint32_t **tcount, int64_t ntrials, uint64_t *gcount, snn_ahead *ahead);

/* DIR/checkpoint.snnck: the model, the settings and the whole state, written
 * atomically (the previous checkpoint stays until the new one is complete). */
static int save_checkpoint(const char *dir, snn_run *r, char *settings, uint64_t nsettings, loop_state *ls,
                           snn_spikes *rec, snn_spikelog *slog, state_buf *sb, weight_buf *wb, uint32_t **tcount,
                           int64_t ntrials, uint64_t *gcount, snn_ahead *ahead, char *err, size_t n)
{
    const snn_model *m = r->model;
    if (snn_spikelog_append(slog, dir, rec, m->npops, err, n))
        return -1;
    char path[SNN_PATH_MAX];
    if (!join(path, sizeof path, dir, "checkpoint.snnck")) {
        snprintf(err, n, "%s: path too long", dir);
        return -1;
    }
    snn_ckpt *k = snn_ckpt_write_begin(path, err, n);
    if (!k)
        return -1;
    snn_ckpt_identity(k, m->source, m->hash, m->compiler);
    snn_ckpt_array(k, "settings", (void **)&settings, 1, &nsettings);
    ckpt_run(k, r, ls, slog, sb, wb, tcount, ntrials, gcount, ahead);
    return snn_ckpt_write_end(k, err, n);
}


static void ckpt_run(snn_ckpt *k, snn_run *r, loop_state *ls, snn_spikelog *slog, state_buf *sb, weight_buf *wb,
                     uint32_t **tcount, int64_t ntrials, uint64_t *gcount, snn_ahead *ahead)
{
    const snn_model *m = r->model;
    const bool w = snn_ckpt_writing(k);
    char b[400];
    snn_ckpt_fixed(k, "loop", ls, sizeof *ls);
    snn_ckpt_fixed(k, "parameters", r->p, sizeof(double) * (size_t)m->nparams);
    for (int i = 0; i < m->npops; i++) {
        snprintf(b, sizeof b, "%s.spike_counts", m->pops[i].name);
        snn_ckpt_fixed(k, b, r->counts[i], sizeof(uint64_t) * m->pops[i].size);
    }
    /* the recorded spikes are in the log beside the checkpoint: its length and hash */
    snn_ckpt_fixed(k, "spike log", slog, 2 * sizeof(uint64_t));
    snn_ckpt_fixed(k, "spike log: per population", slog->saved, sizeof(uint64_t) * (size_t)m->npops);
    for (int q = 0; q < m->nstate_recs; q++) {
        uint64_t nd = sb[q].n * m->state_recs[q].n, ns = sb[q].n;
        snprintf(b, sizeof b, "record %d: values", q);
        snn_ckpt_array(k, b, (void **)&sb[q].data, sizeof(float), &nd);
        snprintf(b, sizeof b, "record %d: steps", q);
        snn_ckpt_array(k, b, (void **)&sb[q].step, sizeof(int64_t), &ns);
        if (!w)
            sb[q].n = sb[q].cap = nd == ns * m->state_recs[q].n ? ns : 0;
    }
    for (int q = 0; q < m->nweight_recs; q++) {
        snprintf(b, sizeof b, "weight record %d: synapses", q);
        snn_ckpt_fixed(k, b, &wb[q].nnz, sizeof wb[q].nnz);
        uint64_t nd = wb[q].n * wb[q].nnz, ns = wb[q].n;
        snprintf(b, sizeof b, "weight record %d: values", q);
        snn_ckpt_array(k, b, (void **)&wb[q].w, sizeof(double), &nd);
        snprintf(b, sizeof b, "weight record %d: steps", q);
        snn_ckpt_array(k, b, (void **)&wb[q].step, sizeof(int64_t), &ns);
        if (!w)
            wb[q].n = wb[q].cap = nd == ns * wb[q].nnz ? ns : 0;
    }
    for (int q = 0; q < m->nreports; q++)
        if (tcount[q]) {
            snprintf(b, sizeof b, "report %s: spikes per trial", m->reports[q].label);
            snn_ckpt_fixed(k, b, tcount[q], sizeof(uint32_t) * (size_t)(ntrials + 1));
        }
    snn_ckpt_fixed(k, "rate guards", gcount, sizeof(uint64_t) * (size_t)m->nrate_guards);
    snn_ckpt_fixed(k, "frozen sub-network: next event", &ahead->cursor, sizeof ahead->cursor);
    m->checkpoint(r, k);
}

static int run_main(int argc, char **argv, const snn_model *m)
{
    static const struct option opts[] = {
        {"seed", required_argument, 0, 's'},  {"set", required_argument, 0, 'S'},
        {"out", required_argument, 0, 'o'},   {"format", required_argument, 0, 'f'},
        {"quiet", no_argument, 0, 'q'},       {"list-params", no_argument, 0, 'l'},
        {"jobs", required_argument, 0, 'j'},  {"sequential", no_argument, 0, 'Q'},
        {"progress", no_argument, 0, 'p'},    {"help", no_argument, 0, 'h'},
        {"force", no_argument, 0, 'F'},
        {"checkpoint-every", required_argument, 0, 'C'}, {"resume", required_argument, 0, 'R'},
        {"max-memory", required_argument, 0, 'M'}, {"max-output", required_argument, 0, 'X'},
        {0, 0, 0, 0},
    };
    /* Every failure jumps to done, which frees what was allocated so far (an
     * error exit leaks nothing); so everything it frees is declared here. */
    int status = 1;
    override *ov = calloc((size_t)argc + 1, sizeof *ov);
    int nov = 0;
    snn_run run = {0}, *r = &run;
    snn_spikes *rec = NULL;
    uint8_t **recorded = NULL; /* per neuron: record its spikes? */
    state_buf *sb = NULL;
    weight_buf *wb = NULL;
    uint32_t **tcount = NULL; /* reports 'in [t0, t1]': spikes per trial */
    uint64_t *gcount = NULL;  /* rate guards: spikes in the current window */
    int64_t *gsteps = NULL;   /* rate guards: steps per window */
    int64_t *tw0 = NULL, *tw1 = NULL;
    char **written = NULL;
    int nw = 0;
    snn_json *j = NULL;
    snn_ahead ahead = {0};
    snn_ckpt *ck = NULL;      /* --resume: the checkpoint, read up to its state */
    snn_spikelog slog = {0};  /* the recorded spikes beside the checkpoints */
    char *settings = NULL;    /* the run's settings as stored in checkpoints: NUL-separated */
    uint64_t nsettings = 0;
    if (!ov) {
        fprintf(stderr, "error: out of memory\n");
        return 1;
    }
    const char *outdir = "out", *format = "sonata", *seed_arg = NULL, *ck_arg = NULL, *resume = NULL;
    bool out_given = false, format_given = false;
    double max_memory = 0, max_output = 0; /* bytes; 0: what the system has, no limit */
    char max_memory_text[96] = "", max_output_text[96] = "";
    bool quiet = false, list = false, sequential = false, progress_lines = false, force = false;
    bool claimed = false, published = false; /* the output folder: made ready; the outputs put there */
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 's': seed_arg = optarg; break;
        case 'S': {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg) {
                fprintf(stderr, "error: --set needs NAME=VALUE, got '%s'\n", optarg);
                goto done;
            }
            *eq = 0;
            ov[nov].name = optarg;
            ov[nov++].value = eq + 1;
            break;
        }
        case 'o': outdir = optarg; out_given = true; break;
        case 'f': format = optarg; format_given = true; break;
        case 'C': ck_arg = optarg; break;
        case 'M':
        case 'X': {
            double v = snn_size_parse(optarg);
            if (!(v > 0)) {
                fprintf(stderr, "error: --max-%s needs a size such as 8G, 500M or 100k, got '%s'\n",
                        c == 'M' ? "memory" : "output", optarg);
                goto done;
            }
            *(c == 'M' ? &max_memory : &max_output) = v;
            snprintf(c == 'M' ? max_memory_text : max_output_text, 96, "--max-%s %.80s", c == 'M' ? "memory" : "output",
                     optarg);
            break;
        }
        case 'R': resume = optarg; break;
        case 'q': quiet = true; break;
        case 'p': progress_lines = true; break;
        case 'F': force = true; break;
        case 'l': list = true; break;
        case 'Q': sequential = true; break;
        case 'j': {
            char *end;
            jobs = strtol(optarg, &end, 10);
            if (*end || jobs < 1 || jobs > 4096) {
                fprintf(stderr, "error: --jobs needs a whole number from 1 to 4096, got '%s'\n", optarg);
                goto done;
            }
            break;
        }
        case 'h': usage(m, stdout); status = 0; goto done;
        case ':': fprintf(stderr, "error: option '%s' needs a value\n", argv[optind - 1]); goto done;
        default: fprintf(stderr, "error: unknown option '%s' (see --help)\n", argv[optind - 1]); goto done;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "error: unexpected argument '%s' (see --help)\n", argv[optind]);
        goto done;
    }
    if (resume) { /* the run's settings come from its checkpoint; its state is read after init */
        if (nov || seed_arg || out_given || format_given || force || list) {
            fprintf(stderr, "error: --resume continues a run with the settings stored in its checkpoint: --set, "
                            "--seed, --out, --format, --force and --list-params cannot be given with it\n");
            goto done;
        }
        char err[1024];
        outdir = resume;
        force = true; /* the folder holds this run's checkpoint (and outputs, if it was stopped) */
        if (!(ck = resume_begin(m, resume, &settings, &nsettings, &ov, &nov, &format, &sequential, err, sizeof err))) {
            fprintf(stderr, "error: --resume %s\n", err);
            goto done;
        }
    }
    bool want_sonata = false, want_csv = false;
    {
        char *f = strdup(format);
        for (char *t = strtok(f, ","); t; t = strtok(NULL, ",")) {
            if (strcmp(t, "sonata") == 0)
                want_sonata = true;
            else if (strcmp(t, "csv") == 0)
                want_csv = true;
            else {
                fprintf(stderr, "error: --format %s: unknown format '%s' (sonata, csv)\n", format, t);
                free(f);
                goto done;
            }
        }
        free(f);
    }
    if (!want_sonata && !want_csv) {
        fprintf(stderr, "error: --format '%s': no format given (sonata, csv, or sonata,csv)\n", format);
        goto done;
    }
    if (seed_arg) {
        ov[nov].name = "sim.seed";
        ov[nov++].value = seed_arg;
    }
    if (!resume && !(settings = settings_make(ov, nov, format, sequential, &nsettings))) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    int64_t ck_steps = 0; /* --checkpoint-every, in steps (checked once the step is known) */
    double ck_every = 0;
    r->model = m;
    r->p = calloc((size_t)m->nparams, sizeof(double));
    r->str = calloc((size_t)m->nparams, sizeof(char *));
    r->set = calloc((size_t)m->nparams, sizeof(bool));
    if (!r->p || !r->str || !r->set) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    if (setup_params(r, ov, nov, stderr))
        goto done;
    if (list) {
        list_params(r);
        status = 0;
        goto done;
    }
    if (ck_arg) {
        int8_t e[4];
        const int8_t time_dim[4] = {0, 0, 2, 0};
        double steps = 0;
        if (parse_value(ck_arg, &ck_every, e) || memcmp(e, time_dim, 4) != 0 || !(ck_every > 0) ||
            (steps = ck_every / r->dt) > 9e15 || llround(steps) < 1) {
            fprintf(stderr, "error: --checkpoint-every %s: a simulated time of at least one step, e.g. 10s or 500ms\n",
                    ck_arg);
            goto done;
        }
        ck_steps = llround(steps);
    }
    /* before anything is simulated; by the rank that writes the outputs */
    if (snn_mpi_rank() == 0 && snn_outdir_claim(outdir, force, !quiet)) {
        fprintf(stderr, "error: --out %s\n", snn_output_error());
        goto done;
    }
    claimed = snn_mpi_rank() == 0;
    /* trials and phases: the run is the sum of the phases' trials */
    int64_t trial_steps = 0, ntrials = 0;
    if (m->trial_length) {
        double tl = m->trial_length(r) / r->dt;
        if (!(tl >= 0.5) || tl > 9e15) {
            fprintf(stderr, "error: the trial length %g ms is shorter than the time step\n", m->trial_length(r) * 1e3);
            goto done;
        }
        trial_steps = llround(tl);
    }
    if (m->nphases) {
        if (r->set[SNN_P_TIME]) {
            fprintf(stderr, "error: --set sim.time: with phases the simulated time is the sum of their trials\n");
            goto done;
        }
        for (int k = 0; k < m->nphases; k++)
            ntrials += m->phases[k].trials;
        r->nsteps = ntrials * trial_steps;
        r->p[SNN_P_TIME] = (double)r->nsteps * r->dt;
    } else if (trial_steps)
        ntrials = r->nsteps / trial_steps;
    double t0 = now_s();
    r->now = calloc((size_t)m->npops, sizeof(snn_spikelist));
    r->counts = calloc((size_t)m->npops, sizeof(uint64_t *));
    rec = calloc((size_t)m->npops, sizeof(snn_spikes));
    recorded = calloc((size_t)m->npops, sizeof(uint8_t *));
    sb = calloc((size_t)m->nstate_recs + 1, sizeof(state_buf));
    wb = calloc((size_t)m->nweight_recs + 1, sizeof(weight_buf));
    tcount = calloc((size_t)m->nreports + 1, sizeof(uint32_t *));
    gcount = calloc((size_t)m->nrate_guards + 1, sizeof(uint64_t));
    gsteps = calloc((size_t)m->nrate_guards + 1, sizeof(int64_t));
    tw0 = calloc((size_t)m->nreports + 1, sizeof(int64_t));
    tw1 = calloc((size_t)m->nreports + 1, sizeof(int64_t));
    for (int k = 0; tcount && tw0 && tw1 && k < m->nreports; k++)
        if (m->reports[k].t1 > m->reports[k].t0) {
            tcount[k] = calloc((size_t)ntrials + 1, sizeof(uint32_t));
            tw0[k] = llround(m->reports[k].t0 / r->dt);
            tw1[k] = llround(m->reports[k].t1 / r->dt);
            if (!tcount[k]) {
                fprintf(stderr, "error: out of memory\n");
                goto done;
            }
        }
    if (!r->now || !r->counts || !rec || !recorded || !sb || !wb || !tcount || !tw0 || !tw1 || !gcount || !gsteps) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    for (int i = 0; i < m->npops; i++) {
        r->now[i].idx = malloc(sizeof(uint32_t) * m->pops[i].size);
        r->counts[i] = calloc(m->pops[i].size, sizeof(uint64_t));
        recorded[i] = calloc(m->pops[i].size, 1);
        if (!r->now[i].idx || !r->counts[i] || !recorded[i]) {
            fprintf(stderr, "error: out of memory\n");
            goto done;
        }
        rec[i].name = m->pops[i].name;
        rec[i].size = m->pops[i].size;
    }
    mark_recorded(m, recorded, -1);
    if (snn_spikelog_init(&slog, m->npops)) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    snn_budget_init(r, max_memory);
    if (max_memory > 0)
        r->mem_from = max_memory_text;
    if (m->init(r)) {
        fprintf(stderr, "error: %s\n", r->err);
        goto done;
    }
    if (m->nphases && m->stimulus && m->stimulus() &&
        snn_templates_order(r, m->stimulus(), m->phases, m->nphases, snn_purpose(SNN_RNG_ORDER, 0, 0))) {
        fprintf(stderr, "error: %s\n", r->err);
        goto done;
    }
    if (m->nlabels && m->stimulus && m->stimulus() &&
        snn_templates_check_labels(r, m->stimulus(), m->nlabels, m->labels, m->label_at)) {
        fprintf(stderr, "error: %s\n", r->err);
        goto done;
    }
    for (int k = 0; k < m->nstate_recs; k++) {
        const snn_state_rec *sr = &m->state_recs[k];
        double e = sr->every > 0 ? sr->every / r->dt : 1;
        if (!isfinite(sr->every) || sr->every < 0 || fabs(e - round(e)) > 1e-6 * e || round(e) < 1) {
            fprintf(stderr, "error: record %s of %s: the interval %g ms is not a positive multiple of the time step %g ms\n",
                    sr->var, sr->owner, sr->every * 1e3, r->dt * 1e3);
            goto done;
        }
        sb[k].every = (int64_t)round(e);
    }
    for (int k = 0; k < m->nweight_recs; k++) {
        const snn_weight_rec *wr = &m->weight_recs[k];
        double e = wr->every / r->dt;
        if (!isfinite(wr->every) || !(wr->every > 0) || fabs(e - round(e)) > 1e-6 * e || round(e) < 1) {
            fprintf(stderr, "error: record %s of %s: the interval %g ms is not a positive multiple of the time step %g ms\n",
                    wr->var_name, m->plastic[wr->plastic].name, wr->every * 1e3, r->dt * 1e3);
            goto done;
        }
        wb[k].every = (int64_t)round(e);
    }
    if (plan_recordings(r, sb, wb, trial_steps, quiet, max_output, max_output_text))
        goto done;
    for (int k = 0; k < m->nrate_guards; k++) {
        const snn_rate_guard *gd = &m->rate_guards[k];
        double e = gd->every / r->dt;
        if (!isfinite(gd->every) || !(gd->every > 0) || fabs(e - round(e)) > 1e-6 * e || round(e) < 1) {
            fprintf(stderr, "error: %s: the window %g ms is not a positive multiple of the time step %g ms\n", gd->text,
                    gd->every * 1e3, r->dt * 1e3);
            goto done;
        }
        gsteps[k] = (int64_t)round(e);
    }
    /* the frozen sub-network's trials, all of them ahead, in parallel */
    bool use_ahead = m->nfrozen && trial_steps && ntrials && r->nsteps == ntrials * trial_steps && !sequential;
    double ta = now_s();
    if (use_ahead) {
        if (!quiet)
            fprintf(stderr, "  computing the frozen sub-network's %lld trials ahead on %ld processes\n", (long long)ntrials,
                    jobs);
        if (snn_ahead_run(r, m, ntrials, trial_steps, (int)jobs, !quiet && isatty(2), &ahead)) {
            fprintf(stderr, "error: %s\n", r->err);
            goto done;
        }
    }
    if (snn_mpi_rank() != 0) { /* with MPI: this rank's share is done; rank 0 runs the rest */
        if (!use_ahead)
            fprintf(stderr, "note: rank %d has nothing to do: the model has no frozen sub-network (or --sequential); "
                            "use --seeds to run replicates on several ranks\n", snn_mpi_rank());
        status = 0;
        goto done;
    }
    double t1 = now_s();

    loop_state ls;
    memset(&ls, 0, sizeof ls);
    ls.phase = -1;
    if (ck) { /* --resume: the state of the step the checkpoint was written at */
        char err[1024];
        ckpt_run(ck, r, &ls, &slog, sb, wb, tcount, ntrials, gcount, &ahead);
        int bad = snn_ckpt_read_end(ck, err, sizeof err);
        ck = NULL;
        bad = bad || snn_spikelog_load(&slog, outdir, rec, m->npops, err, sizeof err);
        if (bad || ls.step < 0 || ls.step > r->nsteps || ls.phase >= m->nphases) {
            fprintf(stderr, "error: --resume %s\n", bad ? err : "the checkpoint's step is outside the run");
            goto done;
        }
        if (ls.phase >= 0 && m->refresh(r)) {
            fprintf(stderr, "error: %s\n", r->err);
            goto done;
        }
        mark_recorded(m, recorded, (int)ls.phase);
        if (!quiet)
            fprintf(stderr, "resuming at %.10g s of %.10g s simulated\n", (double)ls.step * r->dt,
                    (double)r->nsteps * r->dt);
    }
    const int64_t first_step = ls.step;
    int nck = 0;            /* checkpoints written */
    double ck_s = 0, ck_max = 0; /* and the time it took, in all and the longest */
    snn_progress prog;
    snn_progress_start(&prog, quiet ? SNN_PROGRESS_OFF : isatty(2) ? SNN_PROGRESS_LIVE
                                                 : progress_lines ? SNN_PROGRESS_LINES : SNN_PROGRESS_SPARSE,
                       r->nsteps, r->dt, t1);
    int64_t step;
    catch_stops(true);
    for (step = first_step; step < r->nsteps && !stop_signal && !r->halted; step++) {
        if (ck_steps && step % ck_steps == 0 && step > first_step) {
            char err[1024];
            double c0 = now_s();
            ls.step = step;
            if (save_checkpoint(outdir, r, settings, nsettings, &ls, rec, &slog, sb, wb, tcount, ntrials, gcount, &ahead, err,
                                sizeof err))
                fprintf(stderr, "warning: no checkpoint at %.10g s: %s\n", (double)step * r->dt, err);
            else
                nck++;
            ck_s += now_s() - c0;
            ck_max = fmax(ck_max, now_s() - c0);
        }
        /* a new phase: earlier 'set's undone, learning switched (every weight first brought up to
         * date under the old setting), this phase's 'set's applied */
        if (m->nphases && step % trial_steps == 0 && step / trial_steps == ls.phase_end) {
            if (ls.phase >= 0)
                for (int k = 0; k < m->phases[ls.phase].nsets && k < 64; k++)
                    r->p[m->phases[ls.phase].set_param[k]] = ls.saved[k];
            const snn_phase *ph = &m->phases[++ls.phase];
            ls.phase_end += ph->trials;
            if (ph->learning >= 0) {
                for (int k = 0; k < m->nplastic; k++)
                    m->plastic[k].sync(r, step);
                for (int k = 0; m->learning_params[k] >= 0; k++)
                    r->p[m->learning_params[k]] = ph->learning;
            }
            for (int k = 0; k < ph->nsets && k < 64; k++) {
                ls.saved[k] = r->p[ph->set_param[k]];
                r->p[ph->set_param[k]] = ph->set_value[k];
            }
            if (m->refresh(r)) {
                fprintf(stderr, "error: phase %s: %s\n", ph->name, r->err);
                goto done;
            }
            mark_recorded(m, recorded, (int)ls.phase);
        }
        /* with the frozen part computed ahead, only the rest is reset here */
        if (m->trial_start && trial_steps && step % trial_steps == 0 &&
            m->trial_start(r, step / trial_steps, use_ahead ? SNN_RESET_REST : SNN_RESET_ALL)) {
            fprintf(stderr, "error: trial %lld: %s\n", (long long)(step / trial_steps), r->err);
            goto done;
        }
        if (use_ahead) { /* the frozen part's spikes as computed ahead, then the rest */
            m->step_sources(r, step);
            snn_ahead_inject(&ahead, r, m, step);
            m->step_rest(r, step);
        } else
            m->step(r, step);
        for (int i = 0; i < m->npops; i++) {
            const snn_spikelist *sl = &r->now[i];
            uint64_t *cnt = r->counts[i];
            for (int k = 0; trial_steps && k < m->nreports; k++) {
                const snn_range *rp = &m->reports[k];
                int64_t off = step % trial_steps, tr = step / trial_steps;
                if (!tcount[k] || rp->pop != i || off < tw0[k] || off >= tw1[k] || tr >= ntrials)
                    continue;
                for (uint32_t s = 0; s < sl->n; s++)
                    tcount[k][tr] += sl->idx[s] - rp->lo < rp->n;
            }
            for (int k = 0; k < m->nrate_guards; k++)
                for (uint32_t s = 0; m->rate_guards[k].pop == i && s < sl->n; s++)
                    gcount[k] += sl->idx[s] - m->rate_guards[k].lo < m->rate_guards[k].n;
            for (uint32_t s = 0; s < sl->n; s++) {
                uint32_t id = sl->idx[s];
                cnt[id]++;
                if (recorded[i][id] && snn_spikes_push(&rec[i], id, step)) {
                    fprintf(stderr, "error: out of memory while recording spikes\n");
                    goto done;
                }
            }
        }
        for (int k = 0; k < m->nstate_recs; k++)
            /* step n advances the state from t_n to t_n+1: the sample is the state at t_n+1 */
            if ((step + 1) % sb[k].every == 0 && (m->state_recs[k].phase < 0 || m->state_recs[k].phase == ls.phase) &&
                sample(r, &sb[k], k, step + 1)) {
                fprintf(stderr, "error: out of memory while recording %s\n", m->state_recs[k].var);
                goto done;
            }
        for (int k = 0; k < m->nweight_recs; k++)
            if ((step + 1) % wb[k].every == 0 && (m->weight_recs[k].phase < 0 || m->weight_recs[k].phase == ls.phase) &&
                sample_weights(r, &wb[k], &m->plastic[m->weight_recs[k].plastic], m->weight_recs[k].var, step + 1)) {
                fprintf(stderr, "error: out of memory while recording weights\n");
                goto done;
            }
        for (int k = 0; k < m->nrate_guards; k++)
            if ((step + 1) % gsteps[k] == 0) {
                const snn_rate_guard *gd = &m->rate_guards[k];
                const double hz = (double)gcount[k] / gd->n / ((double)gsteps[k] * r->dt);
                char what[256];
                snprintf(what, sizeof what, "the rate of %s over the last %g s", gd->label, gd->every);
                if (!(hz >= gd->min && hz <= gd->max))
                    snn_halt(r, step, step, what, hz, gd->min, gd->max, gd->text);
                gcount[k] = 0;
            }
        if ((step & 255) == 0)
            snn_progress_update(&prog, step, m->nphases ? m->phases[ls.phase].name : NULL,
                                trial_steps ? step / trial_steps : 0, ntrials, now_s());
    }
    snn_progress_end(&prog);
    catch_stops(false);
    bool ck_stop = false; /* a checkpoint of the step the signal stopped at, for --resume */
    if (stop_signal) {
        char err[1024];
        double c0 = now_s();
        ls.step = step;
        if (save_checkpoint(outdir, r, settings, nsettings, &ls, rec, &slog, sb, wb, tcount, ntrials, gcount, &ahead, err,
                            sizeof err))
            fprintf(stderr, "warning: no checkpoint: %s\n", err);
        else
            ck_stop = true, nck++;
        ck_s += now_s() - c0;
    }
    const int64_t planned_steps = r->nsteps;
    if (stop_signal || r->halted) { /* the run ends here: rates, weights and recordings up to this step */
        r->nsteps = step;
        ntrials = trial_steps ? step / trial_steps : 0; /* the trials completed */
    }
    m->finish(r); /* every weight up to the end (which may find a value out of range) */
    /* stopped by a signal (its number) or by a check (-1: a value not finite or outside a guard) */
    const int stopped = stop_signal ? stop_signal : r->halted ? -1 : 0;
    const char *stopped_by = stopped == SIGINT ? "SIGINT" : stopped == SIGTERM ? "SIGTERM" : "check";
    if (stopped) {
        if (stopped < 0)
            fprintf(stderr, "error: %s\n", r->err);
        fprintf(stderr, "stopped by %s at %.6g s of %.6g s simulated: writing what was recorded, marked incomplete\n",
                stopped < 0 ? "a check" : stopped_by, (double)step * r->dt, (double)planned_steps * r->dt);
    }
    double t2 = now_s();

    /* Outputs: every file is written into a private staging folder beside DIR,
     * which takes DIR's place only when all of them were written, so that a
     * failure or a kill never mixes old and new results (runfolder.c). */
    char path[SNN_PATH_MAX], stage[SNN_PATH_MAX];
    if (snn_outdir_stage(outdir, stage, sizeof stage)) {
        fprintf(stderr, "error: %s\n", snn_output_error());
        goto done;
    }
    /* spikes.h5, spikes.csv, trials.csv, summary.json, run.json, one per plastic
     * connection and per record */
    written = calloc((size_t)(10 + m->nplastic + m->nweight_recs + m->nstate_recs), sizeof *written);
    if (!written) {
        fprintf(stderr, "error: out of memory\n");
        snn_outdir_discard(stage);
        goto done;
    }
    double dt_ms = r->dt * 1e3;
    int bad = 0;
    if (want_sonata) {
        bad = !join(path, sizeof path, stage, "spikes.h5") || snn_write_sonata(path, rec, m->npops, dt_ms);
        written[nw++] = strdup("spikes.h5");
    }
    if (!bad && want_csv) {
        bad = !join(path, sizeof path, stage, "spikes.csv") || snn_write_spikes_csv(path, rec, m->npops, dt_ms);
        written[nw++] = strdup("spikes.csv");
    }
    for (int k = 0; !bad && k < m->nplastic; k++) {
        char name[512];
        snprintf(name, sizeof name, "weights_%.200s.csv", m->plastic[k].name);
        for (char *q = name; *q; q++)
            if (*q == '/' || *q == '>' || *q == ' ')
                *q = '_';
        bad = write_weights_csv(stage, name, r, &m->plastic[k]);
        written[nw++] = strdup(name);
    }
    bool have_trials = false;
    for (int k = 0; k < m->nreports; k++)
        have_trials |= tcount[k] != NULL;
    if (!bad && have_trials) {
        bad = write_trials(stage, m, tcount, ntrials);
        written[nw++] = strdup("trials.csv");
        if (!stopped) { /* the summary's statistics are over the whole protocol */
            bad = bad || !join(path, sizeof path, stage, "summary.json") ||
                  write_summary(path, m, tcount, ntrials, sb, trial_steps, tw0, tw1);
            written[nw++] = strdup("summary.json");
        }
    }
    for (int k = 0; !bad && k < m->nweight_recs; k++) {
        const snn_weight_rec *wr = &m->weight_recs[k];
        char stem[512], name[512];
        if (wr->var)
            snprintf(stem, sizeof stem, "synapses_%.200s_%.200s", m->plastic[wr->plastic].name, wr->var_name);
        else
            snprintf(stem, sizeof stem, "weights_%.200s_t", m->plastic[wr->plastic].name);
        output_name(name, sizeof name, stem, m, wr->phase, written, nw);
        bad = write_weight_series(stage, name, r, &m->plastic[wr->plastic], &wb[k]);
        written[nw++] = strdup(name);
    }
    for (int k = 0; !bad && k < m->nstate_recs; k++) {
        const snn_state_rec *sr = &m->state_recs[k];
        char stem[512], name[512];
        snprintf(stem, sizeof stem, "%s_%.200s_%.200s", sr->pop < 0 ? "modulator" : "state", sr->owner, sr->var);
        output_name(name, sizeof name, stem, m, sr->phase, written, nw);
        bad = write_state_csv(stage, name, r, k, &sb[k]);
        written[nw++] = strdup(name);
    }
    for (int q = 0; !bad && ck_stop && q < 2; q++) { /* the checkpoint goes with the outputs it continues */
        static const char *const name[] = {"checkpoint.snnck", "checkpoint.spikes"};
        char from[SNN_PATH_MAX];
        if (!join(from, sizeof from, outdir, name[q]) || access(from, F_OK) != 0)
            continue; /* no spike log: nothing was recorded */
        bad = !join(path, sizeof path, stage, name[q]) || link(from, path) != 0; /* a second name, then the swap */
        if (bad)
            snn_output_fail(SNN_OUT_EIO, path, "cannot keep the checkpoint with the outputs: %s", strerror(errno));
        written[nw++] = strdup(name[q]);
    }
    double t3 = now_s();
    double sim_s = (double)r->nsteps * r->dt;

    j = snn_json_new();
    snn_json_begin_object(j, NULL);
    snn_json_string(j, "model", m->source);
    snn_json_string(j, "model_hash", m->hash);
    snn_json_uint(j, "seed", r->seed);
    snn_json_number(j, "dt_ms", dt_ms);
    snn_json_number(j, "time_s", sim_s);
    snn_json_int(j, "steps", r->nsteps);
    snn_json_bool(j, "complete", !stopped);
    if (stopped) {
        snn_json_string(j, "stopped_by", stopped_by);
        if (stopped < 0)
            snn_json_string(j, "stop_reason", r->err);
        snn_json_number(j, "planned_time_s", (double)planned_steps * r->dt);
    }
    snn_json_begin_object(j, "overrides");
    for (int k = 0; k < nov; k++)
        snn_json_string(j, ov[k].name, ov[k].value);
    snn_json_end_object(j);
    snn_json_begin_object(j, "versions");
    snn_json_string(j, "snnc", m->compiler);
    snn_json_string(j, "gsl", GSL_VERSION);
    snn_json_end_object(j);
    snn_json_begin_object(j, "timings");
    snn_json_number(j, "init_s", ta - t0);
    if (use_ahead) { /* computing the frozen sub-network ahead, and with how many processes */
        snn_json_number(j, "ahead_s", t1 - ta);
        snn_json_int(j, "ahead_jobs", ahead.jobs);
    }
    snn_json_number(j, "run_s", t2 - t1);
    snn_json_number(j, "write_s", t3 - t2);
    if (nck) {
        snn_json_number(j, "checkpoints_s", ck_s);
        snn_json_number(j, "checkpoint_longest_s", ck_max);
    }
    snn_json_end_object(j);
    if (first_step)
        snn_json_number(j, "resumed_at_s", (double)first_step * r->dt);
    if (ck_steps || ck_stop) {
        snn_json_begin_object(j, "checkpoints");
        if (ck_steps)
            snn_json_number(j, "every_s", (double)ck_steps * r->dt);
        snn_json_int(j, "written", nck);
        if (ck_stop) /* this folder holds one: continue with --resume */
            snn_json_number(j, "kept_at_s", (double)step * r->dt);
        snn_json_end_object(j);
    }
    snn_json_begin_array(j, "populations");
    for (int i = 0; i < m->npops; i++) {
        const snn_pop_info *pi = &m->pops[i];
        for (int f = -1; f < pi->nfamilies; f++) {
            uint32_t lo = f < 0 ? 0 : pi->families[f].start, n = f < 0 ? pi->size : pi->families[f].count;
            char name[256];
            if (f < 0)
                snprintf(name, sizeof name, "%s", pi->name);
            else
                snprintf(name, sizeof name, "%s.%s", pi->name, pi->families[f].name);
            uint64_t cnt = range_count(r, i, lo, n);
            snn_json_begin_object(j, NULL);
            snn_json_string(j, "name", name);
            snn_json_uint(j, "size", n);
            snn_json_uint(j, "spikes", cnt);
            snn_json_number(j, "rate_hz", sim_s > 0 && n ? (double)cnt / n / sim_s : 0);
            if (f < 0 && pi->grid[0]) {
                snn_json_begin_array(j, "grid");
                for (int d = 0; d < 3; d++)
                    snn_json_uint(j, NULL, pi->grid[d]);
                snn_json_end_array(j);
                snn_json_bool(j, "grid_shuffled", pi->place != NULL);
            }
            snn_json_end_object(j);
        }
    }
    snn_json_end_array(j);
    if (m->nphases) { /* the schedule, so that tools can find a phase's time window */
        snn_json_begin_array(j, "phases");
        int64_t first = 0; /* trial */
        for (int k = 0; k < m->nphases; k++) {
            snn_json_begin_object(j, NULL);
            snn_json_string(j, "name", m->phases[k].name);
            snn_json_number(j, "start_s", (double)(first * trial_steps) * r->dt);
            snn_json_int(j, "trials", m->phases[k].trials);
            if (m->phases[k].learning >= 0)
                snn_json_bool(j, "learning", m->phases[k].learning);
            snn_json_end_object(j);
            first += m->phases[k].trials;
        }
        snn_json_end_array(j);
    }
    snn_json_begin_array(j, "files");
    for (int k = 0; k < nw; k++)
        snn_json_string(j, NULL, written[k]);
    snn_json_string(j, NULL, "run.json");
    snn_json_end_array(j);
    snn_json_end_object(j);
    bad = bad || !join(path, sizeof path, stage, "run.json") || snn_json_save(j, path);
    written[nw++] = strdup("run.json");
    if (bad || snn_outdir_publish(outdir, stage)) {
        fprintf(stderr, "error: %s\n", snn_output_error());
        if (bad)
            snn_outdir_discard(stage);
        goto done;
    }

    if (!quiet) {
        uint64_t total = 0, neurons = 0;
        for (int i = 0; i < m->npops; i++) {
            total += range_count(r, i, 0, m->pops[i].size);
            neurons += m->pops[i].size;
        }
        printf("%s: %llu neurons, %.6g s simulated in %.3g s (seed %llu), %llu spikes\n", m->source,
               (unsigned long long)neurons, sim_s, t2 - t1, (unsigned long long)r->seed, (unsigned long long)total);
        if (m->nreports)
            for (int k = 0; k < m->nreports; k++) {
                const snn_range *rp = &m->reports[k];
                uint64_t cnt = range_count(r, rp->pop, rp->lo, rp->n);
                printf("  %-16s %7u neurons %10llu spikes %9.3f Hz\n", rp->label, rp->n, (unsigned long long)cnt,
                       sim_s > 0 ? (double)cnt / rp->n / sim_s : 0);
            }
        else
            for (int i = 0; i < m->npops; i++) {
                uint64_t cnt = range_count(r, i, 0, m->pops[i].size);
                printf("  %-16s %7u neurons %10llu spikes %9.3f Hz\n", m->pops[i].name, m->pops[i].size,
                       (unsigned long long)cnt, sim_s > 0 ? (double)cnt / m->pops[i].size / sim_s : 0);
            }
        printf("outputs in %s/:", outdir);
        for (int k = 0; k < nw; k++)
            printf(" %s", written[k]);
        printf("\n");
    }
    status = stopped < 0 ? 3 : stopped ? 128 + stopped : 0;
    published = true;
done:
    if (claimed && !published)
        snn_outdir_unclaim(outdir);
    if (ck) {
        char err[8];
        snn_ckpt_read_end(ck, err, sizeof err);
    }
    free(settings);
    snn_spikelog_free(&slog);
    m->free(r);
    snn_ahead_free(&ahead);
    snn_json_free(j);
    for (int i = 0; r->now && i < m->npops; i++)
        free(r->now[i].idx);
    for (int i = 0; r->counts && i < m->npops; i++)
        free(r->counts[i]);
    for (int i = 0; rec && i < m->npops; i++)
        snn_spikes_free(&rec[i]);
    for (int i = 0; recorded && i < m->npops; i++)
        free(recorded[i]);
    for (int k = 0; sb && k < m->nstate_recs; k++) {
        free(sb[k].data);
        free(sb[k].step);
    }
    for (int k = 0; k < nw; k++)
        free(written[k]);
    free(written);
    for (int k = 0; tcount && k < m->nreports; k++)
        free(tcount[k]);
    free(tcount);
    free(gcount);
    free(gsteps);
    free(tw0);
    free(tw1);
    free(sb);
    for (int k = 0; wb && k < m->nweight_recs; k++) {
        free(wb[k].w);
        free(wb[k].step);
    }
    free(wb);
    free(rec);
    free(recorded);
    free(r->now);
    free(r->counts);
    free(r->p);
    free(r->str);
    free(r->set);
    free(ov);
    return status;
}

/* --seeds LIST: replicate runs, one per seed ("1-20", "1,4,7" or both), each
 * with its own output folder OUT/seed<N>; with MPI the seeds are spread over
 * the ranks.  Each replicate is this executable run again with --seed and
 * --out (a fresh process: the model's state starts clean). */
static int seeds_list(const char *text, long **out)
{
    long *v = NULL;
    int n = 0;
    char *copy = strdup(text), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char *end;
        long a = strtol(t, &end, 10), b = a;
        if (*end == '-')
            b = strtol(end + 1, &end, 10);
        if (*end || a < 0 || b < a || b - a > 100000) {
            free(copy);
            free(v);
            return -1;
        }
        long *nv = realloc(v, sizeof(long) * (size_t)(n + (b - a) + 1));
        if (!nv) {
            free(copy);
            free(v);
            return -1;
        }
        v = nv;
        for (long s = a; s <= b; s++)
            v[n++] = s;
    }
    free(copy);
    *out = v;
    return n;
}

/* What a replicate's folder holds: 2 a complete run, 1 a checkpoint to continue, 0 neither. */
static int replicate_state(const char *dir)
{
    char path[SNN_PATH_MAX], buf[4096];
    if (join(path, sizeof path, dir, "checkpoint.snnck") && access(path, F_OK) == 0)
        return 1;
    FILE *f = join(path, sizeof path, dir, "run.json") ? fopen(path, "r") : NULL;
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    return strstr(buf, "\"complete\": true") ? 2 : 0;
}

/* An option of the command line with its value (--name VALUE or --name=VALUE)
 * at argv[*i]: its value, *i moved past it; NULL if argv[*i] is not it. */
static const char *option(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] || *i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static int run_seeds(int argc, char **argv, const char *list)
{
    long *seeds;
    int n = seeds_list(list, &seeds);
    if (n <= 0) {
        fprintf(stderr, "error: --seeds needs seeds such as 1-20 or 1,3,5, got '%s'\n", list);
        return 1;
    }
    const char *outdir = "out", *resume = NULL, *v;
    /* a fresh replicate: everything but --seeds, --seed, --out and --resume; one
     * continued from its checkpoint (--resume): only what does not change results */
    char **args = calloc((size_t)argc + 8, sizeof *args), **rargs = calloc((size_t)argc + 8, sizeof *rargs);
    int na = 0, nr = 0;
    if (!args || !rargs) {
        free(args);
        free(rargs);
        free(seeds);
        fprintf(stderr, "error: out of memory\n");
        return 1;
    }
    args[na++] = rargs[nr++] = argv[0];
    for (int i = 1; i < argc; i++) {
        const int at = i;
        if ((v = option(argc, argv, &i, "--out")))
            outdir = v;
        else if ((v = option(argc, argv, &i, "--resume")))
            resume = v;
        else if (option(argc, argv, &i, "--seeds") || option(argc, argv, &i, "--seed"))
            ;
        else if (option(argc, argv, &i, "--checkpoint-every") || option(argc, argv, &i, "--jobs"))
            for (int q = at; q <= i; q++)
                args[na++] = rargs[nr++] = argv[q];
        else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "--progress") == 0)
            args[na++] = rargs[nr++] = argv[i];
        else
            args[na++] = argv[i];
    }
    if (resume) { /* the same command again with --resume OUT: OUT is the replicates' folder */
        outdir = resume;
        static char force[] = "--force"; /* a replicate that had not started may have left a folder */
        args[na++] = force;
    }
    char seed_arg[32], out_arg[SNN_PATH_MAX];
    char opt_seed[] = "--seed", opt_out[] = "--out", opt_resume[] = "--resume";
    args[na] = opt_seed;
    args[na + 1] = seed_arg;
    args[na + 2] = opt_out;
    args[na + 3] = out_arg;
    args[na + 4] = NULL;
    rargs[nr] = opt_resume;
    rargs[nr + 1] = out_arg;
    rargs[nr + 2] = NULL;
    int bad = 0;
    for (int k = snn_mpi_rank(); k < n; k += snn_mpi_size()) {
        snprintf(seed_arg, sizeof seed_arg, "%ld", seeds[k]);
        snprintf(out_arg, sizeof out_arg, "%s/seed%ld", outdir, seeds[k]);
        const int state = resume ? replicate_state(out_arg) : 0;
        if (state == 2) {
            fprintf(stderr, "seed %ld: complete in %s\n", seeds[k], out_arg);
            continue;
        }
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        if (pid == 0) {
            setenv("SNN_NO_MPI", "1", 1);
            execv("/proc/self/exe", state == 1 ? rargs : args);
            fprintf(stderr, "error: cannot run a replicate: %s\n", strerror(errno));
            _exit(127);
        }
        int st = 0;
        if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            fprintf(stderr, "error: the run with seed %ld failed\n", seeds[k]);
            bad = 1;
        }
    }
    free(args);
    free(rargs);
    free(seeds);
    return snn_mpi_all_ok(bad);
}

int snn_main(int argc, char **argv, const snn_model *m)
{
    snn_mpi_init(&argc, &argv);
    const char *list = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seeds") == 0 && i + 1 < argc)
            list = argv[i + 1];
        else if (strncmp(argv[i], "--seeds=", 8) == 0)
            list = argv[i] + 8;
    }
    int rc = list ? run_seeds(argc, argv, list) : run_main(argc, argv, m);
    snn_mpi_finalize();
    return rc;
}
