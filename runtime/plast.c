/*
 * plast.c: weights that change continuously, integrated only at events.
 *
 * A plasticity rule's per-synapse states x (eligibility traces) are linear with
 * constant coefficients, and so is a modulator's state y between its events
 * (arrivals of the spikes that drive it).  The weight follows, step by step,
 *     w(n+1) = w(n) + dt x(n)^T G y(n)        (y carries a constant 1 as its last mode)
 * Over n steps without modulator events the sum is x^T K(n) y with
 *     K(n) = dt sum_{k<n} (Ps^k)^T G Pm^k,
 * and K, Ps^n, Pm^n for n = 2^j are tabulated once at start-up (doubling:
 * K(2m) = K(m) + (Ps^m)^T K(m) Pm^m).  Any n is then O(log n) small
 * matrix-vector products, so a synapse costs work only when one of its neurons
 * spikes or the modulator changes, never per time step, and the result equals
 * the per-step sum up to rounding.
 */
#include "internal.h"

#include <stdio.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

/* The vectors here have 1 to 8 entries; GCC would turn their copy loops into
 * memcpy calls, which cost more than the copies at every synaptic event. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-loop-distribute-patterns")
#endif

/* c = a * b, a: r x m, b: m x s (row-major) */
static void matmul(const double *a, const double *b, double *c, int r, int m, int s)
{
    for (int i = 0; i < r; i++)
        for (int j = 0; j < s; j++) {
            double acc = 0;
            for (int k = 0; k < m; k++)
                acc += a[i * m + k] * b[k * s + j];
            c[i * s + j] = acc;
        }
}

/* y = a x for small n; plain loops (no library calls) since this runs at every
 * synaptic event */
static inline void matvec(const double *a, double *x, int n)
{
    double t[SNN_LAZY_MAX];
    for (int i = 0; i < n; i++) {
        double acc = 0;
        for (int k = 0; k < n; k++)
            acc += a[i * n + k] * x[k];
        t[i] = acc;
    }
    for (int i = 0; i < n; i++)
        x[i] = t[i];
}

static inline void copy(double *to, const double *from, int n)
{
    for (int i = 0; i < n; i++)
        to[i] = from[i];
}

int snn_lazy_init(snn_lazy *L, int nx, const double *Ps1, int ny, const double *Pm1, const double *G, double dt)
{
    if (nx < 1 || ny < 1 || nx > SNN_LAZY_MAX || ny > SNN_LAZY_MAX)
        return -1;
    L->nx = nx;
    L->ny = ny;
    size_t sx = (size_t)nx * nx, sy = (size_t)ny * ny, sk = (size_t)nx * ny;
    L->Ps = malloc(sizeof(double) * sx * SNN_LAZY_LEVELS);
    L->Pm = malloc(sizeof(double) * sy * SNN_LAZY_LEVELS);
    L->K = malloc(sizeof(double) * sk * SNN_LAZY_LEVELS);
    if (!L->Ps || !L->Pm || !L->K)
        return -1;
    memcpy(L->Ps, Ps1, sizeof(double) * sx);
    memcpy(L->Pm, Pm1, sizeof(double) * sy);
    for (size_t i = 0; i < sk; i++)
        L->K[i] = dt * G[i];
    double tmp[SNN_LAZY_MAX * SNN_LAZY_MAX], tmp2[SNN_LAZY_MAX * SNN_LAZY_MAX];
    for (int j = 1; j < SNN_LAZY_LEVELS; j++) {
        const double *ps = L->Ps + (j - 1) * sx, *pm = L->Pm + (j - 1) * sy, *k = L->K + (j - 1) * sk;
        matmul(ps, ps, L->Ps + j * sx, nx, nx, nx);
        matmul(pm, pm, L->Pm + j * sy, ny, ny, ny);
        /* K(2m) = K(m) + Ps(m)^T K(m) Pm(m) */
        double pst[SNN_LAZY_MAX * SNN_LAZY_MAX];
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < nx; b++)
                pst[a * nx + b] = ps[b * nx + a];
        matmul(pst, k, tmp, nx, nx, ny);
        matmul(tmp, pm, tmp2, nx, ny, ny);
        for (size_t i = 0; i < sk; i++)
            L->K[j * sk + i] = k[i] + tmp2[i];
    }
    return 0;
}

void snn_lazy_free(snn_lazy *L)
{
    free(L->Ps);
    free(L->Pm);
    free(L->K);
    L->Ps = L->Pm = L->K = NULL;
}

