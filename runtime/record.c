/*
 * record.c: what a run keeps of its steps for the output files.
 *
 * After every step the step loop (sim.c) hands over the spikes of each
 * population that had some, and asks for the samples that are due; it keeps
 * the spikes of the recorded neurons (all of them without 'record spikes';
 * records inside a phase only while it runs), each report's spikes per trial
 * in its window, samples of recorded state variables, and samples of the
 * weights (or per-synapse states) of plastic projections.  Everything stays in
 * memory until the run ends, when results.c writes it out; so that a long run
 * does not find out at the end that its recordings do not fit, their size over
 * the whole run is counted against the memory budget and --max-output before
 * the first step (snn_recording_plan).
 */
#include "internal.h"

static int sample_weights(snn_run *r, snn_weight_buf *b, const snn_plastic_info *pl, int var, int64_t step);

int64_t snn_interval_steps(double every, double dt)
{
    const double e = every / dt;
    if (!isfinite(every) || !(every > 0) || fabs(e - round(e)) > 1e-6 * e || round(e) < 1)
        return 0;
    return (int64_t)round(e);
}

int snn_recording_init(snn_recording *rec, const snn_run *r, int64_t trial_steps, int64_t ntrials)
{
    const snn_model *m = r->model;
    *rec = (snn_recording){.trial_steps = trial_steps, .ntrials = ntrials};
    rec->spikes = calloc((size_t)m->npops, sizeof(snn_spikes));
    rec->recorded = calloc((size_t)m->npops, sizeof(uint8_t *));
    rec->state = calloc((size_t)m->nstate_recs + 1, sizeof(snn_state_buf));
    rec->weights = calloc((size_t)m->nweight_recs + 1, sizeof(snn_weight_buf));
    rec->tcount = calloc((size_t)m->nreports + 1, sizeof(uint32_t *));
    rec->tw0 = calloc((size_t)m->nreports + 1, sizeof(int64_t));
    rec->tw1 = calloc((size_t)m->nreports + 1, sizeof(int64_t));
    if (!rec->spikes || !rec->recorded || !rec->state || !rec->weights || !rec->tcount || !rec->tw0 || !rec->tw1)
        return snn_error("out of memory"), -1;
    for (int k = 0; k < m->nreports; k++)
        if (m->reports[k].t1 > m->reports[k].t0) {
            rec->tw0[k] = llround(m->reports[k].t0 / r->dt);
            rec->tw1[k] = llround(m->reports[k].t1 / r->dt);
            if (!(rec->tcount[k] = calloc((size_t)ntrials + 1, sizeof(uint32_t))))
                return snn_error("out of memory"), -1;
        }
    for (int i = 0; i < m->npops; i++) {
        if (!(rec->recorded[i] = calloc(m->pops[i].size, 1)))
            return snn_error("out of memory"), -1;
        rec->spikes[i].name = m->pops[i].name;
        rec->spikes[i].size = m->pops[i].size;
    }
    snn_recording_phase(rec, m, -1);
    return 0;
}

/* The records' sampling intervals in whole steps of dt. */
int snn_recording_intervals(snn_recording *rec, snn_run *r)
{
    const snn_model *m = r->model;
    for (int k = 0; k < m->nstate_recs; k++) {
        const snn_state_rec *sr = &m->state_recs[k];
        /* every 0: every step */
        if (!(rec->state[k].every = sr->every == 0 ? 1 : snn_interval_steps(sr->every, r->dt))) {
            snn_error("record %s of %s: the interval %g ms is not a positive multiple of the time step %g ms",
                      sr->var, sr->owner, sr->every * 1e3, r->dt * 1e3);
            return -1;
        }
    }
    for (int k = 0; k < m->nweight_recs; k++) {
        const snn_weight_rec *wr = &m->weight_recs[k];
        if (wr->edges) { /* record edges: the weights as built, then every T (or at the end) */
            rec->weights[k].every = wr->every == 0 ? (r->nsteps > 0 ? r->nsteps : 1) : snn_interval_steps(wr->every, r->dt);
            if (rec->weights[k].every &&
                sample_weights(r, &rec->weights[k], &m->plastic[wr->plastic], 0, 0)) {
                snn_error("out of memory while recording the edges of %s", m->plastic[wr->plastic].name);
                return -1;
            }
        } else
            rec->weights[k].every = snn_interval_steps(wr->every, r->dt);
        if (!rec->weights[k].every) {
            snn_error("record %s of %s: the interval %g ms is not a positive multiple of the time step %g ms",
                      wr->var_name, m->plastic[wr->plastic].name, wr->every * 1e3, r->dt * 1e3);
            return -1;
        }
    }
    return 0;
}

