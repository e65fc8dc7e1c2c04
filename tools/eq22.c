/*
 * eq22.c: analytic weight-drift prediction of reward-modulated STDP for the
 * spike-timing task of Legenstein, Pecevski & Maass (2008), computer
 * simulation 3 (Fig 8, Table 1).  Standalone; not part of snnc.
 *
 * Build:  cc -std=c11 -O2 -Wall -Wextra -D_POSIX_C_SOURCE=200809L \
 *            tools/eq22.c -lgsl -lgslcblas -lm -o eq22
 * Usage:  eq22 [--exp N] [--rbase HZ] [--tsv] [--dt SEC] [--gap SEC] [--trapezoid]
 *
 * All section numbers refer to /work/shared/reference/legenstein2008.md.
 *
 * What it computes, for each of the 6 parameter sets of Table 1 (§2.3):
 *
 *   1. The reward kernel kappa (§1.3, "Sims 2, 3"), a difference of
 *      exponentials of the timing difference D = t_learner - t_target,
 *      shifted to the left by the offset T_e, with a small dead zone "gap":
 *        kappa(D) = Ap [exp(-x/tau1) - exp(-x/tau2)],  x = D + T_e + gap,
 *                                                     if D >  gap - T_e,
 *        kappa(D) = Am [exp(-y/tau1) - exp(-y/tau2)],  y = -D - T_e - gap,
 *                                                     if D < -gap - T_e,
 *        0 otherwise;  tau2 = 4 ms, Ap = KappaAlpha*0.05/(tau1 - tau2),
 *        Am = -0.05/(tau1 - tau2)  (§1.3 and the note under Table 1).
 *      The simulations use gap = DT = 0.1 ms (§1.1, §2.3); here gap = 0 by
 *      default (see Numerics).
 *   2. The PSP kernel of the linear Poisson neuron eps(s) = exp(-s/tau_eps)/
 *      tau_eps for s >= 0 (§1.4(b)), the additive STDP window
 *      W(r) = A+ exp(-r/tau+) (r >= 0), -A- exp(r/tau-) (r < 0), r = t_post -
 *      t_pre (§1.1), with A+ = stdpA*w_max and A- = (A-/A+)*A+ (Table 1).
 *   3. The optimal offset T_e: the first zero crossing, on a 0.1 ms grid in
 *      [0, 100 ms], of (eps*kappa_0)(T), kappa_0 = kappa with T_e = 0
 *      (§1.4(b), "optimal_Te_value").  Reported: the first grid point at
 *      which the convolution is >= 0 (it is negative at T = 0).
 *   4. With kappa built from that T_e, the integrals over [-0.3, 0.3] s
 *      (§1.4(b)):  IK = int kappa,  IW = int W,  IWe = int W eps,
 *      IWek = int W (eps*kappa),  IWeek = int W eps (eps*kappa),
 *      Ieek = int eps (eps*kappa), where (eps*kappa)(r) = int_0^inf eps(s)
 *      kappa(r - s) ds is the causal convolution.
 *   5. Equation 22 / conditions 13-15 as written out in §1.4(b):
 *        S = R_post IW + wbar IWe
 *        dw_strong/dt = eta nu [ IK S (R_post R* tau_e + F (R* + R* wbar
 *                       + R_post w_max)) + F w_max R_post IWek
 *                       + F w_max wbar IWeek + F w_max wbar R_post IW Ieek
 *                       + F w_max wbar^2 IWe Ieek ]
 *        dw_weak/dt   = eta IK tau_e R* nu R_post S + IK F nu S (R* + R* wbar)
 *      with R_post = R_base + w_max N nu/2, R* = w_max (N+10) nu/2,
 *      wbar = w_max/2, F = f_c(d_r) = (d_r/tau_e) exp(-d_r/tau_e),
 *      tau_e = 0.4 s, d_r = 0.4 s, eta = DAStdpRate = 1 (§1.4(b), §2.3).
 *      Printed: the predicted change over the run, T_sim (dw/dt)/(w_max/2),
 *      for the w* = w_max ("strong") and w* = 0 ("weak") synapse groups.
 *      Learning goes the right way if strong > 0 and weak < 0; the other
 *      sign is marked "WRONG" (the shaded bars of Fig 8, §2.3).
 *
 * R_base: by default the table value; --rbase HZ replaces it in every
 * experiment.  The simulations really ran with 5 Hz (code quirk, end of
 * §2.3); without --rbase the human-readable output shows both variants.
 *
 * Numerics: all kernels are sampled on one grid t_k = k*DT over [-0.3, 0.3] s
 * (DT = 10 us by default, as in the reference re-implementation of §2.3) and
 * every integral is the plain Riemann sum DT * sum_k f(t_k).  Default
 * ("reference") convention, which reproduces the reference table of §2.3 to
 * its last printed digit: kernels are right-continuous at 0, i.e.
 * W(0) = A+ and eps(0) = 1/tau_eps, and the reward kernel has no dead zone
 * (gap = 0).  The causal convolution is the same sum,
 *   (eps*kappa)_k = DT sum_{j >= 0} eps(j DT) kappa_{k-j},
 * evaluated by the exact recursion c_k = e^{-DT/tau_eps} c_{k-1} +
 * (DT/tau_eps) kappa_k from c = 0 at -0.3 s (kappa taken as 0 before the range).
 * --trapezoid instead gives a kernel's jump at 0 the mean of its one-sided
 * limits (W(0) = (A+ - A-)/2, eps(0) = 1/(2 tau_eps)), which turns the sums
 * into trapezoid sums: O(DT^2), i.e. the DT -> 0 limit already at 10 us.
 * The two differ by up to 0.008 in the printed predictions (exp 4 strong:
 * 0.513 vs 0.505; exp 2 weak: 0.137 vs 0.132, 3.4 %) because
 * IW = A+ tau+ (1 - A-/A+) nearly cancels, so the node at r = 0, which adds
 * DT*W(0) to it, matters at DT = 10 us; the reference table has the
 * right-continuous values.  --gap SEC restores the simulator's dead zone
 * (sim 3: gap = its DT = 0.1 ms); the reference theory evidently had none
 * (with gap = 10 us already, exp 2's T_e becomes 4.8 ms instead of 4.9 ms:
 * its root lies at 4.805 ms, right next to a grid node).
 * GSL is not needed; the link line may still name it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* one row of Table 1 (§2.3) */