double snn_lazy_advance(const snn_lazy *L, double *x, double *y, int64_t n)
{
    const int nx = L->nx, ny = L->ny;
    double dw = 0;
    for (uint64_t bits = n > 0 ? (uint64_t)n : 0; bits; bits &= bits - 1) {
        const int j = __builtin_ctzll(bits); /* the set bits of n, lowest first */
        if (j >= SNN_LAZY_LEVELS)
            break;
        const double *k = L->K + (size_t)j * nx * ny;
        for (int a = 0; a < nx; a++) {
            double row = 0;
            for (int b = 0; b < ny; b++)
                row += k[a * ny + b] * y[b];
            dw += x[a] * row;
        }
        matvec(L->Ps + (size_t)j * nx * nx, x, nx);
        matvec(L->Pm + (size_t)j * ny * ny, y, ny);
    }
    return dw;
}

/* ---- the running integral (snn_lzg) ---------------------------------------------- */

enum { LZG_MAX_LEN = 1 << 16 };

static void lzg_store(snn_lzg *g, int64_t i)
{
    const int nx = g->nx, stride = nx + nx * nx;
    copy(g->tab[0] + i * stride, g->G, nx);
    copy(g->tab[0] + i * stride + nx, g->Ep, nx * nx);
}

static void lzg_epoch(snn_lzg *g)
{
    const int nx = g->nx;
    for (int a = 0; a < nx; a++) {
        g->G[a] = 0;
        for (int b = 0; b < nx; b++)
            g->F[a * nx + b] = g->Ep[a * nx + b] = a == b;
    }
    g->start = g->now;
    lzg_store(g, 0);
}

int snn_lzg_init(snn_lzg *g, const snn_lazy *L)
{
    memset(g, 0, sizeof *g);
    const int nx = L->nx;
    g->nx = nx;
    g->G = calloc(SNN_LAZY_MAX * (1 + 4 * SNN_LAZY_MAX), sizeof(double)); /* G, F, Ep, Fend, Pinv */
    if (!g->G)
        return -1;
    g->F = g->G + SNN_LAZY_MAX;
    g->Ep = g->F + SNN_LAZY_MAX * SNN_LAZY_MAX;
    g->Fend = g->Ep + SNN_LAZY_MAX * SNN_LAZY_MAX;
    g->Pinv = g->Fend + SNN_LAZY_MAX * SNN_LAZY_MAX;
    /* Ps^-1 by LU (Ps = exp(A dt) is never singular) */
    gsl_set_error_handler_off();
    gsl_matrix *P = gsl_matrix_alloc((size_t)nx, (size_t)nx), *Pi = gsl_matrix_alloc((size_t)nx, (size_t)nx);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)nx);
    int sgn, bad = !P || !Pi || !perm;
    if (!bad) {
        for (int a = 0; a < nx; a++)
            for (int b = 0; b < nx; b++)
                gsl_matrix_set(P, (size_t)a, (size_t)b, L->Ps[a * nx + b]);
        bad = gsl_linalg_LU_decomp(P, perm, &sgn) != GSL_SUCCESS || gsl_linalg_LU_invert(P, perm, Pi) != GSL_SUCCESS;
        for (int a = 0; a < nx && !bad; a++)
            for (int b = 0; b < nx; b++)
                g->Pinv[a * nx + b] = gsl_matrix_get(Pi, (size_t)a, (size_t)b);
    }
    gsl_matrix_free(P);
    gsl_matrix_free(Pi);
    gsl_permutation_free(perm);
    /* the epoch: until Ps^-n has an entry beyond 20 */
    double E[SNN_LAZY_MAX * SNN_LAZY_MAX], T[SNN_LAZY_MAX * SNN_LAZY_MAX];
    for (int a = 0; a < nx * nx; a++)
        E[a] = a % (nx + 1) == 0;
    for (g->len = 1; !bad && g->len < LZG_MAX_LEN; g->len++) {
        matmul(g->Pinv, E, T, nx, nx, nx);
        double big = 0;
        for (int a = 0; a < nx * nx; a++)
            big = fmax(big, fabs(E[a] = T[a]));
        if (!(big <= 20))
            break;
    }
    const size_t n = (size_t)(g->len + 1) * (size_t)(nx + nx * nx);
    if (bad || !(g->tab[0] = malloc(n * sizeof(double))) || !(g->tab[1] = malloc(n * sizeof(double))))
        return -1;
    lzg_epoch(g);
    return 0;
}

