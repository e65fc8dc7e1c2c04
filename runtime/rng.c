/*
 * rng.c - Philox4x32-10 streams wrapped as a GSL generator.
 *
 * The generator keeps the stream key, the next block index and the current
 * block's four words; GSL's distributions see an ordinary 32-bit generator.
 * A stream has 2^64 blocks, so it cannot run out in any simulation.
 * See rng.h for the key/counter layout that makes streams independent.
 */
#include "rng.h"

#include <gsl/gsl_errno.h>

typedef struct {
    uint64_t seed;
    uint32_t purpose, entity;
    uint64_t block;      /* index of the next block to compute */
    uint32_t word[4];    /* current block */
    unsigned used;       /* words of word[] already handed out; 4 = refill */
} philox_state;

static void philox_rekey(philox_state *s, uint64_t seed, uint32_t purpose,
                         uint32_t entity)
{
    s->seed = seed;
    s->purpose = purpose;
    s->entity = entity;
    s->block = 0;
    s->used = 4;
}

static unsigned long philox_get(void *vstate)
{
    philox_state *s = vstate;
    if (s->used == 4) {
        snn_philox(s->seed, s->purpose, s->entity, s->block++, s->word);
        s->used = 0;
    }
    return s->word[s->used++];
}

/* (0,1) rather than GSL's usual [0,1): a subset of the contract, and it spares
   callers such as gsl_rng_uniform_pos a retry loop. */
static double philox_get_double(void *vstate)
{
    return snn_u01((uint32_t)philox_get(vstate));
}

/* GSL seeds every generator through set(); seed 0 is a key like any other
   (GSL's own generators map it to a default, we must not). */
static void philox_set(void *vstate, unsigned long seed)
{
    philox_rekey(vstate, (uint64_t)seed, 0, 0);
}

static const gsl_rng_type philox_type = {
    "snn_philox",
    0xffffffffUL,
    0,
    sizeof(philox_state),
    philox_set,
    philox_get,
    philox_get_double,
};

const gsl_rng_type *const snn_rng_philox = &philox_type;

gsl_rng *snn_rng_alloc(uint64_t seed, uint32_t purpose, uint32_t entity)
{
    /* Out of memory, gsl_rng_alloc calls the GSL error handler (abort by
       default); with the handler turned off it returns NULL, passed on. */
    gsl_rng *r = gsl_rng_alloc(snn_rng_philox);
    if (r)
        snn_rng_reset(r, seed, purpose, entity);
    return r;
}

void snn_rng_free(gsl_rng *r)
{
    if (r)
        gsl_rng_free(r);
}

void snn_rng_reset(gsl_rng *r, uint64_t seed, uint32_t purpose, uint32_t entity)
{
    /* Writing our state into another generator's memory would corrupt it. */
    if (r->type != &philox_type)
        GSL_ERROR_VOID("snn_rng_reset: not an snn_philox generator", GSL_EINVAL);
    philox_rekey(r->state, seed, purpose, entity);
}

void snn_rng_seek(gsl_rng *r, uint64_t block)
{
    if (r->type != &philox_type)
        GSL_ERROR_VOID("snn_rng_seek: not an snn_philox generator", GSL_EINVAL);
    philox_state *s = r->state;
    s->block = block;
    s->used = 4;
}
