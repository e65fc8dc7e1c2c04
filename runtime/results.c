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
static void output_name(char *out, size_t n, const char *stem, const char *ext, const snn_model *m, int phase,
                        char *const *written, int nw)
{
    char base[512];
    snprintf(base, sizeof base, "%.300s%s%.100s", stem, phase >= 0 ? "_" : "", phase >= 0 ? m->phases[phase].name : "");
    for (char *q = base; *q; q++)
        if (*q == '/' || *q == '>' || *q == ' ')
            *q = '_';
    for (int v = 1;; v++) {
        if (v == 1)
            snprintf(out, n, "%.420s.%s", base, ext);
        else
            snprintf(out, n, "%.420s_%d.%s", base, v, ext);
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

/* The final weights of a plastic projection: pre,post,weight (SI units); over
 * several ranks, as gathered by snn_results_gather. */
static int write_weights_csv(const char *dir, const char *name, snn_run *r, int k_plastic)
{
    const snn_plastic_info *pl = &r->model->plastic[k_plastic];
    staged st;
    if (staged_open(&st, dir, name))
        return -1;
    FILE *f = st.f;
    const snn_csr *c = pl->csr();

    fprintf(f, "pre,post,weight\n");
    if (r->nranks > 1) {
        const snn_weights_all *g = &r->gathered[k_plastic];
        for (uint64_t k = 0; k < g->n; k++)
            fprintf(f, "%u,%u,%.17g\n", pl->pre_lo + g->pre[k], pl->post_lo + g->post[k], g->w[k]);
    } else
        for (uint32_t i = 0; i < c->nrows; i++)
            for (uint64_t k = c->row[i]; k < c->row[i + 1]; k++)
                fprintf(f, "%u,%u,%.17g\n", pl->pre_lo + i, pl->post_lo + c->col[k], pl->value(r, k, 0, r->nsteps));
    return staged_close(&st);
}

int snn_results_gather(snn_run *r)
{
    const snn_model *m = r->model;
    if (!(r->gathered = calloc((size_t)m->nplastic + 1, sizeof *r->gathered)))
        return snn_fail(r, "out of memory");
    for (int k = 0; k < m->nplastic; k++)
        if (snn_ranks_weights(r, &m->plastic[k], &r->gathered[k]))
            return -1;
    return 0;
}

void snn_results_gather_free(snn_run *r)
{
    for (int k = 0; r->gathered && k < r->model->nplastic; k++)
        snn_weights_all_free(&r->gathered[k]);
    free(r->gathered);
    r->gathered = NULL;
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

/* summary.json: each report's window, then per phase and report the mean and
 * standard deviation of its spikes per trial, over all trials and per label.
 * Statistics that only one experiment's report needs (learning curves,
 * classification by a threshold, V_m variances) are computed by its tool from
 * trials.csv and the recorded states (tools/compsim5_report.py). */
static int write_summary(const char *path, const snn_model *m, uint32_t **tc, int64_t ntrials)
{
    snn_json *j = snn_json_new();
    snn_json_begin_object(j, NULL);
    snn_json_begin_object(j, "reports"); /* the window counted in every trial */
    for (int k = 0; k < m->nreports; k++)
        if (tc[k]) {
            snn_json_begin_object(j, m->reports[k].label);
            snn_json_begin_array(j, "window_s");
            snn_json_number(j, NULL, m->reports[k].t0);
            snn_json_number(j, NULL, m->reports[k].t1);
            snn_json_end_array(j);
            snn_json_end_object(j);
        }
    snn_json_end_object(j);
    snn_json_begin_array(j, "phases");
    const int nph = m->nphases ? m->nphases : 1;
    int nlab = 0; /* the run's labels are 0 .. nlab-1 */
    for (int64_t t = 0; m->trial_label && t < ntrials; t++)
        if (m->trial_label(t) + 1 > nlab)
            nlab = m->trial_label(t) + 1;
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
        snn_json_end_object(j);
        first += n;
    }
    snn_json_end_array(j);
    snn_json_end_object(j);
    int rc = snn_json_save(j, path);
    snn_json_free(j);
    return rc;
}

/* A series' file in each format asked for: STEM[_PHASE][_N].h5 and/or .csv */
typedef int (*series_writer)(const char *dir, const char *name, const char *path, const snn_run *r, int k,
                             const void *buf, const snn_outfmt *fmt);

static int write_series(const char *stage, const char *stem, int phase, series_writer h5, series_writer csv,
                        const snn_run *r, int k, const void *buf, const snn_outfmt *fmt, char **written, int *nw)
{
    for (int pass = 0; pass < 2; pass++) {
        if (!(pass == 0 ? fmt->sonata : fmt->csv))
            continue;
        char name[512];
        output_name(name, sizeof name, stem, pass == 0 ? "h5" : "csv", r->model, phase, written, *nw);
        char path[SNN_PATH_MAX];
        if (!snn_path_join(path, sizeof path, stage, name))
            return snn_output_fail(SNN_OUT_EINVAL, stage, "path too long");
        int bad = (pass == 0 ? h5 : csv)(stage, name, path, r, k, buf, fmt);
        written[(*nw)++] = strdup(name);
        if (bad)
            return -1;
    }
    return 0;
}

static int state_h5(const char *dir, const char *name, const char *path, const snn_run *r, int k, const void *buf,
                    const snn_outfmt *fmt)
{
    return snn_report_state(path, r, &r->model->state_recs[k], buf, fmt);
}

static int state_csv(const char *dir, const char *name, const char *path, const snn_run *r, int k, const void *buf,
                     const snn_outfmt *fmt)
{
    return write_state_csv(dir, name, r, k, buf);
}

static int weights_h5(const char *dir, const char *name, const char *path, const snn_run *r, int k, const void *buf,
                      const snn_outfmt *fmt)
{
    return snn_report_weights(path, r, &r->model->weight_recs[k], buf, fmt);
}

static int weights_csv(const char *dir, const char *name, const char *path, const snn_run *r, int k, const void *buf,
                       const snn_outfmt *fmt)
{
    const snn_weight_rec *wr = &r->model->weight_recs[k];
    return write_weight_series(dir, name, r, &r->model->plastic[wr->plastic], buf);
}

int snn_results_write(const char *stage, snn_run *r, const snn_recording *rec, const snn_outfmt *fmt, bool summary,
                      char **written, int *nw)
{
    const snn_model *m = r->model;
    char path[SNN_PATH_MAX];
    const double dt_ms = r->dt * 1e3;
    int bad = 0;
    if (fmt->sonata) {
        /* a population none of whose neurons was recorded has no group: it
         * was not observed, which is not the same as silent */
        snn_spikes *seen = calloc((size_t)m->npops + 1, sizeof *seen);
        int nseen = 0;
        for (int i = 0; seen && i < m->npops; i++) {
            bool any = m->nspike_recs == 0;
            for (int k = 0; k < m->nspike_recs && !any; k++)
                any = m->spike_recs[k].pop == i;
            if (any)
                seen[nseen++] = rec->spikes[i];
        }
        bad = !seen ? snn_output_fail(SNN_OUT_ENOMEM, stage, "out of memory")
                    : !snn_path_join(path, sizeof path, stage, "spikes.h5") || snn_write_sonata(path, seen, nseen, dt_ms);
        free(seen);
        written[(*nw)++] = strdup("spikes.h5");
    }
    if (!bad && fmt->csv) {
        bad = !snn_path_join(path, sizeof path, stage, "spikes.csv") ||
              snn_write_spikes_csv(path, rec->spikes, m->npops, dt_ms);
        written[(*nw)++] = strdup("spikes.csv");
    }
    for (int k = 0; !bad && k < m->nplastic; k++) { /* final weights: an edges file, and/or pre,post,weight */
        char stem[512];
        snprintf(stem, sizeof stem, "weights_%.200s", m->plastic[k].name);
        for (char *q = stem; *q; q++)
            if (*q == '/' || *q == '>' || *q == ' ')
                *q = '_';
        if (fmt->sonata)
            bad = snn_final_weights_h5(stage, stem, r, k, fmt, written, nw);
        if (!bad && fmt->csv) {
            strcat(stem, ".csv");
            bad = write_weights_csv(stage, stem, r, k);
            written[(*nw)++] = strdup(stem);
        }
    }
    if (!bad)
        bad = snn_edges_write(stage, r, rec, fmt, written, nw);
    if (!bad && snn_recording_trials(rec, m)) {
        bad = write_trials(stage, m, rec->tcount, rec->ntrials);
        written[(*nw)++] = strdup("trials.csv");
        if (summary) {
            bad = bad || !snn_path_join(path, sizeof path, stage, "summary.json") ||
                  write_summary(path, m, rec->tcount, rec->ntrials);
            written[(*nw)++] = strdup("summary.json");
        }
    }
    for (int k = 0; !bad && k < m->nweight_recs; k++) {
        const snn_weight_rec *wr = &m->weight_recs[k];
        char stem[512];
        if (wr->edges)
            continue; /* snapshots for the edges files, above */
        if (wr->var)
            snprintf(stem, sizeof stem, "synapses_%.200s_%.200s", m->plastic[wr->plastic].name, wr->var_name);
        else
            snprintf(stem, sizeof stem, "weights_%.200s_t", m->plastic[wr->plastic].name);
        bad = write_series(stage, stem, wr->phase, weights_h5, weights_csv, r, k, &rec->weights[k], fmt, written, nw);
    }
    for (int k = 0; !bad && k < m->nstate_recs; k++) {
        const snn_state_rec *sr = &m->state_recs[k];
        char stem[512];
        snprintf(stem, sizeof stem, "%s_%.200s_%.200s", sr->pop < 0 ? "modulator" : "state", sr->owner, sr->var);
        bad = write_series(stage, stem, sr->phase, state_h5, state_csv, r, k, &rec->state[k], fmt, written, nw);
    }
    return bad ? -1 : 0;
}