struct expt {
    int id;
    double tau_eps;   /* PSP time constant (s) */
    double wmax;      /* w_max (spikes per input spike) */
    int n_in;         /* N plastic inputs */
    double nu_in;     /* input rate (Hz) */
    double rbase;     /* base rate of the learning neuron (Hz), table value */
    double stdpA;     /* A+ / w_max */
    double ratio;     /* A- / A+ */
    double tau_stdp;  /* tau+ = tau- (s) */
    double tau_k1;    /* kappa's slow time constant tau1 (s) */
    double kalpha;    /* KappaAlpha: positive / negative reward mass */
    double tsim_h;    /* simulated time (h) */
};

static const struct expt EXPTS[] = {
    {1, 0.010, 0.012, 100, 6.0, 10.0, 0.0005 * 2.77, 1.05, 0.020, 0.020, 1.07, 5.0},
    {2, 0.007, 0.020, 100, 6.0, 5.0, 0.0002 * 2.77, 1.02, 0.015, 0.016, 1.10, 10.0},
    {3, 0.020, 0.010, 100, 6.0, 6.0, 0.0002 * 2.77, 1.10, 0.025, 0.040, 1.08, 19.9},
    {4, 0.007, 0.020, 100, 6.0, 5.0, 0.0002 * 2.77, 1.07, 0.025, 0.016, 1.12, 13.0},
    {5, 0.010, 0.015, 100, 6.0, 6.0, 0.0005 * 2.77, 1.10, 0.025, 0.020, 1.20, 2.0},
    {6, 0.025, 0.005, 200, 3.0, 3.0, 0.0010 * 2.77, 1.01, 0.025, 0.020, 1.07, 18.0},
};
#define N_EXPTS ((int)(sizeof EXPTS / sizeof EXPTS[0]))

/* fixed model constants (§1.1, §1.3, §1.4(b)) */
static const double TAU_K2 = 0.004;   /* kappa's fast time constant (s) */
static const double KAPPA_MASS = 0.05; /* |int kappa_-| */
static const double TAU_E = 0.4;      /* eligibility time constant (s) */
static const double D_R = 0.4;        /* reward delay (s) */
static const double ETA = 1.0;        /* DAStdpRate in sim 3 */
static const double RANGE = 0.3;      /* integrals over [-RANGE, RANGE] (s) */
static const double TE_STEP = 1e-4;   /* T_e search grid (s) */
static const double TE_MAX = 0.1;     /* T_e search range (s) */

