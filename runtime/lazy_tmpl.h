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

static inline double SNN_LZ_FN(lz_sync)(const snn_lazy *L, const snn_mod *m, double *x, double *ys, uint64_t *ev,
                                         int64_t t0, int64_t t1)
{
    if (t1 <= t0)
        return 0;
    double y[SNN_LZ_NY];
    if (!m) {
        y[0] = 1;
        return SNN_LZ_FN(lz_advance)(L, x, y, t1 - t0);
    }
    if (*ev == UINT64_MAX) /* first update: the generic path finds the state in the history */
        return snn_lazy_sync(L, m, x, ys, ev, t0, t1);
    uint64_t e = *ev;
    for (int a = 0; a < SNN_LZ_NY; a++)
        y[a] = ys[a];
    double dw = 0;
    int64_t t = t0;
    uint64_t q = e + 1;
    for (; q < m->n && m->ev_step[q] < t1; q++) {
        dw += SNN_LZ_FN(lz_advance)(L, x, y, m->ev_step[q] - t);
        t = m->ev_step[q];
        for (int a = 0; a < SNN_LZ_NY; a++)
            y[a] = m->ev_y[q * SNN_LZ_NY + a];
    }
    dw += SNN_LZ_FN(lz_advance)(L, x, y, t1 - t);
    for (int a = 0; a < SNN_LZ_NY; a++)
        ys[a] = y[a];
    *ev = q - 1;
    return dw;
}

#undef SNN_LZ_FN
#undef SNN_LZ_CAT
#undef SNN_LZ_CAT2
#undef SNN_LZ_NX
#undef SNN_LZ_NY
#undef SNN_LZ_ID
