/*
 * ahead.c: the frozen sub-network's responses to every trial, computed before
 * the run in worker processes (fork: each worker owns a copy of the model's
 * state, so the generated code needs no change to run in several at once).
 * Worker w takes trials w, w + W, ... (of its rank's trials, with MPI: mpi.c);
 * for each it resets the frozen part
 * (trial_start) and steps it through the trial at the trial's own absolute
 * steps, so its noise and reset draws are those of the plain schedule.  The
 * spikes go to an anonymous temporary file per worker; the parent reads them
 * into one table and, during the run, puts each step's spikes where the
 * frozen populations' updates would have put them.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    uint32_t off;             /* step within the trial */
    uint32_t code;            /* population << 24 | neuron */
} event;

/* Worker w of nw on this rank: the rank's trials (k mod ranks = rank) w, w + nw, ...;
 * done[w] counts them for the parent's progress line (shared memory). */
static int worker(snn_run *r, const snn_model *m, const snn_ahead *a, int w, int nw, FILE *f, volatile int64_t *done)
{
    const int64_t ranks = snn_mpi_size();
    for (int64_t k = snn_mpi_rank() + ranks * w; k < a->ntrials; k += ranks * nw) {
        if (m->trial_start && m->trial_start(r, k, SNN_RESET_FROZEN)) {
            snn_error("trial %lld: %s", (long long)k, r->err);
            return 1;
        }
        uint64_t n = 0;
        long at = ftell(f);
        int64_t head[2] = {k, 0};
        if (fwrite(head, sizeof head, 1, f) != 1)
            return 1;
        for (int64_t s = 0; s < a->trial_steps; s++) {
            const int64_t step = k * a->trial_steps + s;
            m->step_sources(r, step);
            m->step_frozen(r, step);
            if (snn_halted(r) >= 0) {
                snn_error("the frozen sub-network, trial %lld: %s", (long long)k, r->err);
                return 1;
            }
            for (int q = 0; q < m->nfrozen; q++) {
                const snn_spikelist *sl = snn_spikes_of(r, m->frozen[q], 0, step);
                for (uint32_t i = 0; i < sl->n; i++) {
                    event e = {(uint32_t)s, (uint32_t)m->frozen[q] << 24 | sl->idx[i]};
                    if (fwrite(&e, sizeof e, 1, f) != 1)
                        return 1;
                    n++;
                }
            }
        }
        head[1] = (int64_t)n;
        if (fseek(f, at, SEEK_SET) || fwrite(head, sizeof head, 1, f) != 1 || fseek(f, 0, SEEK_END))
            return 1;
        if (done)
            done[w]++;
    }
    return fflush(f) ? 1 : 0;
}

/* This process's share of the trials (with MPI: this rank's), in worker
 * processes, read back into one table. */
