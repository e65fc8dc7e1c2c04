/*
 * results.c: the files a run leaves, written once it has ended.
 *
 * Everything the run recorded (record.c) goes into the private staging folder
 * that replaces the output folder as a whole (runfolder.c): spikes as SONATA
 * and/or CSV, the final weights of every plastic projection, weight and state
 * series, and for reports per trial trials.csv and summary.json.  Each file is
 * written under a temporary name and renamed when complete (outdir.c).  The
 * run's manifest, run.json, comes last and lists these files (manifest.c).
 * Numbers are printed so that they read back exactly: "%.17g" for doubles,
 * "%.9g" for the float states, times in ms to 0.1 us.
 */
#include "internal.h"

#include <errno.h>

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
    if (!snn_path_join(s->path, sizeof s->path, dir, name))
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

static int write_state_csv(const char *dir, const char *name, const snn_run *r, int rec, const snn_state_buf *b)
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
static int write_weight_series(const char *dir, const char *name, const snn_run *r, const snn_plastic_info *pl,
                               const snn_weight_buf *b)
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
static void summary_variance(snn_json *j, const snn_model *m, const snn_state_rec *sr, const snn_state_buf *b, int64_t first,
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

static int write_summary(const char *path, const snn_model *m, uint32_t **tc, int64_t ntrials, const snn_state_buf *sb,
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

int snn_results_write(const char *stage, snn_run *r, const snn_recording *rec, bool sonata, bool csv, bool summary,
                      char **written, int *nw)
{
    const snn_model *m = r->model;
    char path[SNN_PATH_MAX];
    const double dt_ms = r->dt * 1e3;
    int bad = 0;
    if (sonata) {
        bad = !snn_path_join(path, sizeof path, stage, "spikes.h5") || snn_write_sonata(path, rec->spikes, m->npops, dt_ms);
        written[(*nw)++] = strdup("spikes.h5");
    }
    if (!bad && csv) {
        bad = !snn_path_join(path, sizeof path, stage, "spikes.csv") ||
              snn_write_spikes_csv(path, rec->spikes, m->npops, dt_ms);
        written[(*nw)++] = strdup("spikes.csv");
    }
    for (int k = 0; !bad && k < m->nplastic; k++) {
        char name[512];
        snprintf(name, sizeof name, "weights_%.200s.csv", m->plastic[k].name);
        for (char *q = name; *q; q++)
            if (*q == '/' || *q == '>' || *q == ' ')
                *q = '_';
        bad = write_weights_csv(stage, name, r, &m->plastic[k]);
        written[(*nw)++] = strdup(name);
    }
    if (!bad && snn_recording_trials(rec, m)) {
        bad = write_trials(stage, m, rec->tcount, rec->ntrials);
        written[(*nw)++] = strdup("trials.csv");
        if (summary) {
            bad = bad || !snn_path_join(path, sizeof path, stage, "summary.json") ||
                  write_summary(path, m, rec->tcount, rec->ntrials, rec->state, rec->trial_steps, rec->tw0, rec->tw1);
            written[(*nw)++] = strdup("summary.json");
        }
    }
    for (int k = 0; !bad && k < m->nweight_recs; k++) {
        const snn_weight_rec *wr = &m->weight_recs[k];
        char stem[512], name[512];
        if (wr->var)
            snprintf(stem, sizeof stem, "synapses_%.200s_%.200s", m->plastic[wr->plastic].name, wr->var_name);
        else
            snprintf(stem, sizeof stem, "weights_%.200s_t", m->plastic[wr->plastic].name);
        output_name(name, sizeof name, stem, m, wr->phase, written, *nw);
        bad = write_weight_series(stage, name, r, &m->plastic[wr->plastic], &rec->weights[k]);
        written[(*nw)++] = strdup(name);
    }
    for (int k = 0; !bad && k < m->nstate_recs; k++) {
        const snn_state_rec *sr = &m->state_recs[k];
        char stem[512], name[512];
        snprintf(stem, sizeof stem, "%s_%.200s_%.200s", sr->pop < 0 ? "modulator" : "state", sr->owner, sr->var);
        output_name(name, sizeof name, stem, m, sr->phase, written, *nw);
        bad = write_state_csv(stage, name, r, k, &rec->state[k]);
        written[(*nw)++] = strdup(name);
    }
    return bad ? -1 : 0;
}
