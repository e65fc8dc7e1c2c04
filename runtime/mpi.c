/*
 * mpi.c: the optional MPI layer (executables built with snnc --mpi, which
 * compiles the runtime with -DSNN_MPI).  Two uses, both farming independent
 * work: the frozen sub-network's trials spread over the ranks (each rank's
 * worker processes take their share, rank 0 gathers the spikes and runs the
 * rest of the network), and replicate experiments (--seeds) spread over the
 * ranks.  Without SNN_MPI every function is the single-process case.
 */
#include "internal.h"

#ifdef SNN_MPI
#include <mpi.h>
#endif

static int rank_, size_ = 1;

void snn_mpi_init(int *argc, char ***argv)
{
#ifdef SNN_MPI
    if (getenv("SNN_NO_MPI")) /* a replicate run started by a rank: on its own */
        return;
    MPI_Init(argc, argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
#else
    (void)argc;
    (void)argv;
#endif
}

void snn_mpi_finalize(void)
{
#ifdef SNN_MPI
    int on = 0;
    MPI_Initialized(&on);
    if (on)
        MPI_Finalize();
#endif
}

int snn_mpi_rank(void) { return rank_; }
int snn_mpi_size(void) { return size_; }

/* 0 on every rank if it was 0 on every rank */
int snn_mpi_all_ok(int rc)
{
#ifdef SNN_MPI
    if (size_ > 1) {
        int any = rc != 0, all = 0;
        MPI_Allreduce(&any, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        return all;
    }
#endif
    return rc != 0;
}

/* Rank 0 receives every rank's part of the table (trial k is computed on
 * rank k mod size); each part lists its own trials in order. */
int snn_mpi_gather_ahead(snn_run *r, snn_ahead *a)
{
#ifdef SNN_MPI
    if (size_ == 1)
        return 0;
    const int64_t n = a->ntrials;
    uint64_t mine = a->start[n], *counts = NULL, *all = NULL;
    uint64_t *len = rank_ == 0 ? calloc((size_t)size_, sizeof *len) : NULL;
    /* per trial counts: each trial is non-zero on one rank only */
    counts = malloc(sizeof *counts * (size_t)n);
    all = rank_ == 0 ? calloc((size_t)n, sizeof *all) : NULL;
    const int ok = counts && (rank_ != 0 || (len && all));
    if (snn_mpi_all_ok(!ok)) { /* every rank stops, none waits in the collectives below */
        free(counts);
        free(all);
        free(len);
        return snn_fail(r, "%s", ok ? "out of memory on another MPI rank" : "out of memory");
    }
    for (int64_t k = 0; k < n; k++)
        counts[k] = a->start[k + 1] - a->start[k];
    MPI_Reduce(counts, all, (int)n, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Gather(&mine, 1, MPI_UINT64_T, len, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    int rc = 0;
    int *cnt = NULL, *dsp = NULL;
    uint32_t *off = NULL, *code = NULL;
    if (rank_ == 0) {
        uint64_t total = 0;
        cnt = malloc(sizeof(int) * (size_t)size_);
        dsp = malloc(sizeof(int) * (size_t)size_);
        for (int q = 0; q < size_; q++)
            total += len[q];
        off = malloc(sizeof(uint32_t) * (total ? total : 1));
        code = malloc(sizeof(uint32_t) * (total ? total : 1));
        if (!cnt || !dsp || !off || !code || total > INT32_MAX)
            rc = snn_fail(r, "out of memory (or more than 2^31 spikes to gather)");
        for (int q = 0, d = 0; !rc && q < size_; q++) {
            cnt[q] = (int)len[q];
            dsp[q] = d;
            d += cnt[q];
        }
    }
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (!rc) {
        MPI_Gatherv(a->off, (int)mine, MPI_UINT32_T, off, cnt, dsp, MPI_UINT32_T, 0, MPI_COMM_WORLD);
        MPI_Gatherv(a->code, (int)mine, MPI_UINT32_T, code, cnt, dsp, MPI_UINT32_T, 0, MPI_COMM_WORLD);
    }
    if (rank_ == 0 && !rc) {
        /* rebuild the table in trial order, taking each trial from its owner's part */
        a->start[0] = 0;
        for (int64_t k = 0; k < n; k++)
            a->start[k + 1] = a->start[k] + all[k];
        uint64_t *at = malloc(sizeof *at * (size_t)size_);
        uint32_t *o2 = malloc(sizeof(uint32_t) * (a->start[n] ? a->start[n] : 1));
        uint32_t *c2 = malloc(sizeof(uint32_t) * (a->start[n] ? a->start[n] : 1));
        if (!at || !o2 || !c2) {
            rc = snn_fail(r, "out of memory");
        } else {
            for (int q = 0; q < size_; q++)
                at[q] = (uint64_t)dsp[q];
            for (int64_t k = 0; k < n; k++) {
                const int q = (int)(k % size_); /* the rank that computed trial k (ahead.c) */
                memcpy(o2 + a->start[k], off + at[q], sizeof(uint32_t) * all[k]);
                memcpy(c2 + a->start[k], code + at[q], sizeof(uint32_t) * all[k]);
                at[q] += all[k];
            }
            free(a->off);
            free(a->code);
            a->off = o2;
            a->code = c2;
            o2 = c2 = NULL;
        }
        free(at);
        free(o2);
        free(c2);
    }
    free(counts);
    free(all);
    free(len);
    free(cnt);
    free(dsp);
    free(off);
    free(code);
    return rc;
#else
    (void)r;
    (void)a;
    return 0;
#endif
}
