/*
 * ranks.c: one network over the MPI ranks (an executable built with snnc
 * --mpi, run by mpirun -np R).  The network's workers are the threads of all
 * ranks (team.c): each rank updates its share of every population and keeps
 * only the synapses onto it (connect.c).  After each step's updates the ranks
 * exchange their spikes, so that every rank holds every worker's spike list
 * in the same order a single process would (the minimum delay of the models
 * here is one step, so this is once per minimum delay); modulators, counts
 * and recorded spikes are then computed alike on every rank.  Rank 0 writes
 * the outputs, gathering the recorded states and the plastic weights first.
 * Without SNN_MPI there is one rank and nothing here is called.
 */
#include "internal.h"

#ifdef SNN_MPI
#include <mpi.h>

struct snn_ranks {
    int h;                    /* header ints per rank: stop, halt (2 ints), then counts per population and thread */
    int *mine, *all;          /* headers: this rank's, every rank's */
    uint32_t *out, *in;       /* spikes sent, and every rank's received */
    int *cnt, *dsp;
};

static int ranks_init(snn_run *r)
{
    struct snn_ranks *x = calloc(1, sizeof *x);
    if (!(r->ranks = x))
        return -1;
    const int R = r->nranks;
    uint64_t n = 0;
    for (int p = 0; p < r->npops; p++)
        n += r->model->pops[p].size;
    x->h = 3 + r->npops * r->nthreads;
    x->mine = malloc(sizeof(int) * (size_t)x->h);
    x->all = malloc(sizeof(int) * (size_t)x->h * (size_t)R);
    x->out = malloc(sizeof(uint32_t) * (n + 1));
    x->in = malloc(sizeof(uint32_t) * (n + 1));
    x->cnt = malloc(sizeof(int) * (size_t)R);
    x->dsp = malloc(sizeof(int) * (size_t)R);
    return x->mine && x->all && x->out && x->in && x->cnt && x->dsp && n < INT32_MAX ? 0 : -1;
}

/* The buffers, made at the first collective; every rank stops if one has no
 * memory for them, so that none waits below for ever. */
static int ready(snn_run *r)
{
    if (r->ranks)
        return 0;
    if (snn_mpi_all_ok(ranks_init(r)))
        return snn_fail(r, "out of memory for the exchange between ranks (on this rank or another)");
    return 0;
}

/* A population every rank computes whole (spike sources): not exchanged. */
static bool kept_whole(const snn_run *r, int p)
{
    return !r->model->pops[p].split;
}
#endif

int snn_ranks_exchange(snn_run *r, int64_t step, bool *stop)
{
#ifdef SNN_MPI
    if (ready(r))
        return -1;
    struct snn_ranks *x = r->ranks;
    const int R = r->nranks, T = r->nthreads, P = r->npops;
    const int64_t halt = __atomic_load_n(&r->halt_at, __ATOMIC_ACQUIRE);
    x->mine[0] = *stop;
    x->mine[1] = (int)(uint32_t)halt;
    x->mine[2] = (int)(uint32_t)((uint64_t)halt >> 32);
    int n = 0;
    for (int p = 0; p < P; p++)
        for (int t = 0; t < T; t++) {
            const snn_spikelist *sl = snn_spikes_of(r, p, t, step);
            const int c = kept_whole(r, p) ? 0 : (int)sl->n;
            x->mine[3 + p * T + t] = c;
            memcpy(x->out + n, sl->idx, sizeof(uint32_t) * (size_t)c);
            n += c;
        }
    MPI_Allgather(x->mine, x->h, MPI_INT, x->all, x->h, MPI_INT, MPI_COMM_WORLD);
    int64_t first = 0;
    for (int q = 0, d = 0; q < R; q++) {
        const int *hq = x->all + (size_t)q * (size_t)x->h;
        *stop |= hq[0] != 0;
        const int64_t hh = (int64_t)((uint64_t)(uint32_t)hq[1] | (uint64_t)(uint32_t)hq[2] << 32);
        if (hh && (!first || hh < first))
            first = hh;
        x->cnt[q] = 0;
        for (int k = 0; k < P * T; k++)
            x->cnt[q] += hq[3 + k];
        x->dsp[q] = d;
        d += x->cnt[q];
    }
    MPI_Allgatherv(x->out, n, MPI_UINT32_T, x->in, x->cnt, x->dsp, MPI_UINT32_T, MPI_COMM_WORLD);
    for (int q = 0; q < R; q++) {
        if (q == r->rank)
            continue;
        const int *hq = x->all + (size_t)q * (size_t)x->h;
        const uint32_t *src = x->in + x->dsp[q];
        for (int p = 0; p < P; p++)
            for (int t = 0; t < T; t++) {
                if (kept_whole(r, p))
                    continue;
                snn_spikelist *sl = snn_worker_spikes(r, p, (size_t)q * (size_t)T + (size_t)t, step);
                sl->n = (uint32_t)hq[3 + p * T + t];
                memcpy(sl->idx, src, sizeof(uint32_t) * sl->n);
                src += sl->n;
            }
    }
    if (first && (!halt || first < halt)) /* another rank's check stopped the run earlier */
        __atomic_store_n(&r->halt_at, first, __ATOMIC_RELEASE);
    r->sent_bytes += (double)(n + x->h) * 4;
#else
    (void)r;
    (void)step;
    (void)stop;
#endif
    return 0;
}