/* sampling grid over [-RANGE, RANGE] */
struct grid {
    double dt;
    long k0; /* index of t = 0 */
    long n;  /* number of nodes, t_k = (k - k0) dt */
    int trapezoid; /* jumps at 0 take the mean of their limits */
};

static double kappa(const struct expt *p, double gap, double te, double d)
{
    double a = KAPPA_MASS / (p->tau_k1 - TAU_K2);
    if (d > gap - te) {
        double x = d + te + gap;
        return p->kalpha * a * (exp(-x / p->tau_k1) - exp(-x / TAU_K2));
    }
    if (d < -gap - te) {
        double y = -d - te - gap;
        return -a * (exp(-y / p->tau_k1) - exp(-y / TAU_K2));
    }
    return 0.0;
}

/* eps on grid node k (value at the jump: see Numerics) */
static double eps_node(const struct expt *p, const struct grid *g, long k)
{
    if (k < g->k0)
        return 0.0;
    double v = exp(-(double)(k - g->k0) * g->dt / p->tau_eps) / p->tau_eps;
    return k == g->k0 && g->trapezoid ? 0.5 * v : v;
}

/* STDP window on grid node k (value at the jump: see Numerics) */
static double stdp_node(const struct expt *p, const struct grid *g, long k)
{
    double ap = p->stdpA * p->wmax, am = p->ratio * ap;
    double r = (double)(k - g->k0) * g->dt;
    if (k == g->k0)
        return g->trapezoid ? 0.5 * (ap - am) : ap;
    if (k > g->k0)
        return ap * exp(-r / p->tau_stdp);
    return -am * exp(r / p->tau_stdp);
}

/* causal convolution c = eps * kap on the grid: the Riemann (or trapezoid)
 * sum, evaluated by an exact recursion since eps is exponential */
static void convolve_eps(const struct expt *p, const struct grid *g, const double *kap, double *c)
{
    double decay = exp(-g->dt / p->tau_eps), h = g->dt / p->tau_eps;
    if (!g->trapezoid) {
        c[0] = h * kap[0];
        for (long k = 1; k < g->n; k++)
            c[k] = decay * c[k - 1] + h * kap[k];
        return;
    }
    h *= 0.5;
    c[0] = h * kap[0];
    for (long k = 1; k < g->n; k++)
        c[k] = decay * (c[k - 1] + h * kap[k - 1]) + h * kap[k];
}

static void sample_kappa(const struct expt *p, const struct grid *g, double gap, double te, double *kap)
{
    for (long k = 0; k < g->n; k++)
        kap[k] = kappa(p, gap, te, (double)(k - g->k0) * g->dt);
}

/* optimal offset: first node of the 0.1 ms grid in [0, 100 ms] where
 * (eps*kappa_0) >= 0; returns -1 if there is none */
static double optimal_te(const struct expt *p, const struct grid *g, double gap, double *kap, double *c)
{
    sample_kappa(p, g, gap, 0.0, kap);
    convolve_eps(p, g, kap, c);
    long step = lround(TE_STEP / g->dt), m_max = lround(TE_MAX / TE_STEP);
    for (long m = 0; m <= m_max; m++) {
        long k = g->k0 + m * step;
        if (k >= g->n)
            break;
        if (c[k] >= 0.0)
            return (double)m * TE_STEP;
    }
    return -1.0;
}

struct ints {
    double IK, IW, IWe, IWek, IWeek, Ieek;
};

static struct ints integrals(const struct expt *p, const struct grid *g, const double *kap, const double *c)
{
    struct ints s = {0, 0, 0, 0, 0, 0};
    for (long k = 0; k < g->n; k++) {
        double w = stdp_node(p, g, k), e = eps_node(p, g, k);
        s.IK += kap[k];
        s.IW += w;
        s.IWe += w * e;
        s.IWek += w * c[k];
        s.IWeek += w * e * c[k];
        s.Ieek += e * c[k];
    }
    s.IK *= g->dt;
    s.IW *= g->dt;
    s.IWe *= g->dt;
    s.IWek *= g->dt;
    s.IWeek *= g->dt;
    s.Ieek *= g->dt;
    return s;
}

