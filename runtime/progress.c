/*
 * progress.c: how far a run is, on stderr.  On a terminal one live line,
 * rewritten four times a second; in a batch log (stderr a file or a pipe)
 * whole lines, sparse by default -- every 10 % of the run or every 30 s,
 * whichever comes first, none in a run's first 2 s -- and every 2 s with
 * --progress.  Each report gives
 * the phase and trial when the model has them, the simulated time, the speed
 * (simulated seconds per second) and the expected time left.
 */
#include "internal.h"

#include <stdio.h>

/* seconds between two reports */
static double interval(snn_progress_mode mode) { return mode == SNN_PROGRESS_LIVE ? 0.25 : mode == SNN_PROGRESS_LINES ? 2 : 30; }

void snn_progress_start(snn_progress *p, snn_progress_mode mode, int64_t nsteps, double dt, double now)
{
    *p = (snn_progress){.mode = mode, .nsteps = nsteps, .dt = dt, .t0 = now};
    p->next_s = now + interval(mode);
    p->next_step = mode == SNN_PROGRESS_SPARSE ? nsteps / 10 : 0;
}

void snn_progress_update(snn_progress *p, int64_t step, const char *phase, int64_t trial, int64_t ntrials, double now)
{
    if (p->mode == SNN_PROGRESS_OFF || step == 0)
        return;
    bool due = now >= p->next_s || (p->mode == SNN_PROGRESS_SPARSE && step >= p->next_step && p->next_step > 0);
    const double frac = (double)step / (double)p->nsteps, spent = now - p->t0;
    if (due && p->mode == SNN_PROGRESS_SPARSE && spent < 2) { /* a short run leaves the log alone */
        while (p->next_step > 0 && p->next_step <= step)
            p->next_step += p->nsteps / 10;
        return;
    }
    if (!due)
        return;
    char where[160] = "";
    if (phase)
        snprintf(where, sizeof where, "phase %s, trial %lld of %lld, ", phase, (long long)trial + 1, (long long)ntrials);
    else if (ntrials)
        snprintf(where, sizeof where, "trial %lld of %lld, ", (long long)trial + 1, (long long)ntrials);
    fprintf(stderr, "%s  [%3.0f%%] %s%.4g s of %.4g s simulated, %.3g s/s, %.1f s elapsed, ETA %.1f s%s",
            p->mode == SNN_PROGRESS_LIVE ? "\r" : "", 100 * frac, where, (double)step * p->dt, (double)p->nsteps * p->dt,
            spent > 0 ? (double)step * p->dt / spent : 0, spent, spent * (1 - frac) / frac,
            p->mode == SNN_PROGRESS_LIVE ? "   " : "\n");
    p->shown = true;
    p->next_s = now + interval(p->mode);
    while (p->mode == SNN_PROGRESS_SPARSE && p->next_step > 0 && p->next_step <= step)
        p->next_step += p->nsteps / 10;
}

void snn_progress_end(snn_progress *p)
{
    if (p->mode == SNN_PROGRESS_LIVE && p->shown)
        fprintf(stderr, "\r%100s\r", "");
}
