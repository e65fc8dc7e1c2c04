/*
 * coba_hand.c: models/coba.snn written by hand as one plain C loop, the peer
 * that snnc's generated COBA is timed against (bench/hand.sh).
 *
 * The same network and numerics as snnc's: 4000 lif_cond neurons (3200 exc,
 * 800 inh), v0 ~ normal(-55 mV, 5 mV), Bernoulli(0.02) from every neuron to
 * every neuron (autapses allowed), exc 6 nS onto g_e (tau 5 ms), inh 67 nS
 * onto g_i (tau 10 ms), delay one step, dt 0.1 ms.  A step: the arrivals are
 * added to g, v takes an exponential Euler step with g held over it, g
 * decays exactly, a neuron above V_th is reset and held for round(t_ref/dt)
 * steps; then the step's spikes are recorded (step, id) and delivered into
 * the next step's arrivals.  Float state, one vectorizable update loop, CSR
 * rows per source.  Different RNG and draws than snnc: the rates agree only
 * statistically.  Nothing is written out; the spikes stay in memory.
 *
 *   gcc -std=c11 -O3 -march=native -fno-math-errno -fno-trapping-math \
 *       -o coba_hand bench/coba_hand.c -lm
 *   ./coba_hand [seconds simulated, default 10] [seed, default 1]
 *
 * Those are the flags snnc gives cc: without the first GCC keeps the scalar
 * expm1f (it may set errno), without the second it does not if-convert the
 * selects for baseline x86-64.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* glibc's libmvec has expm1f for vectors, but its header announces it only
 * under -ffast-math; declared here as snnc's runtime/snn.h does. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__FAST_MATH__)
float expm1f(float) __attribute__((simd("notinbranch")));
#endif

enum { N = 4000, N_EXC = 3200 };

static const double dt = 1e-4, C_m = 200e-12, g_L = 10e-9, E_L = -60e-3, E_e = 0, E_i = -80e-3, V_th = -50e-3,
                    V_reset = -60e-3, t_ref = 5e-3, I_e = 200e-12, tau_e = 5e-3, tau_i = 10e-3, w_e = 6e-9,
                    w_i = 67e-9, p_conn = 0.02;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* splitmix64: small, fast and good enough for a benchmark's draws */
static uint64_t rng;
static double uniform(void) /* in (0, 1) */
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return ((z ^ (z >> 31)) >> 11) * 0x1p-53 + 0x1p-54;
}

/* Rows of targets per source, by geometric skips between the Bernoulli hits. */
static void connect(uint32_t **row, uint32_t **col)
{
    uint32_t cap = 1 << 16, n = 0;
    *row = malloc((N + 1) * sizeof **row);
    *col = malloc(cap * sizeof **col);
    const double lq = log1p(-p_conn);
    for (int i = 0; i < N; i++) {
        (*row)[i] = n;
        for (double j = floor(log(uniform()) / lq); j < N; j += 1 + floor(log(uniform()) / lq)) {
            if (n == cap)
                *col = realloc(*col, (cap *= 2) * sizeof **col);
            (*col)[n++] = (uint32_t)j;
        }
    }
    (*row)[N] = n;
}

int main(int argc, char **argv)
{
    const double T = argc > 1 ? atof(argv[1]) : 10;
    rng = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
    const long nsteps = lround(T / dt);
    const int nref = (int)lround(t_ref / dt);

    double t0 = now();
    static float v[N], ge[N], gi[N], in_e[N], in_i[N];
    static int32_t ref[N];
    static uint8_t fired[N];
    for (int i = 0; i < N; i += 2) { /* Box-Muller: two normals per pair of uniforms */
        const double r = sqrt(-2 * log(uniform())), a = 6.283185307179586 * uniform();
        v[i] = (float)(-55e-3 + 5e-3 * r * cos(a));
        v[i + 1] = (float)(-55e-3 + 5e-3 * r * sin(a));
    }
    uint32_t *row, *col;
    connect(&row, &col);
    /* every spike, as a simulator records it: step and neuron */
    size_t nspk = 0, cap = 1 << 20;
    int32_t *spk_step = malloc(cap * sizeof *spk_step), *spk_id = malloc(cap * sizeof *spk_id);
    const float de = (float)exp(-dt / tau_e), di = (float)exp(-dt / tau_i), fdt = (float)dt, fC = (float)C_m,
                fgL = (float)g_L, fEL = (float)E_L, fEe = (float)E_e, fEi = (float)E_i, fIe = (float)I_e,
                fth = (float)V_th, freset = (float)V_reset, fwe = (float)w_e, fwi = (float)w_i;

    double t1 = now();
    for (long step = 0; step < nsteps; step++) {
        for (int i = 0; i < N; i++) {
            const float g_e = ge[i] + in_e[i], g_i = gi[i] + in_i[i];
            in_e[i] = in_i[i] = 0;
            /* dv/dt = a v + b with the conductances held over the step; then
             * selects, one store per array, which GCC turns into masks */
            const float a = -(fgL + g_e + g_i) / fC, b = (fgL * fEL + g_e * fEe + g_i * fEi + fIe) / fC;
            const float vi = v[i];
            float nv = vi + (a * vi + b) * (expm1f(a * fdt) / a);
            int32_t rc = ref[i];
            nv = rc > 0 ? vi : nv;
            const int f = (rc <= 0) & (nv > fth);
            rc = rc > 0 ? rc - 1 : 0;
            nv = f ? freset : nv;
            rc = f ? nref : rc;
            v[i] = nv;
            ref[i] = rc;
            fired[i] = (uint8_t)f;
            ge[i] = de * g_e;
            gi[i] = di * g_i;
        }
        for (int i = 0; i < N; i += 8) { /* most words of eight neurons have no spike */
            uint64_t w;
            memcpy(&w, fired + i, 8);
            for (int k = i; w && k < i + 8; k++) {
                if (!fired[k])
                    continue;
                if (nspk == cap) {
                    spk_step = realloc(spk_step, (cap *= 2) * sizeof *spk_step);
                    spk_id = realloc(spk_id, cap * sizeof *spk_id);
                }
                spk_step[nspk] = (int32_t)step;
                spk_id[nspk++] = k;
                float *in = k < N_EXC ? in_e : in_i;
                const float w_k = k < N_EXC ? fwe : fwi;
                for (uint32_t s = row[k]; s < row[k + 1]; s++)
                    in[col[s]] += w_k;
            }
        }
    }
    double t2 = now();

    size_t n_exc = 0;
    for (size_t s = 0; s < nspk; s++)
        n_exc += spk_id[s] < N_EXC;
    printf("coba_hand: %d neurons, %u synapses, %g s simulated, %zu spikes\n", N, row[N], T, nspk);
    printf("  exc %.3f Hz  inh %.3f Hz\n", n_exc / (N_EXC * T), (nspk - n_exc) / ((N - N_EXC) * T));
    printf("  build_s %.6f  run_s %.6f\n", t1 - t0, t2 - t1);
    free(row);
    free(col);
    free(spk_step);
    free(spk_id);
    return 0;
}