/* The steps a record samples: the phase's, or the whole run's. */
static int64_t record_steps(const snn_recording *rec, const snn_run *r, int phase)
{
    return phase >= 0 ? r->model->phases[phase].trials * rec->trial_steps : r->nsteps;
}

/* Room for a record's samples, taken now: filled in place as the run goes,
 * never moved by growing (a moved block is slow to read back on some virtual
 * machines, whose first touch of each page of a new mapping costs a fault). */
static int reserve(void **data, int64_t **step, uint64_t *cap, double n, size_t row)
{
    if (!(n >= 1) || n > 1e12 || *cap >= n)
        return 0;
    void *d = realloc(*data, (size_t)n * (row ? row : 1));
    if (d)
        *data = d;
    int64_t *s = d ? realloc(*step, (size_t)n * sizeof **step) : NULL;
    if (s)
        *step = s;
    if (!d || !s)
        return -1;
    *cap = (uint64_t)n;
    return 0;
}

int snn_recording_plan(snn_recording *rec, snn_run *r, bool quiet, double max_output, const char *max_text)
{
    const snn_model *m = r->model;
    double files = 0;
    char what[400];
    for (int k = 0; k < m->nstate_recs; k++) {
        const snn_state_rec *sr = &m->state_recs[k];
        const double n = (double)(record_steps(rec, r, sr->phase) / rec->state[k].every);
        snprintf(what, sizeof what, "recording %s of %s (%.3g samples of %u values)", sr->var, sr->owner, n, sr->n);
        if (snn_budget_add(r, n * (4.0 * sr->n + 8), what))
            return snn_error("%s", r->err), -1;
        if (reserve((void **)&rec->state[k].data, &rec->state[k].step, &rec->state[k].cap, n, 4 * (size_t)sr->n))
            return snn_error("out of memory for %s", what), -1;
        files += n * (12 + 14.0 * sr->n); /* "%.4f" time, then "%.9g" values */
    }
    for (int k = 0; k < m->nweight_recs; k++) {
        const snn_weight_rec *wr = &m->weight_recs[k];
        const double n = (double)(record_steps(rec, r, wr->phase) / rec->weights[k].every) + 1 + wr->edges,
                     syn = (double)m->plastic[wr->plastic].csr()->nnz;
        snprintf(what, sizeof what, "recording %s of %s (%.3g samples of %.3g synapses)", wr->var_name,
                 m->plastic[wr->plastic].name, n, syn);
        if (snn_budget_add(r, n * (8.0 * syn + 8), what))
            return snn_error("%s", r->err), -1;
        if (reserve((void **)&rec->weights[k].w, &rec->weights[k].step, &rec->weights[k].cap, n, 8 * (size_t)syn))
            return snn_error("out of memory for %s", what), -1;
        files += n * 24 * syn + 16 * syn; /* "%.17g" values; the header names every synapse */
    }
    for (int k = 0; k < m->nplastic; k++)
        files += 36.0 * (double)m->plastic[k].csr()->nnz; /* the final weights */
    if (max_output > 0 && files > max_output) {
        snn_error("the recordings would write about %.3g MB of files, more than %s allows: record less "
                  "often, fewer neurons or synapses, or in a phase only", files / 1e6, max_text);
        return -1;
    }
    if (!quiet && (m->nstate_recs || m->nweight_recs))
        fprintf(stderr, "  recordings: about %.3g MB of files, and %.3g MB of memory in all (spikes not counted: "
                        "they depend on the rates)\n", files / 1e6, r->mem_planned / 1e6);
    return 0;
}

void snn_recording_phase(snn_recording *rec, const snn_model *m, int phase)
{
    for (int i = 0; i < m->npops; i++)
        memset(rec->recorded[i], m->nspike_recs == 0, m->pops[i].size);
    for (int k = 0; k < m->nspike_recs; k++) {
        const snn_range *sr = &m->spike_recs[k];
        if (sr->phase < 0 || sr->phase == phase)
            memset(rec->recorded[sr->pop] + sr->lo, 1, sr->n);
    }
}