void snn_lzg_step(snn_lzg *g, const snn_lazy *L, const double *y)
{
    const int nx = g->nx, ny = L->ny;
    double ky[SNN_LAZY_MAX];
    for (int a = 0; a < nx; a++) {
        double acc = 0;
        for (int b = 0; b < ny; b++)
            acc += L->K[a * ny + b] * y[b];
        ky[a] = acc;
    }
    for (int a = 0; a < nx; a++) /* G += Fp^T K y */
        for (int b = 0; b < nx; b++)
            g->G[a] += g->F[b * nx + a] * ky[b];
    double T[SNN_LAZY_MAX * SNN_LAZY_MAX];
    matmul(L->Ps, g->F, T, nx, nx, nx);
    copy(g->F, T, nx * nx);
    matmul(g->Pinv, g->Ep, T, nx, nx, nx);
    copy(g->Ep, T, nx * nx);
    g->now++;
    if (g->now - g->start < g->len) {
        lzg_store(g, g->now - g->start);
        return;
    }
    lzg_store(g, g->len); /* the epoch's end, then a new one */
    copy(g->Fend, g->F, nx * nx);
    double *t = g->tab[1];
    g->tab[1] = g->tab[0];
    g->tab[0] = t;
    g->prev = true;
    lzg_epoch(g);
}

void snn_lzg_free(snn_lzg *g)
{
    free(g->G);
    free(g->tab[0]);
    free(g->tab[1]);
    memset(g, 0, sizeof *g);
}

/* ---- modulators ------------------------------------------------------------------ */

int snn_mod_init(snn_mod *m, int ny, const double *Pm1, const double *y0)
{
    memset(m, 0, sizeof *m);
    m->ny = ny;
    if (!(m->P1 = malloc(sizeof(double) * (size_t)ny * ny)) || !(m->y = malloc(sizeof(double) * (size_t)ny)))
        return -1;
    memcpy(m->P1, Pm1, sizeof(double) * (size_t)ny * ny);
    memcpy(m->y, y0, sizeof(double) * (size_t)ny);
    /* the state at step 0 is the first entry of the history */
    return snn_mod_log(m, 0);
}

int snn_mod_log(snn_mod *m, int64_t step)
{
    if (m->n && m->ev_step[m->n - 1] == step) { /* replace: more arrivals in one step */
        memcpy(m->ev_y + (m->n - 1) * m->ny, m->y, sizeof(double) * (size_t)m->ny);
        return 0;
    }
    if (m->n == m->cap) {
        uint64_t cap = m->cap ? 2 * m->cap : 256;
        int64_t *s = realloc(m->ev_step, sizeof(int64_t) * cap);
        if (!s)
            return -1;
        m->ev_step = s;
        double *v = realloc(m->ev_y, sizeof(double) * cap * (size_t)m->ny);
        if (!v)
            return -1;
        m->ev_y = v;
        m->cap = cap;
    }
    m->ev_step[m->n] = step;
    memcpy(m->ev_y + m->n * m->ny, m->y, sizeof(double) * (size_t)m->ny);
    m->n++;
    return 0;
}

void snn_mod_free(snn_mod *m)
{
    free(m->P1);
    free(m->y);
    free(m->ev_step);
    free(m->ev_y);
    memset(m, 0, sizeof *m);
}

/* the last logged event at or before step t */
static uint64_t last_event(const snn_mod *m, int64_t t)
{
    uint64_t lo = 0, hi = m->n - 1;
    while (lo < hi) {
        uint64_t mid = (lo + hi + 1) / 2;
        if (m->ev_step[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* the modulator state alone, n steps on */
static void advance_y(const snn_lazy *L, double *y, int64_t n)
{
    for (uint64_t bits = n > 0 ? (uint64_t)n : 0; bits && __builtin_ctzll(bits) < SNN_LAZY_LEVELS; bits &= bits - 1)
        matvec(L->Pm + (size_t)__builtin_ctzll(bits) * L->ny * L->ny, y, L->ny);
}

double snn_lazy_sync(const snn_lazy *L, const snn_mod *m, double *x, double *ys, uint64_t *ev, int64_t t0, int64_t t1)
{
    if (t1 <= t0)
        return 0;
    double y[SNN_LAZY_MAX];
    double dw = 0;
    if (!m) { /* no modulator: the constant mode alone */
        y[0] = 1;
        return snn_lazy_advance(L, x, y, t1 - t0);
    }
    /* the modulator's state at t0: kept from the last update (ys, with the
     * index of the last event before it), or found in the history */
    uint64_t e;
    if (ys && *ev != UINT64_MAX) {
        e = *ev;
        copy(y, ys, m->ny);
    } else {
        e = last_event(m, t0);
        copy(y, m->ev_y + e * m->ny, m->ny);
        advance_y(L, y, t0 - m->ev_step[e]);
    }
    int64_t t = t0;
    uint64_t q = e + 1;
    for (; q < m->n && m->ev_step[q] < t1; q++) {
        dw += snn_lazy_advance(L, x, y, m->ev_step[q] - t);
        t = m->ev_step[q];
        copy(y, m->ev_y + q * m->ny, m->ny);
    }
    dw += snn_lazy_advance(L, x, y, t1 - t);
    if (ys) {
        copy(ys, y, m->ny);
        *ev = q - 1;
    }
    return dw;
}