struct result {
    int id;
    double rbase, te, rpost, rstar, strong, weak;
    struct ints in;
};

/* Equation 22 (§1.4(b)) for one experiment */
static int predict(const struct expt *p, const struct grid *g, double gap, double rbase, double *kap,
                   double *c, struct result *out)
{
    double te = optimal_te(p, g, gap, kap, c);
    if (te < 0.0) {
        fprintf(stderr, "eq22: exp %d: no zero crossing of eps*kappa_0 in [0, %g ms]\n", p->id,
                TE_MAX * 1e3);
        return -1;
    }
    sample_kappa(p, g, gap, te, kap);
    convolve_eps(p, g, kap, c);
    struct ints s = integrals(p, g, kap, c);

    double nu = p->nu_in, wmax = p->wmax, wbar = 0.5 * wmax;
    double rpost = rbase + wmax * p->n_in * nu / 2.0;
    double rstar = wmax * 0.5 * (p->n_in + 10) * nu;
    double fdr = (D_R / TAU_E) * exp(-D_R / TAU_E);
    double S = rpost * s.IW + wbar * s.IWe;

    double strong = ETA * nu *
                    (s.IK * S * (rpost * rstar * TAU_E + fdr * (rstar + rstar * wbar + rpost * wmax)) +
                     fdr * wmax * rpost * s.IWek + fdr * wmax * wbar * s.IWeek +
                     fdr * wmax * wbar * rpost * s.IW * s.Ieek + fdr * wmax * wbar * wbar * s.IWe * s.Ieek);
    double weak = ETA * s.IK * TAU_E * rstar * nu * rpost * S + s.IK * fdr * nu * S * (rstar + rstar * wbar);

    double tsim = p->tsim_h * 3600.0;
    out->id = p->id;
    out->rbase = rbase;
    out->te = te;
    out->rpost = rpost;
    out->rstar = rstar;
    out->strong = tsim * strong / wbar;
    out->weak = tsim * weak / wbar;
    out->in = s;
    return 0;
}

static const char *mark(double v, int want_positive)
{
    return (want_positive ? v > 0.0 : v < 0.0) ? "ok" : "WRONG";
}

static void print_human(const struct result *r, int n, const char *title)
{
    printf("%s\n", title);
    printf("exp  R_base   T_e     R_post   R*      strong (w*=w_max)   weak (w*=0)\n");
    printf("     (Hz)     (ms)    (Hz)     (Hz)    dw/(w_max/2)        dw/(w_max/2)\n");
    for (int i = 0; i < n; i++)
        printf("%-4d %-8.3g %-7.1f %-8.3g %-7.3g %+8.3f  %-8s  %+8.3f  %s\n", r[i].id, r[i].rbase,
               r[i].te * 1e3, r[i].rpost, r[i].rstar, r[i].strong, mark(r[i].strong, 1), r[i].weak,
               mark(r[i].weak, 0));
}

static void print_tsv(const struct result *r, int n, const char *variant, int header)
{
    if (header)
        printf("variant\texp\trbase_hz\tte_ms\trpost_hz\trstar_hz\tstrong\tweak\tstrong_sign\tweak_sign"
               "\tIK\tIW\tIWe\tIWek\tIWeek\tIeek\n");
    for (int i = 0; i < n; i++)
        printf("%s\t%d\t%.6g\t%.1f\t%.6g\t%.6g\t%.6g\t%.6g\t%s\t%s\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\n",
               variant, r[i].id, r[i].rbase, r[i].te * 1e3, r[i].rpost, r[i].rstar, r[i].strong, r[i].weak,
               mark(r[i].strong, 1), mark(r[i].weak, 0), r[i].in.IK, r[i].in.IW, r[i].in.IWe, r[i].in.IWek,
               r[i].in.IWeek, r[i].in.Ieek);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: eq22 [--exp N] [--rbase HZ] [--tsv] [--dt SEC] [--gap SEC] [--trapezoid]\n"
               "  Eq. 22 prediction for the 6 parameter sets of Table 1 (Legenstein et al. 2008, sim 3).\n"
               "  --exp N     only experiment N (1-6)\n"
               "  --rbase HZ  use this base rate in every experiment instead of the table values\n"
               "              (default: table values, plus the 5 Hz variant in the plain output)\n"
               "  --tsv       tab-separated output with a header line (and the integrals)\n"
               "  --dt SEC    integration step (default 1e-5; must divide 0.1 ms)\n"
               "  --gap SEC   dead zone of the reward kernel (default 0)\n"
               "  --trapezoid kernels' jumps at 0 take the mean of their limits (DT -> 0 limit)\n"
               "              instead of the right-continuous values of the reference table\n");
}

