/*
 * cochlea.c: Lyon's passive ear.  A cascade of second-order sections, each a
 * pole pair at a channel's centre frequency and a zero pair a little above
 * it, tapped after every section; the taps are half-wave rectified, pass an
 * automatic gain control coupled across neighbouring channels, are
 * differenced (adjacent low-pass taps make a band-pass), low-pass filtered and
 * decimated.  Constants: ear break frequency 1 kHz, zero offset 1.5
 * bandwidths, zero sharpness 5, pre-emphasis corner 300 Hz.
 */
#include "audio.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { FRONT = 2 }; /* pre-emphasis and the resonance at the top */
static const double PI = 3.14159265358979323846;
static const double EB = 1000, ZERO_OFFSET = 1.5, SHARPNESS = 5, PREEMPH = 300;

void snn_lyon_defaults(snn_lyon_opts *o, double fs)
{
    o->fs = fs;
    o->ear_q = 8;
    o->step = 8.0 / 32;
    o->df = 64;
    o->agc = o->differ = true;
    o->tau_factor = 3;
}

static double bandwidth(double f, double ear_q) { return sqrt(f * f + EB * EB) / ear_q; }

/* [1, -2 rho cos(theta), rho^2] for a pair of roots at frequency f with quality q */
static void pair(double f, double q, double fs, double p[3])
{
    const double rho = exp(-PI * f / (fs * q)), theta = 2 * PI * f / fs * sqrt(1 - 1 / (4 * q * q));
    p[0] = 1;
    p[1] = -2 * rho * cos(theta);
    p[2] = rho * rho;
}

/* |H| at fs/4 (z = i) of a section */
static double gain_quarter(const double s[5])
{
    /* z^-1 = -i, z^-2 = -1 */
    const double nr = s[0] - s[2], ni = -s[1], dr = 1 - s[4], di = -s[3];
    return sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
}

int snn_lyon_design(snn_lyon *L, const snn_lyon_opts *o)
{
    memset(L, 0, sizeof *L);
    if (!(o->fs > 0) || !(o->ear_q > 0.5) || !(o->step > 0) || o->df < 1 || !(o->tau_factor > 0))
        return -1;
    L->o = *o;
    const double fs = o->fs, q = o->ear_q, h = fs / 2;
    const double topf = h - bandwidth(h, q) * o->step * ZERO_OFFSET + bandwidth(h, q) * o->step;
    const double lowf = EB / sqrt(4 * q * q - 1);
    if (!(topf > lowf))
        return -1;
    const double K = topf + sqrt(topf * topf + EB * EB);
    const int n = (int)floor(q * (log(K) - log(lowf + sqrt(lowf * lowf + EB * EB))) / o->step);
    if (n < 2)
        return -1;
    L->n = n;
    L->nsec = n + FRONT;
    L->cf = malloc(sizeof(double) * (size_t)n);
    L->sos = malloc(sizeof *L->sos * (size_t)L->nsec);
    if (!L->cf || !L->sos) {
        snn_lyon_free(L);
        return -1;
    }
    /* centre frequencies step bandwidths apart, from just below topf down */
    for (int k = 0; k < n; k++) {
        const double e = exp((k + 1) * o->step / q);
        L->cf[k] = (K / e - EB * EB * e / K) / 2;
    }
    /* the cascade: zeros above each pole pair; DC gains telescope (cf[k-1] / cf[k]) */
    for (int k = 0; k < n; k++) {
        const double cf = L->cf[k], bw = bandwidth(cf, q), fz = cf + bw * o->step * ZERO_OFFSET;
        double num[3], den[3];
        pair(fz, SHARPNESS * fz / bw, fs, num);
        pair(cf, cf / bw, fs, den);
        const double ratio = k ? L->cf[k - 1] / cf : L->cf[0] / L->cf[1];
        const double g = ratio * (den[0] + den[1] + den[2]) / (num[0] + num[1] + num[2]);
        double *s = L->sos[FRONT + k];
        s[0] = g * num[0];
        s[1] = g * num[1];
        s[2] = g * num[2];
        s[3] = den[1];
        s[4] = den[2];
    }
    /* front: a one-zero pre-emphasis (one sample of delay), then a resonance at
     * topf with the first stage's pole quality and zeros at DC and Nyquist;
     * both with gain 1 at fs/4 */
    double *pre = L->sos[0], *res = L->sos[1], den[3];
    pre[0] = 0;
    pre[1] = 1;
    pre[2] = -exp(-2 * PI * PREEMPH / fs);
    pre[3] = pre[4] = 0;
    pair(topf, L->cf[0] / bandwidth(L->cf[0], q), fs, den);
    res[0] = 1;
    res[1] = 0;
    res[2] = -1;
    res[3] = den[1];
    res[4] = den[2];
    for (int f = 0; f < FRONT; f++) {
        const double g = gain_quarter(L->sos[f]);
        for (int i = 0; i < 3; i++)
            L->sos[f][i] /= g;
    }
    return 0;
}

