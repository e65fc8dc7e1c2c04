/*
 * test_bsa.c: BSA spike encoding on known signals.  The filter is
 * non-negative with sum 1; a signal that is the filter placed at a few frames
 * is encoded as one spike per kernel, within a frame of it; a constant level L
 * gives L spikes per frame and decodes back to L; a burst in the last frames
 * of a signal is still encoded (no frames dropped at the end).
 */
#include "audio.h"
#include "check.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    snn_bsa_opts o;
    snn_bsa_defaults(&o);
    const int M = o.taps;
    double h[64];
    snn_bsa_filter(&o, h);
    double sum = 0, lo = 1;
    for (int k = 0; k < M; k++) {
        sum += h[k];
        lo = fmin(lo, h[k]);
    }
    CHECK("bsa-filter", fabs(sum - 1) < 1e-12 && lo >= 0, "sum %.15g, smallest tap %g", sum, lo);

    /* h placed at frames 10, 80 and 150: three spikes, each within a frame of
     * its kernel (greedy BSA fires as soon as firing pays), and a residual
     * much smaller than the signal */
    enum { T = 200 };
    double s[T + 64] = {0}, orig[T + 64];
    const size_t at[3] = {10, 80, 150};
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < M; k++)
            s[at[i] + (size_t)k] += h[k];
    memcpy(orig, s, sizeof s);
    size_t sp[T];
    size_t n = snn_bsa_encode(s, T, h, M, &o, sp);
    bool near = n == 3;
    for (size_t i = 0; near && i < 3; i++)
        near = sp[i] + 1 >= at[i] && sp[i] <= at[i] + 1;
    CHECK("bsa-known-kernels", near, "%zu spikes, at %zu %zu %zu", n, n > 0 ? sp[0] : 0, n > 1 ? sp[1] : 0,
          n > 2 ? sp[2] : 0);
    double resid = 0, total = 0;
    for (int t = 0; t < T; t++) {
        resid += fabs(s[t]);
        total += fabs(orig[t]);
    }
    CHECK("bsa-known-residual", resid < 0.25 * total, "residual %.3g of %.3g", resid, total);

    /* constant levels 0.25 and 0.8 over 400 frames: L spikes per frame, and the
     * decoded signal (spikes convolved with h) is L away from the edges */
    enum { T2 = 400 };
    const double levels[2] = {0.25, 0.8};
    for (int l = 0; l < 2; l++) {
        double *c = calloc(T2 + 64, sizeof(double)), *dec = calloc(T2 + 64, sizeof(double));
        for (int t = 0; t < T2; t++)
            c[t] = levels[l];
        size_t sp2[T2];
        n = snn_bsa_encode(c, T2, h, M, &o, sp2);
        char name[64];
        snprintf(name, sizeof name, "bsa-constant-rate-%g", levels[l]);
        CHECK(name, fabs((double)n - levels[l] * T2) < 0.05 * levels[l] * T2, "%zu spikes for level %g over 400 frames", n,
              levels[l]);
        for (size_t i = 0; i < n; i++)
            for (int k = 0; k < M; k++)
                dec[sp2[i] + (size_t)k] += h[k];
        double mean = 0;
        for (int t = 100; t < 300; t++)
            mean += dec[t] / 200;
        snprintf(name, sizeof name, "bsa-constant-decodes-%g", levels[l]);
        CHECK(name, fabs(mean - levels[l]) < 0.03 * levels[l], "decoded mean %g, level %g", mean, levels[l]);
        free(c);
        free(dec);
    }

    /* a loud ending (the last 40 frames at the peak level): spikes also within
     * the last M frames, which an encoder stopping at T - M never visits */
    double b[T + 64] = {0};
    for (int t = T - 40; t < T; t++)
        b[t] = 1;
    n = snn_bsa_encode(b, T, h, M, &o, sp);
    CHECK("bsa-end-not-dropped", n > 0 && sp[n - 1] >= T - (size_t)M, "%zu spikes, last at frame %zu of %d (M = %d)", n,
          n ? sp[n - 1] : 0, T, M);

    /* silence: nothing */
    double z[T + 64] = {0};
    CHECK("bsa-silence", snn_bsa_encode(z, T, h, M, &o, sp) == 0, "spikes from silence");
    return check_done();
}
