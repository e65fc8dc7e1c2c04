/*
 * team.c - the threads that share one network's steps.
 *
 * Every population is cut into one contiguous range of neurons per thread
 * (snn_lo/snn_hi); a thread updates the neurons of its ranges, collects their
 * spikes in its own lists, and after a barrier receives every spike onto its
 * neurons, so no two threads ever write the same value and every sum is added
 * in the order one thread would add it: results do not depend on the number
 * of threads.  Sources that draw one stream for the whole population stay
 * whole, with thread 0.
 *
 * The barrier is our own: a step of COBA takes about 5 us and needs one
 * barrier; libgomp's took 1.4 us on this machine and this one 0.2 us (two
 * threads, 10^6 barriers each, 2026-12-05).  It spins a while and then sleeps
 * on a futex, so that more threads than cores still make progress.
 */
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>

/* spins before sleeping: longer than a step's imbalance; with more threads
 * than cores, the one that would open the barrier may be waiting for a core,
 * so a few only */
enum { SPINS = 1 << 14, SPINS_CROWDED = 64 };

struct snn_team {
    _Alignas(64) atomic_uint count;  /* threads arrived at the current barrier */
    _Alignas(64) atomic_uint gen;    /* barriers passed: the word sleepers wait on */
    atomic_uint sleepers;
    unsigned n;
    int spins;
};

static void futex(atomic_uint *word, int op, unsigned val)
{
    syscall(SYS_futex, (unsigned *)word, op | FUTEX_PRIVATE_FLAG, val, NULL, NULL, 0);
}

void snn_barrier(snn_run *r)
{
    struct snn_team *t = r->team;
    if (!t || t->n < 2)
        return;
    const unsigned g = atomic_load(&t->gen);
    if (atomic_fetch_add(&t->count, 1) == t->n - 1) { /* the last one opens it */
        atomic_store(&t->count, 0);
        atomic_store(&t->gen, g + 1);
        if (atomic_load(&t->sleepers))
            futex(&t->gen, FUTEX_WAKE, INT_MAX);
        return;
    }
    for (int i = 0; i < t->spins; i++) {
        if (atomic_load_explicit(&t->gen, memory_order_acquire) != g)
            return;
        __builtin_ia32_pause();
    }
    atomic_fetch_add(&t->sleepers, 1);
    while (atomic_load(&t->gen) == g) /* returns at once if gen moved since */
        futex(&t->gen, FUTEX_WAIT, g);
    atomic_fetch_sub(&t->sleepers, 1);
}

