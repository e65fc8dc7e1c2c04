/*
 * rng.h - counter-based random streams for the snnc runtime.
 *
 * Every random number in a run is a pure function of (seed, purpose, entity,
 * counter), computed with Random123's Philox4x32-10.  Nothing is carried from
 * one draw to the next except the counter, so
 *   - adding a population does not shift anybody else's randomness (each
 *     population/projection and kind of use gets its own purpose number), and
 *   - results do not depend on how neurons are split over threads or ranks
 *     (each neuron/row is its own entity).
 *
 * Key and counter layout (fixed; changing it changes every model's output):
 *   key     = { seed & 0xffffffff, seed >> 32 }
 *   counter = { purpose, entity, block & 0xffffffff, block >> 32 }
 * One Philox call ("block") yields four 32-bit words.
 *
 * Two ways to draw:
 *   - snn_rng_alloc() wraps one (seed, purpose, entity) stream as a GSL
 *     generator, so gsl_ran_* distributions can draw from it.  Its n-th
 *     word is word n % 4 of block n / 4, i.e. exactly what
 *     snn_philox(seed, purpose, entity, n / 4, out) puts in out[n % 4].
 *   - the static inline helpers below serve the hot loop: no state, no
 *     allocation, the caller picks the counter (typically the time step).
 */
#ifndef SNN_RNG_H
#define SNN_RNG_H

#include <math.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

/* Philox is plain integer arithmetic, but Random123 includes <x86intrin.h>
 * unless told that SSE is off (only its AES and ARS generators use SSE): with
 * -march=native that is every intrinsic of the processor, 60,000 lines, and it
 * was most of the time the C compiler took for a model.  Philox's results do
 * not depend on it. */
#ifndef R123_USE_SSE
#define R123_USE_SSE 0
#endif
#include <Random123/philox.h>

/* The GSL generator type, named "snn_philox"; gsl_rng_min 0, max 0xffffffff.
   gsl_rng_set(r, s) on it selects the stream (s, purpose 0, entity 0) from
   block 0; use snn_rng_reset() to choose purpose and entity as well. */
extern const gsl_rng_type *const snn_rng_philox;

/* A generator for stream (seed, purpose, entity), positioned at block 0.
   Returns NULL if memory is exhausted. */
gsl_rng *snn_rng_alloc(uint64_t seed, uint32_t purpose, uint32_t entity);
void snn_rng_free(gsl_rng *r);

/* Re-key an existing snn_philox generator and rewind it to block 0, without
   allocating (e.g. one generator per thread, re-keyed per neuron). */
void snn_rng_reset(gsl_rng *r, uint64_t seed, uint32_t purpose, uint32_t entity);

/* Continue the generator's stream from block `block` (e.g. a sub-stream per
   trial: block = trial << 24). */
void snn_rng_seek(gsl_rng *r, uint64_t block);

/* Block `ctr` of stream (seed, purpose, entity): four independent words. */
static inline void snn_philox(uint64_t seed, uint32_t purpose, uint32_t entity,
                              uint64_t ctr, uint32_t out[4])
{
    philox4x32_ctr_t c = {{purpose, entity, (uint32_t)ctr, (uint32_t)(ctr >> 32)}};
    philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    philox4x32_ctr_t r = philox4x32_R(10, c, k);
    out[0] = r.v[0];
    out[1] = r.v[1];
    out[2] = r.v[2];
    out[3] = r.v[3];
}

/* Uniform on (0,1) from all 32 bits: the midpoints (x + 1/2) / 2^32.  Never 0
   (so log() is safe) and never 1; the mean over all x is exactly 1/2. */
static inline double snn_u01(uint32_t x)
{
    return ((double)x + 0.5) * 0x1p-32;
}

/* Uniform on (0,1) as float: the midpoints of a 2^23 grid, built from the top
   23 bits.  23 is the most a float can hold here: with 24 bits the largest
   midpoint 1 - 2^-25 would round up to exactly 1.0f.  Every step is exact, so
   the result lies in [2^-24, 1 - 2^-24]. */
static inline float snn_u01f(uint32_t x)
{
    return ((float)(x >> 9) + 0.5f) * 0x1p-23f;
}

/* Two independent standard normals from two words (Box-Muller), in float for
   the update loops: float logf/cosf have vector versions (libmvec), so a loop
   drawing noise this way vectorizes.  The second normal is
   r cos(t - pi/2) rather than r sin(t): given sinf and cosf of one argument, gcc
   fuses them into sincosf, which has no vector version.  Built on snn_u01f, so
   |z| <= sqrt(2 ln 2^24) ~ 5.77 (the cut-off tail has probability ~1e-8). */
static inline void snn_normal2f(uint32_t a, uint32_t b, float *z0, float *z1)
{
    const float two_pi = 6.28318530717958647692f, half_pi = 1.57079632679489661923f;
    float r = sqrtf(-2.0f * logf(snn_u01f(a)));
    float t = two_pi * snn_u01f(b);
    *z0 = r * cosf(t);
    *z1 = r * cosf(t - half_pi);
}

#endif /* SNN_RNG_H */
