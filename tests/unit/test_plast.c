/*
 * test_plast.c: the closed-form weight integral against a brute-force per-step
 * sum.  Eligibility: alpha kernel (e, c) with tau_e = 0.4 s; modulator: an alpha
 * kernel (tau 0.1 s) plus a baseline, with jumps at random steps.  The lazy
 * result, taken over random intervals, must equal the per-step sum to 1e-9
 * relative (double precision, the rounding of ~1e5 additions).  A second
 * synapse is synced the way generated code does it, through the running
 * integral (snn_lzg), with gaps of up to 3 s so that some reach back one epoch
 * and some beyond the tabulated two (the history path).
 */
#include "check.h"
#include "snn.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* the specialised sync of generated code, on this test's sizes */
#define SNN_LZ_NX 2
#define SNN_LZ_NY 3
#define SNN_LZ_ID t
#include "lazy_tmpl.h"

int main(void)
{
    const double dt = 1e-4, te = 0.4, tr = 0.1;
    /* x = (e, c): de/dt = -e/te, dc/dt = (e - c)/te */
    double As[4] = {-1 / te, 0, 1 / te, -1 / te}, bs[2] = {0, 0}, Ps[4], qs[2];
    /* y = (h, r, 1): dh/dt = -h/tr, dr/dt = (h - r)/tr; output r - 0.3 */
    double Am[9] = {-1 / tr, 0, 0, 1 / tr, -1 / tr, 0, 0, 0, 0}, bm[3] = {0, 0, 0}, Pm[9], qm[3];
    snn_propagator(2, As, bs, dt, Ps, qs);
    snn_propagator(3, Am, bm, dt, Pm, qm);
    const double eta = 2.5;
    /* dw/dt = eta * c * (r - 0.3): G couples c with r and with the constant */
    double G[6] = {0, 0, 0, 0, eta, -0.3 * eta};
    snn_lazy L;
    CHECK("lazy-init", snn_lazy_init(&L, 2, Ps, 3, Pm, G, dt) == 0, "init failed");
    double y0[3] = {0, 0, 1};
    snn_mod m;
    snn_mod_init(&m, 3, Pm, y0);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 5);
    const int64_t N = 200000;
    /* the modulator's whole trajectory, and its jumps */
    double *traj = malloc(sizeof(double) * 3 * (size_t)N);
    double y[3] = {0, 0, 1};
    for (int64_t n = 0; n < N; n++) {
        if (n) {
            double t[3];
            for (int i = 0; i < 3; i++)
                t[i] = Pm[i * 3] * y[0] + Pm[i * 3 + 1] * y[1] + Pm[i * 3 + 2] * y[2];
            memcpy(y, t, sizeof t);
            memcpy(m.y, t, sizeof t);
        }
        if (gsl_rng_uniform(g) < 0.002) {
            y[0] += 1.0;
            m.y[0] = y[0];
            snn_mod_log(&m, n);
        }
        memcpy(traj + 3 * n, y, sizeof y);
    }
    /* one synapse: jumps of e at random steps; lazily synced at them, and by brute force */
    double xl[2] = {0, 0}, xb[2] = {0, 0}, wl = 0, wb = 0, ys[3];
    uint64_t ev = UINT64_MAX; /* kept between updates, as generated code does */
    int64_t last = 0;
    double worst = 0;
    snn_lzg lg;
    CHECK("lzg-init", snn_lzg_init(&lg, &L) == 0, "init failed");
    CHECK("lzg-epoch", lg.len > 1000 && lg.len < 40000, "epoch of %lld steps for tau_e = 0.4 s", (long long)lg.len);
    double xg[2] = {0, 0}, xg_b[2] = {0, 0}, wg = 0, wg_b = 0, worst_g = 0;
    int64_t last_g = 0, next_g = 1;
    int kinds[3] = {0, 0, 0}; /* syncs within an epoch, across one boundary, beyond the tables */
    for (int64_t n = 0; n < N; n++) {
        if (n == next_g || n == N - 1) {
            const int64_t back = lg.start - last_g;
            kinds[last_g >= lg.start ? 0 : back <= lg.len ? 1 : 2]++;
            wg += lz_sync_t(&L, &lg, &m, xg, last_g, n);
            last_g = n;
            worst_g = fmax(worst_g, fabs(wg - wg_b) / fmax(fabs(wg_b), 1e-12));
            double jump = gsl_rng_uniform(g) - 0.45;
            xg[0] += jump;
            xg_b[0] += jump;
            /* mostly short gaps, some of 0.5 to 3 s */
            next_g = n + 1 + (gsl_rng_uniform(g) < 0.05 ? 5000 + (int64_t)(25000 * gsl_rng_uniform(g))
                                                        : (int64_t)gsl_ran_exponential(g, 200));
        }
        const double *yg = traj + 3 * n;
        wg_b += dt * xg_b[1] * eta * (yg[1] - 0.3 * yg[2]);
        double eg = Ps[0] * xg_b[0] + Ps[1] * xg_b[1], cg = Ps[2] * xg_b[0] + Ps[3] * xg_b[1];
        xg_b[0] = eg;
        xg_b[1] = cg;
        snn_lzg_step(&lg, &L, yg);
        bool event = gsl_rng_uniform(g) < 0.001 || n == N - 1;
        if (event) {
            wl += snn_lazy_sync(&L, &m, xl, ys, &ev, last, n);
            last = n;
            double rel = fabs(wl - wb) / fmax(fabs(wb), 1e-12);
            if (rel > worst)
                worst = rel;
            double jump = gsl_rng_uniform(g) - 0.45;
            xl[0] += jump;
            xb[0] += jump;
        }
        /* brute force: increment with the states at the start of the step, then propagate */
        const double *yn = traj + 3 * n;
        wb += dt * xb[1] * eta * (yn[1] - 0.3 * yn[2]);
        double e = Ps[0] * xb[0] + Ps[1] * xb[1], c = Ps[2] * xb[0] + Ps[3] * xb[1];
        xb[0] = e;
        xb[1] = c;
    }
    CHECK("lazy-equals-per-step", worst < 1e-9, "worst relative difference %.3g (w lazy %.12g, brute %.12g)", worst, wl,
          wb);
    CHECK("lazy-moves-weight", fabs(wb) > 1e-3, "the test drives too little change: %g", wb);
    CHECK("lzg-equals-per-step", worst_g < 1e-9, "worst relative difference %.3g (w %.12g, brute %.12g)", worst_g, wg,
          wg_b);
    CHECK("lzg-all-paths", kinds[0] > 50 && kinds[1] >= 3 && kinds[2] >= 3, "syncs in one epoch %d, across %d, beyond %d",
          kinds[0], kinds[1], kinds[2]);
    CHECK("lzg-moves-weight", fabs(wg_b) > 1e-3, "the test drives too little change: %g", wg_b);
    snn_lzg_free(&lg);
    /* no modulator: dw/dt = c; the integral of an alpha kernel of area te is te per unit jump */
    double G1[2] = {0, 1}, one[1] = {1}, xa[2] = {1, 0};
    snn_lazy L1;
    snn_lazy_init(&L1, 2, Ps, 1, one, G1, dt);
    double area = snn_lazy_sync(&L1, NULL, xa, NULL, NULL, 0, (int64_t)(40 / dt));
    CHECK("lazy-alpha-area", fabs(area - te) < 1e-4 * te, "area %.9g, expected %g (Euler sum of the exact kernel)", area, te);
    snn_lazy_free(&L);
    snn_lazy_free(&L1);
    snn_mod_free(&m);
    gsl_rng_free(g);
    free(traj);
    /* trace decay from the two-level table: exact below SNN_DECAY_TABLE steps,
       within a few ulp of exp() up to the coarse table's end, exp() beyond */
    {
        static double tab[SNN_DECAY_TABLE + SNN_DECAY_COARSE];
        const double k = dt / 0.02;
        for (int d = 0; d < SNN_DECAY_TABLE; d++)
            tab[d] = exp(-(double)d * k);
        for (int d = 0; d < SNN_DECAY_COARSE; d++)
            tab[SNN_DECAY_TABLE + d] = exp(-(double)d * SNN_DECAY_TABLE * k);
        const double k2 = dt / 30.0; /* a slow trace, where long intervals still matter */
        double worst = 0;
        bool exact = true;
        static double tab2[SNN_DECAY_TABLE + SNN_DECAY_COARSE];
        for (int d = 0; d < SNN_DECAY_TABLE; d++)
            tab2[d] = exp(-(double)d * k2);
        for (int d = 0; d < SNN_DECAY_COARSE; d++)
            tab2[SNN_DECAY_TABLE + d] = exp(-(double)d * SNN_DECAY_TABLE * k2);
        for (int64_t d = 0; d < (int64_t)SNN_DECAY_TABLE * SNN_DECAY_COARSE + 5000; d += (d < 5000 ? 1 : 997)) {
            exact &= d >= SNN_DECAY_TABLE || snn_decay(tab, k, d) == exp(-(double)d * k);
            double want = exp(-(double)d * k2);
            worst = fmax(worst, fabs(snn_decay(tab2, k2, d) - want) / want);
        }
        CHECK("decay-table-exact-short", exact, "a short interval differs from exp()");
        CHECK("decay-table-long", worst < 1e-15, "worst relative error %.3g", worst);
    }
    return check_done();
}
