/*
 * lazy_tmpl.h: snn_lazy_advance / snn_lazy_sync (plast.c) specialised for one
 * rule's sizes, so that the compiler unrolls the small loops completely.  A
 * generated model includes it once per plastic rule with equations:
 *
 *     #define SNN_LZ_NX 2        states of a synapse
 *     #define SNN_LZ_NY 3        modulator modes, the constant included
 *     #define SNN_LZ_ID prj0     suffix of the function names
 *     #include "lazy_tmpl.h"
 *
 * The arithmetic is that of plast.c, in the same order, so the results agree
 * with the generic version to the last bit.
 */
#define SNN_LZ_CAT2(a, b) a##_##b
#define SNN_LZ_CAT(a, b) SNN_LZ_CAT2(a, b)
#define SNN_LZ_FN(name) SNN_LZ_CAT(name, SNN_LZ_ID)

static inline double SNN_LZ_FN(lz_advance)(const snn_lazy *L, double *x, double *y, int64_t n)
{
    double dw = 0;
    /* the set bits of n only, lowest first, as in plast.c (testing every bit
     * cost a mispredicted branch per level: 2.98 -> 2.34 s on COBA RM-STDP) */
    for (uint64_t bits = n > 0 ? (uint64_t)n : 0; bits; bits &= bits - 1) {
        const int j = __builtin_ctzll(bits);
        if (j >= SNN_LAZY_LEVELS)
            break;
        const double *k = L->K + (size_t)j * SNN_LZ_NX * SNN_LZ_NY;
        for (int a = 0; a < SNN_LZ_NX; a++) {
            double row = 0;
            for (int b = 0; b < SNN_LZ_NY; b++)
                row += k[a * SNN_LZ_NY + b] * y[b];
            dw += x[a] * row;
        }
        const double *ps = L->Ps + (size_t)j * SNN_LZ_NX * SNN_LZ_NX, *pm = L->Pm + (size_t)j * SNN_LZ_NY * SNN_LZ_NY;
        double tx[SNN_LZ_NX], ty[SNN_LZ_NY];
        for (int a = 0; a < SNN_LZ_NX; a++) {
            double acc = 0;
            for (int b = 0; b < SNN_LZ_NX; b++)
                acc += ps[a * SNN_LZ_NX + b] * x[b];
            tx[a] = acc;
        }
        for (int a = 0; a < SNN_LZ_NY; a++) {
            double acc = 0;
            for (int b = 0; b < SNN_LZ_NY; b++)
                acc += pm[a * SNN_LZ_NY + b] * y[b];
            ty[a] = acc;
        }
        for (int a = 0; a < SNN_LZ_NX; a++)
            x[a] = tx[a];
        for (int a = 0; a < SNN_LZ_NY; a++)
            y[a] = ty[a];
    }
    return dw;
}

/* z = Ep x, dw = z . (G1 - G0): the part of [t0, t1) inside one tabulated epoch */
static inline double SNN_LZ_FN(lz_pull)(const double *e, const double *g1, double *z, const double *x)
{
    double dw = 0;
    for (int a = 0; a < SNN_LZ_NX; a++) {
        double acc = 0;
        for (int b = 0; b < SNN_LZ_NX; b++)
            acc += e[SNN_LZ_NX + a * SNN_LZ_NX + b] * x[b];
        z[a] = acc;
        dw += acc * (g1[a] - e[a]);
    }
    return dw;
}

/* x = F z */
static inline void SNN_LZ_FN(lz_push)(const double *F, const double *z, double *x)
{
    for (int a = 0; a < SNN_LZ_NX; a++) {
        double acc = 0;
        for (int b = 0; b < SNN_LZ_NX; b++)
            acc += F[a * SNN_LZ_NX + b] * z[b];
        x[a] = acc;
    }
}

/* Weight change of one synapse from t0 to t1 = now, x advanced in place: from
 * the running integral g when t0 lies in its last two epochs, else (and for a
 * rule without modulator) from the doubling tables. */
static inline double SNN_LZ_FN(lz_sync)(const snn_lazy *L, const snn_lzg *g, const snn_mod *m, double *x, int64_t t0,
                                         int64_t t1)
{
    if (t1 <= t0)
        return 0;
    if (!m) {
        double y[1] = {1};
        return SNN_LZ_FN(lz_advance)(L, x, y, t1 - t0);
    }
    if (t1 != g->now || t0 < g->start - (g->prev ? g->len : 0))
        return snn_lazy_sync(L, m, x, NULL, NULL, t0, t1);
    enum { S = SNN_LZ_NX + SNN_LZ_NX * SNN_LZ_NX };
    double z[SNN_LZ_NX], dw = 0;
    if (t0 < g->start) { /* from the previous epoch to its end */
        const int64_t p0 = g->start - g->len;
        dw = SNN_LZ_FN(lz_pull)(g->tab[1] + (t0 - p0) * S, g->tab[1] + g->len * S, z, x);
        SNN_LZ_FN(lz_push)(g->Fend, z, x);
        t0 = g->start;
    }
    dw += SNN_LZ_FN(lz_pull)(g->tab[0] + (t0 - g->start) * S, g->G, z, x);
    SNN_LZ_FN(lz_push)(g->F, z, x);
    return dw;
}

#undef SNN_LZ_FN
#undef SNN_LZ_CAT
#undef SNN_LZ_CAT2
#undef SNN_LZ_NX
#undef SNN_LZ_NY
#undef SNN_LZ_ID
