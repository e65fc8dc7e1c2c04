/*
 * test_plast.c: the closed-form weight integral against a brute-force per-step
 * sum.  Eligibility: alpha kernel (e, c) with tau_e = 0.4 s; modulator: an alpha
 * kernel (tau 0.1 s) plus a baseline, with jumps at random steps.  The lazy
 * result, taken over random intervals, must equal the per-step sum to 1e-9
 * relative (double precision, the rounding of ~1e5 additions).
 */
#include "check.h"
#include "snn.h"

#include <gsl/gsl_rng.h>

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
    for (int64_t n = 0; n < N; n++) {
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