/* Rank 0's copy of population POP's float state ARR: every rank's share of it. */
void snn_ranks_gather_state(snn_run *r, int pop, float *arr)
{
#ifdef SNN_MPI
    const int R = r->nranks, T = r->nthreads;
    if (ready(r))
        return;
    struct snn_ranks *x = r->ranks;
    const uint32_t *part = r->part + (size_t)pop * (size_t)(r->nworkers + 1);
    for (int q = 0; q < R; q++) {
        x->dsp[q] = (int)part[q * T];
        x->cnt[q] = (int)(part[(q + 1) * T] - part[q * T]);
    }
    const int me = r->rank;
    if (me == 0)
        MPI_Gatherv(MPI_IN_PLACE, x->cnt[0], MPI_FLOAT, arr, x->cnt, x->dsp, MPI_FLOAT, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(arr + x->dsp[me], x->cnt[me], MPI_FLOAT, NULL, NULL, NULL, MPI_FLOAT, 0, MPI_COMM_WORLD);
#else
    (void)r;
    (void)pop;
    (void)arr;
#endif
}

int snn_ranks_weights(snn_run *r, const snn_plastic_info *pl, snn_weights_all *out)
{
    memset(out, 0, sizeof *out);
#ifdef SNN_MPI
    const int R = r->nranks;
    const snn_csr *c = pl->csr();
    const uint64_t nnz = c->nnz;
    uint32_t *pre = malloc(sizeof(uint32_t) * (nnz + 1)), *post = malloc(sizeof(uint32_t) * (nnz + 1));
    double *w = malloc(sizeof(double) * (nnz + 1));
    int mine = (int)nnz, *cnt = r->rank == 0 ? malloc(sizeof(int) * (size_t)R) : NULL;
    int *dsp = r->rank == 0 ? malloc(sizeof(int) * (size_t)R) : NULL;
    int bad = !pre || !post || !w || nnz > INT32_MAX || (r->rank == 0 && (!cnt || !dsp));
    for (uint32_t i = 0, k = 0; !bad && i < c->nrows; i++)
        for (uint64_t s = c->row[i]; s < c->row[i + 1]; s++, k++) {
            pre[k] = i;
            post[k] = c->col[s];
            w[k] = pl->value(r, s, 0, r->nsteps);
        }
    if (snn_mpi_all_ok(bad)) {
        free(pre), free(post), free(w), free(cnt), free(dsp);
        return snn_fail(r, "out of memory gathering the weights of %s", pl->name);
    }
    MPI_Gather(&mine, 1, MPI_INT, cnt, 1, MPI_INT, 0, MPI_COMM_WORLD);
    uint64_t total = 0;
    if (r->rank == 0)
        for (int q = 0; q < R; q++) {
            dsp[q] = (int)total;
            total += (uint64_t)cnt[q];
        }
    MPI_Bcast(&total, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    bad = total > INT32_MAX;
    uint32_t *gpre = NULL, *gpost = NULL;
    double *gw = NULL;
    if (r->rank == 0 && !bad) {
        gpre = malloc(sizeof(uint32_t) * (total + 1));
        gpost = malloc(sizeof(uint32_t) * (total + 1));
        gw = malloc(sizeof(double) * (total + 1));
        bad = !gpre || !gpost || !gw;
    }
    if (snn_mpi_all_ok(bad)) {
        free(pre), free(post), free(w), free(cnt), free(dsp), free(gpre), free(gpost), free(gw);
        return snn_fail(r, "out of memory gathering the weights of %s", pl->name);
    }
    MPI_Gatherv(pre, mine, MPI_UINT32_T, gpre, cnt, dsp, MPI_UINT32_T, 0, MPI_COMM_WORLD);
    MPI_Gatherv(post, mine, MPI_UINT32_T, gpost, cnt, dsp, MPI_UINT32_T, 0, MPI_COMM_WORLD);
    MPI_Gatherv(w, mine, MPI_DOUBLE, gw, cnt, dsp, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    free(pre), free(post), free(w);
    int rc = 0;
    if (r->rank == 0) {
        /* a single process's order: row by row, and in a row the ranks' shares
         * in rank order (their targets are ascending ranges) */
        out->pre = malloc(sizeof(uint32_t) * (total + 1));
        out->post = malloc(sizeof(uint32_t) * (total + 1));
        out->w = malloc(sizeof(double) * (total + 1));
        uint64_t *at = malloc(sizeof(uint64_t) * (size_t)R);
        if (!out->pre || !out->post || !out->w || !at)
            rc = snn_fail(r, "out of memory gathering the weights of %s", pl->name);
        for (int q = 0; !rc && q < R; q++)
            at[q] = (uint64_t)dsp[q];
        uint64_t k = 0;
        for (uint32_t i = 0; !rc && i < c->nrows; i++)
            for (int q = 0; q < R; q++)
                for (; at[q] < (uint64_t)dsp[q] + (uint64_t)cnt[q] && gpre[at[q]] == i; at[q]++, k++) {
                    out->pre[k] = i;
                    out->post[k] = gpost[at[q]];
                    out->w[k] = gw[at[q]];
                }
        out->n = k;
        free(at);
    }
    free(cnt), free(dsp), free(gpre), free(gpost), free(gw);
    return rc;
#else
    (void)r;
    (void)pl;
    return 0;
#endif
}

void snn_weights_all_free(snn_weights_all *w)
{
    free(w->pre);
    free(w->post);
    free(w->w);
    memset(w, 0, sizeof *w);
}

/* After the run: rank 0 learns why it stopped when another rank's check
 * stopped it, and what each rank sent. */
void snn_ranks_end(snn_run *r)
{
#ifdef SNN_MPI
    /* the earliest halt: that rank's message (the first check of its step) */
    struct {
        double v;
        int rank;
    } hv = {r->halt_at ? (double)r->halt_at : HUGE_VAL, r->rank}, hf;
    MPI_Allreduce(&hv, &hf, 1, MPI_DOUBLE_INT, MPI_MINLOC, MPI_COMM_WORLD);
    if (hf.v < HUGE_VAL) {
        MPI_Bcast(r->err, (int)sizeof r->err, MPI_CHAR, hf.rank, MPI_COMM_WORLD);
        __atomic_store_n(&r->halt_at, (int64_t)hf.v, __ATOMIC_RELEASE);
    }
    if (r->rank == 0)
        r->rank_bytes = calloc((size_t)r->nranks, sizeof(double));
    double b = r->sent_bytes;
    MPI_Gather(&b, 1, MPI_DOUBLE, r->rank_bytes, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
#else
    (void)r;
#endif
}

void snn_ranks_free(snn_run *r)
{
#ifdef SNN_MPI
    struct snn_ranks *x = r->ranks;
    if (x) {
        free(x->mine), free(x->all), free(x->out), free(x->in), free(x->cnt), free(x->dsp);
        free(x);
    }
    r->ranks = NULL;
#endif
    free(r->rank_bytes);
    r->rank_bytes = NULL;
}