static int sample_state(snn_run *r, snn_state_buf *b, int rec, int64_t step)
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
    const float *at = r->model->state_ptr(r, rec);
    if (r->nranks > 1 && sr->pop >= 0) /* rank 0 samples every rank's neurons */
        snn_ranks_gather_state(r, sr->pop, (float *)(uintptr_t)(at - sr->lo));
    memcpy(b->data + b->n * sr->n, at, sr->n * sizeof(float));
    b->step[b->n++] = step;
    return 0;
}

static int sample_weights(snn_run *r, snn_weight_buf *b, const snn_plastic_info *pl, int var, int64_t step)
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

int snn_recording_spikes(snn_recording *rec, const snn_run *r, int pop, int64_t step)
{
    const snn_model *m = r->model;
    const snn_spikelist *sl = &r->now[pop];
    for (int k = 0; rec->trial_steps && k < m->nreports; k++) {
        const snn_range *rp = &m->reports[k];
        int64_t off = step % rec->trial_steps, tr = step / rec->trial_steps;
        if (!rec->tcount[k] || rp->pop != pop || off < rec->tw0[k] || off >= rec->tw1[k] || tr >= rec->ntrials)
            continue;
        for (uint32_t s = 0; s < sl->n; s++)
            rec->tcount[k][tr] += sl->idx[s] - rp->lo < rp->n;
    }
    for (uint32_t s = 0; s < sl->n; s++) {
        uint32_t id = sl->idx[s];
        if (rec->recorded[pop][id] && snn_spikes_push(&rec->spikes[pop], id, step)) {
            snn_error("out of memory while recording spikes");
            return -1;
        }
    }
    return 0;
}

/* Whether step + 1 is a multiple of every, the steps a record samples after;
 * *next becomes the next such step + 1. */
static bool sample_due(int64_t *next, int64_t every, int64_t step)
{
    if (step + 1 < *next)
        return false;
    *next = ((step + 1) / every + 1) * every;
    return (step + 1) % every == 0;
}

int snn_recording_samples(snn_recording *rec, snn_run *r, int64_t step, int64_t phase)
{
    const snn_model *m = r->model;
    rec->next = INT64_MAX;
    for (int k = 0; k < m->nstate_recs; k++) {
        snn_state_buf *b = &rec->state[k];
        /* step n advances the state from t_n to t_n+1: the sample is the state at t_n+1 */
        if (sample_due(&b->next, b->every, step) && (m->state_recs[k].phase < 0 || m->state_recs[k].phase == phase) &&
            sample_state(r, b, k, step + 1)) {
            snn_error("out of memory while recording %s", m->state_recs[k].var);
            return -1;
        }
        rec->next = b->next < rec->next ? b->next : rec->next;
    }
    for (int k = 0; k < m->nweight_recs; k++) {
        snn_weight_buf *b = &rec->weights[k];
        const snn_weight_rec *wr = &m->weight_recs[k];
        if (sample_due(&b->next, b->every, step) && (wr->phase < 0 || wr->phase == phase) &&
            sample_weights(r, b, &m->plastic[wr->plastic], wr->var, step + 1)) {
            snn_error("out of memory while recording weights");
            return -1;
        }
        rec->next = b->next < rec->next ? b->next : rec->next;
    }
    return 0;
}

bool snn_recording_trials(const snn_recording *rec, const snn_model *m)
{
    for (int k = 0; rec->tcount && k < m->nreports; k++)
        if (rec->tcount[k])
            return true;
    return false;
}

void snn_recording_free(snn_recording *rec, const snn_model *m)
{
    for (int i = 0; rec->spikes && i < m->npops; i++)
        snn_spikes_free(&rec->spikes[i]);
    for (int i = 0; rec->recorded && i < m->npops; i++)
        free(rec->recorded[i]);
    for (int k = 0; rec->state && k < m->nstate_recs; k++) {
        free(rec->state[k].data);
        free(rec->state[k].step);
    }
    for (int k = 0; rec->weights && k < m->nweight_recs; k++) {
        free(rec->weights[k].w);
        free(rec->weights[k].step);
    }
    for (int k = 0; rec->tcount && k < m->nreports; k++)
        free(rec->tcount[k]);
    free(rec->spikes);
    free(rec->recorded);
    free(rec->state);
    free(rec->weights);
    free(rec->tcount);
    free(rec->tw0);
    free(rec->tw1);
    *rec = (snn_recording){0};
}