static int compute_share(snn_run *r, const snn_model *m, int64_t ntrials, int64_t trial_steps, int jobs, bool progress,
                         snn_ahead *a)
{
    memset(a, 0, sizeof *a);
    a->ntrials = ntrials;
    a->trial_steps = trial_steps;
    for (int q = 0; q < m->nfrozen; q++)
        if (m->pops[m->frozen[q]].size > (1u << 24) || m->frozen[q] > 255 || trial_steps > UINT32_MAX)
            return snn_fail(r, "the frozen sub-network is too large to compute ahead (use --sequential)");
    if (jobs < 1)
        jobs = 1;
    if (jobs > ntrials)
        jobs = ntrials > 0 ? (int)ntrials : 1;
    FILE **f = calloc((size_t)jobs, sizeof *f);
    pid_t *pid = calloc((size_t)jobs, sizeof *pid);
    if (!f || !pid) {
        free(f);
        free(pid);
        return snn_fail(r, "out of memory");
    }
    int rc = 0;
    fflush(stdout);
    fflush(stderr);
    /* per worker: trials finished, in memory the workers share with this process */
    int64_t *done = mmap(NULL, sizeof(int64_t) * (size_t)jobs, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (done == MAP_FAILED)
        done = NULL;
    for (int w = 0; w < jobs && !rc; w++) {
        if (!(f[w] = tmpfile())) {
            rc = snn_fail(r, "cannot create a temporary file for the frozen sub-network: %s", strerror(errno));
            break;
        }
        pid[w] = fork();
        if (pid[w] < 0)
            rc = snn_fail(r, "cannot start a worker process: %s", strerror(errno));
        else if (pid[w] == 0)
            _exit(worker(r, m, a, w, jobs, f[w], done));
    }
    for (bool busy = progress && done && !rc; busy;) { /* a progress line while they work */
        int64_t sum = 0;
        for (int w = 0; w < jobs; w++)
            sum += done[w];
        fprintf(stderr, "\r  frozen sub-network: %lld of %lld trials   ", (long long)sum,
                (long long)((ntrials - snn_mpi_rank() + snn_mpi_size() - 1) / snn_mpi_size()));
        busy = false;
        for (int w = 0; w < jobs; w++) { /* still running: not exited yet (the status is left for below) */
            siginfo_t si = {0};
            busy |= pid[w] > 0 && waitid(P_PID, (id_t)pid[w], &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == 0;
        }
        if (busy)
            nanosleep(&(struct timespec){0, 250000000}, NULL);
        else
            fprintf(stderr, "\r%60s\r", "");
    }
    for (int w = 0; w < jobs; w++) {
        int st = 0;
        if (pid[w] > 0 && (waitpid(pid[w], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) && !rc)
            rc = snn_fail(r, "a worker computing the frozen sub-network failed");
    }
    /* one table: per trial its events in step order */
    if (!rc && !(a->start = calloc((size_t)ntrials + 1, sizeof(uint64_t))))
        rc = snn_fail(r, "out of memory");
    uint64_t total = 0;
    for (int pass = 0; pass < 2 && !rc; pass++) {
        if (pass == 1) {
            for (int64_t k = 0; k < ntrials; k++)
                a->start[k + 1] += a->start[k];
            total = a->start[ntrials];
            a->off = malloc(sizeof(uint32_t) * (total ? total : 1));
            a->code = malloc(sizeof(uint32_t) * (total ? total : 1));
            if (!a->off || !a->code) {
                rc = snn_fail(r, "out of memory");
                break;
            }
        }
        for (int w = 0; w < jobs && !rc; w++) {
            rewind(f[w]);
            int64_t head[2];
            while (!rc && fread(head, sizeof head, 1, f[w]) == 1) {
                if (head[0] < 0 || head[0] >= ntrials || head[1] < 0) {
                    rc = snn_fail(r, "the frozen sub-network's results are damaged");
                    break;
                }
                if (pass == 0) {
                    a->start[head[0] + 1] = (uint64_t)head[1];
                    if (fseek(f[w], (long)((size_t)head[1] * sizeof(event)), SEEK_CUR))
                        rc = snn_fail(r, "the frozen sub-network's results are damaged");
                    continue;
                }
                for (int64_t i = 0; i < head[1]; i++) {
                    event e;
                    if (fread(&e, sizeof e, 1, f[w]) != 1) {
                        rc = snn_fail(r, "the frozen sub-network's results are damaged");
                        break;
                    }
                    a->off[a->start[head[0]] + (uint64_t)i] = e.off;
                    a->code[a->start[head[0]] + (uint64_t)i] = e.code;
                }
            }
        }
    }
    for (int w = 0; w < jobs; w++)
        if (f[w])
            fclose(f[w]);
    if (done)
        munmap(done, sizeof(int64_t) * (size_t)jobs);
    free(f);
    free(pid);
    a->jobs = jobs;
    return rc;
}

int snn_ahead_run(snn_run *r, const snn_model *m, int64_t ntrials, int64_t trial_steps, int jobs, bool progress,
                  snn_ahead *a)
{
    int rc = compute_share(r, m, ntrials, trial_steps, jobs, progress, a);
    /* with MPI: every rank did its share; rank 0 gets the whole table.  All ranks
     * learn first whether one failed, so none waits in the gather for it. */
    if (snn_mpi_all_ok(rc) && !rc)
        rc = snn_fail(r, "another MPI rank failed to compute its share of the frozen sub-network");
    if (!rc)
        rc = snn_mpi_gather_ahead(r, a);
    if (rc)
        snn_ahead_free(a);
    return rc;
}

void snn_ahead_inject(snn_ahead *a, snn_run *r, const snn_model *m, int64_t step)
{
    const int64_t k = step / a->trial_steps, off = step % a->trial_steps;
    if (off == 0)
        a->cursor = a->start[k];
    for (int q = 0; q < m->nfrozen; q++) /* kept whole, by thread 0 (team.c) */
        snn_spikes_of(r, m->frozen[q], 0, step)->n = 0;
    for (; a->cursor < a->start[k + 1] && a->off[a->cursor] == (uint32_t)off; a->cursor++) {
        snn_spikelist *sl = snn_spikes_of(r, (int)(a->code[a->cursor] >> 24), 0, step);
        sl->idx[sl->n++] = a->code[a->cursor] & 0xffffffu;
    }
}

void snn_ahead_free(snn_ahead *a)
{
    free(a->start);
    free(a->off);
    free(a->code);
    memset(a, 0, sizeof *a);
}