static int parse_num(const char *opt, const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    if (errno || end == s || *end != '\0' || !isfinite(*v)) {
        fprintf(stderr, "eq22: %s: not a number: '%s'\n", opt, s);
        return -1;
    }
    return 0;
}

/* run all selected experiments with base rate rb (< 0: table values) */
static int run_all(int only, double rb, const struct grid *g, double gap, double *kap, double *c,
                   struct result *res, int *nres)
{
    *nres = 0;
    for (int i = 0; i < N_EXPTS; i++) {
        if (only && EXPTS[i].id != only)
            continue;
        if (predict(&EXPTS[i], g, gap, rb < 0.0 ? EXPTS[i].rbase : rb, kap, c, &res[*nres]) != 0)
            return -1;
        (*nres)++;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int only = 0, tsv = 0, trapezoid = 0;
    double rbase = -1.0, dt = 1e-5, gap = 0.0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        double v;
        if (!strcmp(a, "--tsv")) {
            tsv = 1;
        } else if (!strcmp(a, "--trapezoid")) {
            trapezoid = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--exp") || !strcmp(a, "--rbase") || !strcmp(a, "--dt") || !strcmp(a, "--gap")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "eq22: %s needs a value\n", a);
                return 2;
            }
            if (parse_num(a, argv[++i], &v) != 0)
                return 2;
            if (!strcmp(a, "--exp")) {
                if (v != floor(v) || v < 1 || v > N_EXPTS) {
                    fprintf(stderr, "eq22: --exp: expected 1..%d\n", N_EXPTS);
                    return 2;
                }
                only = (int)v;
            } else if (!strcmp(a, "--rbase")) {
                if (v < 0) {
                    fprintf(stderr, "eq22: --rbase: must be >= 0\n");
                    return 2;
                }
                rbase = v;
            } else if (!strcmp(a, "--dt")) {
                double q = TE_STEP / v;
                if (!(v > 0) || v > TE_STEP || fabs(q - nearbyint(q)) > 1e-9 * q) {
                    fprintf(stderr, "eq22: --dt: must be positive and divide %g s\n", TE_STEP);
                    return 2;
                }
                dt = v;
            } else {
                if (v < 0) {
                    fprintf(stderr, "eq22: --gap: must be >= 0\n");
                    return 2;
                }
                gap = v;
            }
        } else {
            fprintf(stderr, "eq22: unknown argument '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    struct grid g;
    g.dt = dt;
    g.k0 = lround(RANGE / dt);
    g.n = 2 * g.k0 + 1;
    g.trapezoid = trapezoid;
    double *kap = malloc((size_t)g.n * sizeof *kap), *c = malloc((size_t)g.n * sizeof *c);
    if (!kap || !c) {
        fprintf(stderr, "eq22: out of memory\n");
        return 1;
    }

    struct result res[N_EXPTS];
    int n, status = 0;
    if (rbase >= 0.0) {
        char title[96];
        snprintf(title, sizeof title, "Eq. 22 prediction, R_base = %g Hz in every experiment", rbase);
        if (run_all(only, rbase, &g, gap, kap, c, res, &n) != 0)
            status = 1;
        else if (tsv)
            print_tsv(res, n, "override", 1);
        else
            print_human(res, n, title);
    } else {
        if (run_all(only, -1.0, &g, gap, kap, c, res, &n) != 0) {
            status = 1;
        } else if (tsv) {
            print_tsv(res, n, "table", 1);
        } else {
            print_human(res, n, "Eq. 22 prediction, R_base from Table 1");
            if (run_all(only, 5.0, &g, gap, kap, c, res, &n) != 0) {
                status = 1;
            } else {
                printf("\n");
                print_human(res, n,
                            "code-quirk variant: R_base = 5 Hz in every experiment (what sim 3 actually ran)");
            }
        }
    }
    free(kap);
    free(c);
    return status;
}