void snn_lyon_free(snn_lyon *L)
{
    free(L->cf);
    free(L->sos);
    memset(L, 0, sizeof *L);
}

/* Four gain-control stages in series, fast ones last; each channel's gain is
 * pulled down by its own output and (spatially) by its neighbours' states. */
static const double AGC_TARGET[4] = {0.0032, 0.0016, 0.0008, 0.0004}, AGC_TAU[4] = {0.64, 0.16, 0.04, 0.01};

static void agc(double *y, double *state, double *prev, int c, const double eps[4])
{
    for (int st = 0; st < 4; st++) {
        double *s = state + (size_t)st * c;
        memcpy(prev, s, sizeof(double) * (size_t)c);
        const double e = eps[st];
        for (int i = 0; i < c; i++) {
            const double out = fabs(y[i] * (1 - s[i]));
            const double left = prev[i > 0 ? i - 1 : 0], right = prev[i < c - 1 ? i + 1 : c - 1];
            s[i] = fmin(0.9, out * e / AGC_TARGET[st] + (1 - e) / 3 * (left + prev[i] + right));
            y[i] = out;
        }
    }
}

int snn_lyon_run(const snn_lyon *L, const double *x, size_t len, double **out, size_t *frames)
{
    const int c = L->nsec, n = L->n, df = L->o.df;
    const size_t nf = len / (size_t)df;
    double *res = malloc(sizeof(double) * (nf ? nf : 1) * (size_t)n);
    double *work = calloc((size_t)c * 11, sizeof(double)); /* taps, 2 filter states, 4 AGC, prev, 2 decim, spare */
    if (!res || !work) {
        free(res);
        free(work);
        return -1;
    }
    double *y = work, *s1 = y + c, *s2 = s1 + c, *ag = s2 + c, *prev = ag + 4 * c, *d1 = prev + c, *d2 = d1 + c;
    const double fs = L->o.fs;
    double eps[4];
    for (int st = 0; st < 4; st++)
        eps[st] = 1 - exp(-1 / (AGC_TAU[st] * fs));
    const double ed = 1 - exp(-1 / (L->o.tau_factor * df)); /* tau_d = tau_factor df / fs, per sample */
    size_t f = 0;
    for (size_t t = 0; t < len; t++) {
        /* the cascade, transposed direct form II; every section's output is a tap */
        double in = x[t];
        for (int k = 0; k < c; k++) {
            const double *a = L->sos[k];
            const double o = a[0] * in + s1[k];
            s1[k] = a[1] * in - a[3] * o + s2[k];
            s2[k] = a[2] * in - a[4] * o;
            y[k] = o;
            in = o;
        }
        for (int k = 0; k < c; k++)
            y[k] = k < FRONT ? 0 : fmax(y[k], 0);
        if (L->o.agc)
            agc(y, ag, prev, c, eps);
        if (L->o.differ) /* from the top down, so that y[k - 1] is still this sample's tap */
            for (int k = c - 1; k >= 1; k--)
                y[k] = fmax(0, y[k - 1] - y[k]);
        for (int k = 0; k < c; k++) { /* two one-pole low-passes before decimation */
            d1[k] += ed * (y[k] - d1[k]);
            d2[k] += ed * (d1[k] - d2[k]);
        }
        if ((t + 1) % (size_t)df == 0 && f < nf) {
            memcpy(res + f * (size_t)n, d2 + FRONT, sizeof(double) * (size_t)n);
            f++;
        }
    }
    free(work);
    *out = res;
    *frames = nf;
    return 0;
}
