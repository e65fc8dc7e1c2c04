/*
 * bsa.c: Ben's Spiker Algorithm (Schrauwen & Van Campenhout 2003).  A spike
 * train is read back by convolving it with a low-pass filter h; BSA places
 * spikes greedily so that this reconstruction follows the signal: at each
 * frame it fires if subtracting h from the signal ahead leaves a smaller error
 * than leaving it.  The signal is padded with M zeros so that the last frames
 * are encoded too (cutting the loop at T - M drops the end of every word).
 */
#include "audio.h"

#include <math.h>
#include <string.h>

void snn_bsa_defaults(snn_bsa_opts *o)
{
    /* the original additive rule: with these a constant level L >= 0.15 decodes
     * back to L within a few percent (the relative rule, e1 <= 0.95 e2, fires
     * more than twice too often at levels near 0.25 and stops at higher ones) */
    o->taps = 24;
    o->cutoff = 0.05;
    o->threshold = 0.9;
    o->ratio = false;
    o->peak = 0.5;
}

void snn_bsa_filter(const snn_bsa_opts *o, double *h)
{
    const int M = o->taps;
    const double mid = (M - 1) / 2.0, pi = 3.14159265358979323846;
    double sum = 0;
    for (int k = 0; k < M; k++) {
        const double x = 2 * o->cutoff * (k - mid);
        const double sinc = x == 0 ? 1 : sin(pi * x) / (pi * x);
        const double w = M > 1 ? 0.54 - 0.46 * cos(2 * pi * k / (M - 1)) : 1;
        h[k] = fmax(0, sinc * w);
        sum += h[k];
    }
    for (int k = 0; k < M; k++)
        h[k] /= sum;
}

size_t snn_bsa_encode(double *s, size_t T, const double *h, int M, const snn_bsa_opts *o, size_t *spikes)
{
    memset(s + T, 0, sizeof(double) * (size_t)M);
    size_t n = 0;
    for (size_t t = 0; t < T; t++) {
        double e1 = 0, e2 = 0; /* error if we fire here, if we do not */
        for (int k = 0; k < M; k++) {
            e1 += fabs(s[t + k] - h[k]);
            e2 += fabs(s[t + k]);
        }
        if (o->ratio ? e1 <= o->threshold * e2 : e1 <= e2 - o->threshold) {
            spikes[n++] = t;
            for (int k = 0; k < M; k++)
                s[t + k] -= h[k];
        }
    }
    return n;
}