int snn_cores(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* Thread t's share of n neurons: whole blocks of the update loops (snn.h), so
 * that results do not depend on the number of threads, and two threads never
 * write one cache line of a float array. */
static uint32_t bound(uint32_t n, int t, int nt)
{
    if (t >= nt)
        return n;
    uint64_t b = (uint64_t)n * (uint64_t)t / (uint64_t)nt / SNN_BLOCK * SNN_BLOCK;
    return (uint32_t)b;
}

int snn_team_init(snn_run *r, int nthreads, int rank, int nranks)
{
    const snn_model *m = r->model;
    const int nw = nthreads * nranks;
    r->nthreads = nthreads;
    r->rank = rank;
    r->nranks = nranks;
    r->nworkers = nw;
    r->npops = m->npops;
    r->part = calloc((size_t)m->npops * (size_t)(nw + 1) + 1, sizeof(uint32_t));
    r->lists = calloc((size_t)2 * (size_t)nw * (size_t)m->npops + 1, sizeof(snn_spikelist));
    r->now = calloc((size_t)m->npops + 1, sizeof(snn_spikelist));
    if (!r->part || !r->lists || !r->now)
        return snn_fail(r, "out of memory");
    for (int p = 0; p < m->npops && nw > 1; p++) /* the workers' lists merged; one worker's is used as it is */
        if (!(r->now[p].idx = malloc(sizeof(uint32_t) * (m->pops[p].size ? m->pops[p].size : 1))))
            return snn_fail(r, "out of memory");
    for (int p = 0; p < m->npops; p++) {
        const uint32_t n = m->pops[p].size;
        bool whole = !m->pops[p].split;
        for (int q = 0; q < m->nfrozen; q++) /* computed ahead by one process: kept whole */
            whole |= m->frozen[q] == p;
        /* a population kept whole is every rank's thread 0's (each computes it:
         * sources draw from their own streams, so alike on every rank) */
        const int owner = rank * nthreads;
        for (int w = 0; w <= nw; w++)
            r->part[(size_t)p * (size_t)(nw + 1) + (size_t)w] = whole ? (w > owner ? n : 0) : bound(n, w, nw);
        for (int par = 0; par < 2; par++)
            for (int w = 0; w < nw; w++) {
                snn_spikelist *sl = &r->lists[((size_t)par * nw + w) * m->npops + p];
                const uint32_t len = whole ? n : bound(n, w + 1, nw) - bound(n, w, nw);
                if (!(sl->idx = malloc(sizeof(uint32_t) * (len ? len : 1))))
                    return snn_fail(r, "out of memory");
            }
    }
    if (nthreads > 1) {
        if (!(r->team = calloc(1, sizeof *r->team)))
            return snn_fail(r, "out of memory");
        r->team->n = (unsigned)nthreads;
        r->team->spins = nthreads > snn_cores() ? SPINS_CROWDED : SPINS;
    }
    return 0;
}

void snn_own_targets(const snn_run *r, const snn_conn_spec *s, uint32_t *from, uint32_t *to)
{
    const uint32_t lo = snn_lo(r, s->post_pop, 0), hi = snn_hi(r, s->post_pop, r->nthreads - 1);
    const uint32_t a = lo > s->post_lo ? lo - s->post_lo : 0, b = hi > s->post_lo ? hi - s->post_lo : 0;
    *from = a < s->post_n ? a : s->post_n;
    *to = b < s->post_n ? b : s->post_n;
}

void snn_team_free(snn_run *r)
{
    for (size_t i = 0; r->lists && i < (size_t)2 * (size_t)r->nworkers * (size_t)r->npops; i++)
        free(r->lists[i].idx);
    free(r->lists);
    for (int p = 0; r->now && r->nworkers > 1 && p < r->npops; p++)
        free(r->now[p].idx);
    free(r->now);
    free(r->part);
    free(r->team);
    r->lists = NULL;
    r->now = NULL;
    r->part = NULL;
    r->team = NULL;
}

void snn_merge_spikes(snn_run *r, int64_t step)
{
    if (r->nworkers == 1) { /* r->now shows thread 0's lists */
        for (int p = 0; p < r->npops; p++)
            r->now[p] = *snn_spikes_of(r, p, 0, step);
        return;
    }
    for (int p = 0; p < r->npops; p++) {
        snn_spikelist *all = &r->now[p];
        all->n = 0;
        for (size_t w = 0; w < (size_t)r->nworkers; w++) {
            const snn_spikelist *sl = snn_worker_spikes(r, p, w, step);
            memcpy(all->idx + all->n, sl->idx, sizeof(uint32_t) * sl->n);
            all->n += sl->n;
        }
    }
}

typedef struct {
    void (*fn)(void *arg, int tid);
    void *arg;
    int tid;
} start;

static void *thread_main(void *p)
{
    start *s = p;
    s->fn(s->arg, s->tid);
    return NULL;
}

int snn_team_run(snn_run *r, void (*fn)(void *arg, int tid), void *arg)
{
    const int nt = r->nthreads;
    pthread_t *th = calloc((size_t)nt, sizeof *th);
    start *st = calloc((size_t)nt, sizeof *st);
    if (!th || !st) {
        free(th);
        free(st);
        return snn_fail(r, "out of memory");
    }
    int made = 1, rc = 0;
    for (; made < nt; made++) {
        st[made] = (start){fn, arg, made};
        if ((rc = pthread_create(&th[made], NULL, thread_main, &st[made])))
            break;
    }
    if (rc) { /* fewer threads than asked: the barrier would wait for ever */
        snn_error("cannot start thread %d of %d: %s", made, nt, strerror(rc));
        exit(1);
    }
    fn(arg, 0);
    for (int t = 1; t < nt; t++)
        pthread_join(th[t], NULL);
    free(th);
    free(st);
    return 0;
}
