/*
 * test_cochlea.c: Lyon's passive ear.  The channel count and centre
 * frequencies against the design formulas (earQ 8, step 0.25: 64 channels at
 * 8 kHz spanning 79-3811 Hz, 78 at 12.5 kHz, 86 at 16 kHz); the front sections'
 * unit gain at fs/4; the DC gains of the cascade telescoping; a pure tone
 * exciting the channel tuned to it, smoothly from frame to frame; one frame
 * per df samples.
 */
#include "audio.h"
#include "check.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>

static const double PI = 3.14159265358979323846;

/* the count and the k-th centre frequency computed here independently */
static int want_n(double fs, double q, double step)
{
    const double eb = 1000, h = fs / 2, bw = sqrt(h * h + eb * eb) / q;
    const double top = h - bw * step * 1.5 + bw * step, low = eb / sqrt(4 * q * q - 1);
    return (int)floor(q * (asinh(top / eb) - asinh(low / eb)) / step);
}

static double want_cf(double fs, double q, double step, int k)
{
    const double eb = 1000, h = fs / 2, bw = sqrt(h * h + eb * eb) / q;
    const double top = h - bw * step * 1.5 + bw * step;
    return eb * sinh(asinh(top / eb) - (k + 1) * step / q); /* k steps of one bandwidth below top */
}

static double complex response(const double *s, double f, double fs)
{
    const double complex z1 = cexp(-I * 2 * PI * f / fs);
    return (s[0] + s[1] * z1 + s[2] * z1 * z1) / (1 + s[3] * z1 + s[4] * z1 * z1);
}

int main(void)
{
    const double rates[] = {8000, 10000, 12500, 16000, 20000};
    const int counts[] = {64, 71, 78, 86, 93}; /* the reference notes' table */
    for (int i = 0; i < 5; i++) {
        snn_lyon_opts o;
        snn_lyon_defaults(&o, rates[i]);
        snn_lyon L;
        char name[64];
        snprintf(name, sizeof name, "lyon-channels-%g-Hz", rates[i]);
        int ok = snn_lyon_design(&L, &o) == 0;
        CHECK(name, ok && L.n == counts[i] && L.n == want_n(rates[i], 8, 0.25), "%d channels, want %d", ok ? L.n : -1,
              counts[i]);
        if (!ok)
            continue;
        double worst = 0;
        for (int k = 0; k < L.n; k++)
            worst = fmax(worst, fabs(L.cf[k] - want_cf(rates[i], 8, 0.25, k)) / want_cf(rates[i], 8, 0.25, k));
        snprintf(name, sizeof name, "lyon-centre-frequencies-%g-Hz", rates[i]);
        CHECK(name, worst < 1e-12, "worst relative difference %.3g", worst);
        if (rates[i] == 8000)
            CHECK("lyon-range-8-kHz", fabs(L.cf[L.n - 1] - 79) < 1 && fabs(L.cf[0] - 3811) < 1, "%.1f - %.1f Hz",
                  L.cf[L.n - 1], L.cf[0]);
        double g0 = cabs(response(L.sos[0], rates[i] / 4, rates[i])), g1 = cabs(response(L.sos[1], rates[i] / 4, rates[i]));
        snprintf(name, sizeof name, "lyon-front-gain-%g-Hz", rates[i]);
        CHECK(name, fabs(g0 - 1) < 1e-12 && fabs(g1 - 1) < 1e-12, "gains %.15g, %.15g at fs/4", g0, g1);
        /* the DC gain of stages 1..k is cf[0] / cf[1] * cf[0] / cf[k] ... : stage k's own is cf[k-1] / cf[k] */
        double worst_dc = 0;
        for (int k = 1; k < L.n; k++)
            worst_dc = fmax(worst_dc, fabs(creal(response(L.sos[2 + k], 0, rates[i])) - L.cf[k - 1] / L.cf[k]));
        snprintf(name, sizeof name, "lyon-dc-gains-%g-Hz", rates[i]);
        CHECK(name, worst_dc < 1e-9, "worst difference %.3g", worst_dc);
        snn_lyon_free(&L);
    }
    /* a 1033 Hz tone at 16 kHz, 0.3 s: the most active channel is the one tuned near 1 kHz */
    snn_lyon_opts o;
    snn_lyon_defaults(&o, 16000);
    snn_lyon L;
    snn_lyon_design(&L, &o);
    const size_t len = 4800 + 37; /* not a multiple of df: the tail is not a frame */
    double *x = malloc(sizeof(double) * len), *out;
    for (size_t t = 0; t < len; t++)
        x[t] = 0.1 * sin(2 * PI * 1033 * (double)t / 16000); /* not a multiple of the frame rate */
    size_t frames;
    CHECK("lyon-run", snn_lyon_run(&L, x, len, &out, &frames) == 0, "out of memory");
    CHECK("lyon-frames", frames == len / 64, "%zu frames of %zu samples, df 64", frames, len);
    int best = 0;
    double sum_best = -1;
    bool nonneg = true;
    for (int k = 0; k < L.n; k++) {
        double sum = 0;
        for (size_t f = frames / 2; f < frames; f++) {
            sum += out[f * (size_t)L.n + k];
            nonneg &= out[f * (size_t)L.n + k] >= 0;
        }
        if (sum > sum_best) {
            sum_best = sum;
            best = k;
        }
    }
    CHECK("lyon-nonnegative", nonneg, "a negative value in the cochleagram");
    /* the decimation low-pass (two poles at 3 frames) makes a steady tone's
     * channel change little from frame to frame */
    double jump = 0, level = 0;
    for (size_t f = frames / 2; f + 1 < frames; f++) {
        jump = fmax(jump, fabs(out[(f + 1) * (size_t)L.n + best] - out[f * (size_t)L.n + best]));
        level += out[f * (size_t)L.n + best] / (double)(frames - frames / 2);
    }
    CHECK("lyon-smooth", jump < 0.1 * level, "frame-to-frame change %.3g at mean level %.3g", jump, level);
    CHECK("lyon-tone-place", L.cf[best] > 700 && L.cf[best] < 1400, "a 1 kHz tone peaks in the channel at %.0f Hz",
          L.cf[best]);
    free(out);
    free(x);
    snn_lyon_free(&L);
    return check_done();
}
