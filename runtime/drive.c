/*
 * drive.c: Poisson drives ('connect poisson(rate = R) -> POP').  Each neuron
 * of the target draws its number of arriving spikes in a step by inverting
 * the Poisson distribution of mean R dt with one 32-bit word of its own
 * stream: the count is the number of thresholds the word reaches.  The
 * thresholds are those of the word's midpoint rule (rng.h, snn_u01), so the
 * inversion is exact for every word, and the table ends where the
 * distribution's tail is below what a word can resolve (2^-33).
 */
#include "internal.h"

#include <gsl/gsl_cdf.h>

/* Most arrivals a step may expect: the table (and the search in it) grows with it. */
#define MAX_MEAN 1000.0

int snn_drive_init(snn_run *r, snn_drive *d, double rate, double w, uint32_t purpose, const char *name)
{
    double mean = rate * r->dt;
    if (!(rate >= 0) || !isfinite(rate))
        return snn_fail(r, "drive %s: the rate %g Hz must be a finite number >= 0", name, rate);
    if (!isfinite(w))
        return snn_fail(r, "drive %s: the weight is not a finite number", name);
    if (mean > MAX_MEAN)
        return snn_fail(r, "drive %s: %g Hz brings %g spikes per step of %g ms on average; at most %g are possible",
                        name, rate, mean, r->dt * 1e3, MAX_MEAN);
    d->w = (float)w;
    d->purpose = purpose;
    d->n = 0;
    size_t cap = (size_t)(mean + 20 * sqrt(mean) + 64);
    if (!(d->thr = malloc(sizeof(uint32_t) * cap)))
        return snn_fail(r, "out of memory");
    /* count k when the word's midpoint u = (x + 1/2) / 2^32 lies above P(K <= k - 1),
     * that is x >= floor(P(K <= k - 1) 2^32 - 1/2) + 1 */
    for (uint32_t j = 0; mean > 0 && j < cap; j++) {
        double t = floor(gsl_cdf_poisson_P(j, mean) * 0x1p32 - 0.5) + 1;
        if (t > 4294967295.0)
            break;
        d->thr[d->n++] = (uint32_t)t;
    }
    if (mean > 0 && d->n == cap)
        return snn_fail(r, "drive %s: the Poisson table for a mean of %g per step did not close", name, mean);
    return 0;
}

void snn_drive_free(snn_drive *d)
{
    free(d->thr);
    d->thr = NULL;
}
