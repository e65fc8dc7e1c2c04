/*
 * test_rng.c - unit tests for runtime/rng.{h,c}.
 *
 * Known answers pin the generator and our key/counter layout to Random123's
 * published vectors; the statistical checks use fixed seeds, so they are
 * deterministic, and 5-sigma bounds, so a correct generator never trips them.
 */
#include "rng.h"
#include "check.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

/* Random123 known-answer vectors for philox4x32, 10 rounds. */
static const struct {
    uint32_t ctr[4], key[2], out[4];
} kat[] = {
    {{0, 0, 0, 0}, {0, 0},
     {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};
#define NKAT (sizeof kat / sizeof kat[0])

static void test_known_answers(void)
{
    for (unsigned i = 0; i < NKAT; i++) {
        char name[64];
        philox4x32_ctr_t c = {{kat[i].ctr[0], kat[i].ctr[1], kat[i].ctr[2], kat[i].ctr[3]}};
        philox4x32_key_t k = {{kat[i].key[0], kat[i].key[1]}};
        philox4x32_ctr_t r = philox4x32_R(10, c, k);
        snprintf(name, sizeof name, "kat_library_%u", i);
        CHECK(name, memcmp(r.v, kat[i].out, sizeof r.v) == 0,
              "got %08x %08x %08x %08x", r.v[0], r.v[1], r.v[2], r.v[3]);

        /* The same vector through our layout: purpose, entity = ctr[0..1],
           block = ctr[2] | ctr[3] << 32, seed = key[0] | key[1] << 32. */
        uint32_t out[4];
        snn_philox((uint64_t)kat[i].key[1] << 32 | kat[i].key[0],
                   kat[i].ctr[0], kat[i].ctr[1],
                   (uint64_t)kat[i].ctr[3] << 32 | kat[i].ctr[2], out);
        snprintf(name, sizeof name, "kat_snn_philox_%u", i);
        CHECK(name, memcmp(out, kat[i].out, sizeof out) == 0,
              "got %08x %08x %08x %08x", out[0], out[1], out[2], out[3]);
    }
}

static void test_gsl_type(void)
{
    gsl_rng *r = snn_rng_alloc(354093825, 7, 11);
    CHECK("gsl_alloc", r != NULL, "snn_rng_alloc returned NULL");
    if (!r)
        return;
    CHECK("gsl_name", strcmp(gsl_rng_name(r), "snn_philox") == 0, "name %s", gsl_rng_name(r));
    CHECK("gsl_range", gsl_rng_min(r) == 0 && gsl_rng_max(r) == 0xffffffffUL,
          "min %lu max %lu", gsl_rng_min(r), gsl_rng_max(r));

    /* The wrapped stream is the hot-loop blocks, word by word. */
    int same = 1;
    for (uint64_t b = 0; b < 5; b++) {
        uint32_t w[4];
        snn_philox(354093825, 7, 11, b, w);
        for (int i = 0; i < 4; i++)
            same &= gsl_rng_get(r) == w[i];
    }
    CHECK("gsl_matches_blocks", same, "gsl stream differs from snn_philox blocks");

    /* gsl_rng_set(r, s) is the stream (s, 0, 0). */
    gsl_rng_set(r, 42);
    uint32_t w[4];
    snn_philox(42, 0, 0, 0, w);
    CHECK("gsl_set_seed", gsl_rng_get(r) == w[0], "gsl_rng_set does not select (s,0,0)");

    /* A clone continues exactly where the original is. */
    gsl_rng_get(r);
    gsl_rng *c = gsl_rng_clone(r);
    int eq = 1;
    for (int i = 0; i < 10; i++)
        eq &= gsl_rng_get(r) == gsl_rng_get(c);
    CHECK("gsl_clone", eq, "clone diverged");
    gsl_rng_free(c);
    snn_rng_free(r);
}

static void test_reproducible(void)
{
    enum { N = 1000 };
    static unsigned long a[N];
    gsl_rng *r1 = snn_rng_alloc(0x123456789abcdefULL, 3, 99);
    gsl_rng *r2 = snn_rng_alloc(0x123456789abcdefULL, 3, 99);
    int same = 1;
    for (int i = 0; i < N; i++) {
        a[i] = gsl_rng_get(r1);
        same &= a[i] == gsl_rng_get(r2);
    }
    CHECK("same_key_same_sequence", same, "two generators with one key differ");

    /* Re-key r2 elsewhere, draw, then back: the sequence restarts. */
    snn_rng_reset(r2, 5, 5, 5);
    gsl_rng_get(r2);
    snn_rng_reset(r2, 0x123456789abcdefULL, 3, 99);
    same = 1;
    for (int i = 0; i < N; i++)
        same &= a[i] == gsl_rng_get(r2);
    CHECK("reset_restarts_sequence", same, "sequence after snn_rng_reset differs");

    /* Distributions through the wrapper are reproducible too. */
    snn_rng_reset(r1, 1, 2, 3);
    snn_rng_reset(r2, 1, 2, 3);
    same = 1;
    for (int i = 0; i < 100; i++)
        same &= gsl_ran_gamma(r1, 2.5, 1.0) == gsl_ran_gamma(r2, 2.5, 1.0);
    CHECK("gamma_reproducible", same, "gsl_ran_gamma differs for one key");
    snn_rng_free(r1);
    snn_rng_free(r2);
}

static double correlation(gsl_rng *x, gsl_rng *y, int n)
{
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        double a = gsl_rng_uniform(x), b = gsl_rng_uniform(y);
        sx += a; sy += b; sxx += a * a; syy += b * b; sxy += a * b;
    }
    double cov = sxy / n - (sx / n) * (sy / n);
    double vx = sxx / n - (sx / n) * (sx / n), vy = syy / n - (sy / n) * (sy / n);
    return cov / sqrt(vx * vy);
}

static void test_independence(void)
{
    /* Neighbouring keys are the dangerous case: they differ in one bit. */
    static const struct { const char *name; uint64_t seed; uint32_t p, e; } other[] = {
        {"indep_purpose", 1, 1, 0}, {"indep_entity", 1, 0, 1},
        {"indep_seed", 2, 0, 0},    {"indep_seed_high", 1ULL | 1ULL << 32, 0, 0},
    };
    enum { N = 100000 };
    gsl_rng *base = snn_rng_alloc(1, 0, 0), *r = snn_rng_alloc(0, 0, 0);
    for (unsigned i = 0; i < sizeof other / sizeof other[0]; i++) {
        snn_rng_reset(base, 1, 0, 0);
        snn_rng_reset(r, other[i].seed, other[i].p, other[i].e);
        double c = correlation(base, r, N);
        CHECK(other[i].name, fabs(c) < 0.02, "correlation %g", c);
    }
    /* Within a stream: a word against the one four later (next block). */
    snn_rng_reset(base, 9, 9, 9);
    snn_rng_reset(r, 9, 9, 9);
    for (int i = 0; i < 4; i++)
        gsl_rng_get(r);
    double c = correlation(base, r, N);
    CHECK("indep_next_block", fabs(c) < 0.02, "lag-4 correlation %g", c);
    snn_rng_free(base);
    snn_rng_free(r);
}

static void test_moments(void)
{
    enum { N = 1000000 };
    gsl_rng *r = snn_rng_alloc(2008, 1, 0);
    double s = 0, ss = 0, lo = 1, hi = 0;
    for (int i = 0; i < N; i++) {
        double u = gsl_rng_uniform(r);
        s += u; ss += u * u;
        if (u < lo) lo = u;
        if (u > hi) hi = u;
    }
    double mean = s / N, var = ss / N - mean * mean;
    /* sd of the mean: sqrt(1/12 / N); of the variance: sqrt((1/80 - 1/144) / N) */
    CHECK("uniform_mean", fabs(mean - 0.5) < 5 * sqrt(1.0 / 12 / N), "mean %.6f", mean);
    CHECK("uniform_var", fabs(var - 1.0 / 12) < 5 * sqrt((1.0 / 80 - 1.0 / 144) / N),
          "var %.6f", var);
    CHECK("uniform_open", lo > 0 && hi < 1, "range [%g, %g]", lo, hi);

    snn_rng_reset(r, 2008, 2, 0);
    s = ss = 0;
    for (int i = 0; i < N; i++) {
        double z = gsl_ran_gaussian(r, 1.0);
        s += z; ss += z * z;
    }
    mean = s / N;
    double sd = sqrt(ss / N - mean * mean);
    /* sd of the sample sd of a normal: 1 / sqrt(2N) */
    CHECK("gaussian_mean", fabs(mean) < 5 / sqrt(N), "mean %.6f", mean);
    CHECK("gaussian_sd", fabs(sd - 1) < 5 / sqrt(2.0 * N), "sd %.6f", sd);
    snn_rng_free(r);
}

static void test_inline_helpers(void)
{
    CHECK("u01_extremes", snn_u01(0) > 0 && snn_u01(0xffffffffu) < 1,
          "u01(0)=%g u01(max)=%.17g", snn_u01(0), snn_u01(0xffffffffu));
    float f0 = snn_u01f(0), f1 = snn_u01f(0xffffffffu);
    CHECK("u01f_extremes", f0 > 0.0f && f1 < 1.0f, "u01f(0)=%g u01f(max)=%.9g", f0, f1);
    CHECK("u01f_symmetric", f0 == 1.0f - f1, "%g vs 1 - %.9g", f0, f1);

    /* Hot-loop normals: one block per step gives two pairs. */
    enum { N = 250000 };
    double s = 0, ss = 0;
    int finite = 1;
    for (uint64_t k = 0; k < N; k++) {
        uint32_t w[4];
        float z[4];
        snn_philox(77, 4, 1, k, w);
        snn_normal2f(w[0], w[1], &z[0], &z[1]);
        snn_normal2f(w[2], w[3], &z[2], &z[3]);
        for (int i = 0; i < 4; i++) {
            s += z[i]; ss += z[i] * z[i];
            finite &= isfinite(z[i]);
        }
    }
    double n = 4.0 * N, mean = s / n, sd = sqrt(ss / n - mean * mean);
    CHECK("normal2_finite", finite, "non-finite normal");
    CHECK("normal2_mean", fabs(mean) < 5 / sqrt(n), "mean %.6f", mean);
    CHECK("normal2_sd", fabs(sd - 1) < 5 / sqrt(2 * n), "sd %.6f", sd);

    float a, b;
    snn_normal2f(0, 0, &a, &b);
    CHECK("normal2_extreme", isfinite(a) && fabsf(a) < 6.8f, "z=%g", a);

    /* float normals (what the update loops draw): moments, the two members of
       a pair uncorrelated, the second one really r sin(t), the tail cut-off */
    {
        double s1 = 0, s2 = 0, s4 = 0, s01 = 0, maxdev = 0;
        int ok = 1;
        for (uint64_t k = 0; k < N; k++) {
            uint32_t w[4];
            float z0, z1;
            snn_philox(78, 4, 1, k, w);
            snn_normal2f(w[0], w[1], &z0, &z1);
            double r = sqrt(-2.0 * log(snn_u01f(w[0]))), t = 6.283185307179586 * snn_u01f(w[1]);
            maxdev = fmax(maxdev, fmax(fabs(z0 - r * cos(t)), fabs(z1 - r * sin(t))));
            ok &= isfinite(z0) && isfinite(z1);
            s1 += z0 + z1;
            s2 += (double)z0 * z0 + (double)z1 * z1;
            s4 += pow(z0, 4) + pow(z1, 4);
            s01 += (double)z0 * z1;
        }
        double m = 2.0 * N, mu = s1 / m, var = s2 / m - mu * mu;
        CHECK("normal2f_finite", ok, "non-finite normal");
        CHECK("normal2f_mean", fabs(mu) < 5 / sqrt(m), "mean %.6f", mu);
        CHECK("normal2f_sd", fabs(sqrt(var) - 1) < 5 / sqrt(2 * m), "sd %.6f", sqrt(var));
        CHECK("normal2f_kurtosis", fabs(s4 / m - 3) < 5 * sqrt(96 / m), "E z^4 = %.4f", s4 / m);
        CHECK("normal2f_pair_uncorrelated", fabs(s01 / N) < 5 / sqrt((double)N), "E z0 z1 = %.6f", s01 / N);
        CHECK("normal2f_is_box_muller", maxdev < 1e-5, "max deviation %.3g", maxdev);
        float fa, fb;
        snn_normal2f(0, 0, &fa, &fb);
        CHECK("normal2f_extreme", isfinite(fa) && fabsf(fa) < 5.8f, "z=%g", fa);
    }

    /* u01f over many draws: mean 1/2 within 5 sigma */
    s = 0;
    for (uint64_t k = 0; k < N; k++) {
        uint32_t w[4];
        snn_philox(78, 0, 0, k, w);
        for (int i = 0; i < 4; i++)
            s += snn_u01f(w[i]);
    }
    CHECK("u01f_mean", fabs(s / n - 0.5) < 5 * sqrt(1.0 / 12 / n), "mean %.6f", s / n);
}

int main(void)
{
    test_known_answers();
    test_gsl_type();
    test_reproducible();
    test_independence();
    test_moments();
    test_inline_helpers();
    return check_done();
}
