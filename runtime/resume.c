/*
 * resume.c: the driver's part of checkpoints, and --resume.
 *
 * A checkpoint (checkpoint.c: named blocks in one file, written atomically)
 * holds which model it belongs to, the settings that make the run what it is
 * (format, --sequential, every --set and --seed), the driver's state (the step
 * loop's, the spike counts, what was recorded so far, the rate guards'
 * windows, the place in the frozen sub-network's precomputed spikes) and the
 * model's own state (its generated checkpoint function).  The spikes recorded
 * so far are too many to rewrite each time: they are appended to a log beside
 * the checkpoint (spikelog.c), whose length and hash the checkpoint keeps.
 * --resume DIR reads the settings before anything else, so the run is set up
 * exactly as the first time, and the state after the model's init.
 */
#include "internal.h"

#include <errno.h>
#include <unistd.h>

char *snn_settings_make(const snn_override *ov, int nov, const char *format, bool sequential, uint64_t *n)
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

snn_ckpt *snn_resume_begin(const snn_model *m, snn_options *o, char **settings, uint64_t *nsettings, char *err, size_t n)
{
    char path[SNN_PATH_MAX];
    snn_ckpt *k;
    if (!snn_path_join(path, sizeof path, o->resume, "checkpoint.snnck")) {
        snprintf(err, n, "%s: path too long", o->resume);
        return NULL;
    }
    if (access(path, F_OK) != 0) {
        snprintf(err, n, "%.300s: no checkpoint there (%.300s: %s); checkpoints are written with --checkpoint-every TIME, and "
                 "when SIGINT or SIGTERM stops a run", o->resume, path, strerror(errno));
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
    snn_override *ov = realloc(o->ov, sizeof *ov * (size_t)(count / 2 + 1));
    err[0] = 0;
    if (snn_ckpt_check(k, err, n) || !*nsettings || end[-1] != 0 || count < 2 || count % 2 || !ov) {
        if (ov)
            o->ov = ov;
        if (!err[0]) {
            snn_ckpt_read_end(k, err, n);
            snprintf(err, n, "%.900s: the checkpoint's settings are damaged", path);
        }
        return NULL;
    }
    o->ov = ov;
    o->format = s;
    s += strlen(s) + 1;
    o->sequential = strcmp(s, "1") == 0;
    s += strlen(s) + 1;
    for (o->nov = 0; s < end; o->nov++) {
        ov[o->nov].name = s;
        s += strlen(s) + 1;
        ov[o->nov].value = s;
        s += strlen(s) + 1;
    }
    return k;
}

void snn_checkpoint_state(snn_ckpt *k, snn_run *r, snn_loop *ls, snn_spikelog *slog, snn_recording *rec,
                          uint64_t *gcount, snn_ahead *ahead)
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
        snn_state_buf *sb = &rec->state[q];
        uint64_t nd = sb->n * m->state_recs[q].n, ns = sb->n;
        snprintf(b, sizeof b, "record %d: values", q);
        snn_ckpt_array(k, b, (void **)&sb->data, sizeof(float), &nd);
        snprintf(b, sizeof b, "record %d: steps", q);
        snn_ckpt_array(k, b, (void **)&sb->step, sizeof(int64_t), &ns);
        if (!w)
            sb->n = sb->cap = nd == ns * m->state_recs[q].n ? ns : 0;
    }
    for (int q = 0; q < m->nweight_recs; q++) {
        snn_weight_buf *wb = &rec->weights[q];
        snprintf(b, sizeof b, "weight record %d: synapses", q);
        snn_ckpt_fixed(k, b, &wb->nnz, sizeof wb->nnz);
        uint64_t nd = wb->n * wb->nnz, ns = wb->n;
        snprintf(b, sizeof b, "weight record %d: values", q);
        snn_ckpt_array(k, b, (void **)&wb->w, sizeof(double), &nd);
        snprintf(b, sizeof b, "weight record %d: steps", q);
        snn_ckpt_array(k, b, (void **)&wb->step, sizeof(int64_t), &ns);
        if (!w)
            wb->n = wb->cap = nd == ns * wb->nnz ? ns : 0;
    }
    for (int q = 0; q < m->nreports; q++)
        if (rec->tcount[q]) {
            snprintf(b, sizeof b, "report %s: spikes per trial", m->reports[q].label);
            snn_ckpt_fixed(k, b, rec->tcount[q], sizeof(uint32_t) * (size_t)(rec->ntrials + 1));
        }
    snn_ckpt_fixed(k, "rate guards", gcount, sizeof(uint64_t) * (size_t)m->nrate_guards);
    snn_ckpt_fixed(k, "frozen sub-network: next event", &ahead->cursor, sizeof ahead->cursor);
    m->checkpoint(r, k);
}

int snn_checkpoint_save(const char *dir, snn_run *r, char *settings, uint64_t nsettings, snn_loop *ls,
                        snn_spikelog *slog, snn_recording *rec, uint64_t *gcount, snn_ahead *ahead, char *err, size_t n)
{
    const snn_model *m = r->model;
    if (snn_spikelog_append(slog, dir, rec->spikes, m->npops, err, n))
        return -1;
    char path[SNN_PATH_MAX];
    if (!snn_path_join(path, sizeof path, dir, "checkpoint.snnck")) {
        snprintf(err, n, "%s: path too long", dir);
        return -1;
    }
    snn_ckpt *k = snn_ckpt_write_begin(path, err, n);
    if (!k)
        return -1;
    snn_ckpt_identity(k, m->source, m->hash, m->compiler);
    snn_ckpt_array(k, "settings", (void **)&settings, 1, &nsettings);
    snn_checkpoint_state(k, r, ls, slog, rec, gcount, ahead);
    return snn_ckpt_write_end(k, err, n);
}

int snn_checkpoint_keep(const char *dir, const char *stage, char **written, int *nw)
{
    static const char *const name[] = {"checkpoint.snnck", "checkpoint.spikes"};
    for (int q = 0; q < 2; q++) {
        char from[SNN_PATH_MAX], path[SNN_PATH_MAX];
        if (!snn_path_join(from, sizeof from, dir, name[q]) || access(from, F_OK) != 0)
            continue; /* no spike log: nothing was recorded */
        const int bad = !snn_path_join(path, sizeof path, stage, name[q]) || link(from, path) != 0;
        if (bad)
            snn_output_fail(SNN_OUT_EIO, path, "cannot keep the checkpoint with the outputs: %s", strerror(errno));
        written[(*nw)++] = strdup(name[q]);
        if (bad)
            return -1;
    }
    return 0;
}
