/*
 * snn.h: the interface of generated code to the runtime, and the one runtime
 * header a generated model includes.
 *
 * A generated model is a table (snn_model) plus the functions it points to:
 * fill in default parameter values, build the network, advance one step,
 * checkpoint its state, free.  Its main() hands the table to snn_main; the
 * command line, parameter overrides, the step loop, spike bookkeeping, output
 * files and progress are the runtime's, shared by every model.
 *
 * Only what the generated code uses is here: the table's types, the functions
 * its code calls and the inline helpers of its update loops.  The runtime's
 * own files share more through internal.h, which generated code never sees.
 * Every model compiles this header, so it is kept small (see rng.h on what
 * it includes): the compile time of a model is mostly the C compiler reading
 * headers.
 */
#ifndef SNN_H
#define SNN_H

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "rng.h"

/* The one function of <gsl/gsl_randist.h> generated code calls (a grid's
 * 'shuffled' placement).  That header declares every distribution and pulls in
 * all of gsl_matrix and gsl_vector for the multivariate ones: 7,500 lines, a
 * fifth of what the C compiler read for a model.  internal.h includes both, so
 * the runtime's build checks this copy against GSL's. */
void gsl_ran_shuffle(const gsl_rng *r, void *base, size_t nmembm, size_t size);

/* ---- dimensions (same encoding as the compiler: doubled exponents of m, kg, s, A) */
typedef struct {
    int8_t e[4];
} snn_dim;

/* ---- parameters: every model parameter can be overridden with --set -------- */
enum { SNN_P_POSITIVE = 1, SNN_P_STRING = 2, SNN_P_FIXED = 4 /* a size: fixed at compile time */,
       SNN_P_PER_NEURON = 8 /* one value per neuron (drawn, a file's, ...): no single value to --set */ };
typedef struct {
    const char *name;     /* "net.tau_m", "we", "sim.time" */
    snn_dim dim;
    unsigned flags;
} snn_param_info;

enum { SNN_P_TIME = 0, SNN_P_DT = 1, SNN_P_SEED = 2 }; /* first three parameters */

typedef struct {
    const char *name;
    uint32_t start, count;
} snn_family_info;

typedef struct {
    const char *name;
    uint32_t size;
    int nfamilies;
    const snn_family_info *families;
    uint32_t grid[3];         /* 0 = no grid; neuron i sits at grid position p = i, */
    const uint32_t *place;    /* or p = place[i] ('shuffled'); p is (p % X, p / X % Y, p / (X Y)) */
    bool split;               /* updated neuron by neuron: shared out over the threads (team.c) */
} snn_pop_info;

/* spikes emitted by one population in the current step */
typedef struct {
    uint32_t *idx;
    uint32_t n;
} snn_spikelist;

typedef struct {
    int pop;
    uint32_t lo, n;
    const char *label;
    double t0, t1;            /* reports 'in [t0, t1]': spikes counted per trial (t1 > t0) */
    int phase;                /* spike records: only during this phase; -1 = always */
} snn_range;

/* phase NAME { trials N; learning on|off; set P = v } */
typedef struct {
    const char *name;
    int64_t trials;
    int learning;             /* -1 unchanged, 0 off, 1 on */
    int nsets;
    const int *set_param;
    const double *set_value;  /* filled in at start-up */
    int order;                /* stimulus order: SNN_ORDER_* */
} snn_phase;

enum { SNN_ORDER_SEQUENTIAL, SNN_ORDER_ALTERNATING, SNN_ORDER_RANDOM, SNN_ORDER_ALTERNATING_RANDOM, SNN_ORDER_BY_LABEL };

typedef struct {
    int pop;              /* -1: a modulator */
    const char *var;      /* a state variable, or a modulator's state or "output" */
    uint32_t lo, n;
    double every;         /* sampling interval in s; 0 = every step */
    int phase;            /* sampled only during this phase; -1 = always */
    const char *owner;    /* the population's or the modulator's name */
    const char *unit;     /* written in this unit ("mV"): the SI value times scale */
    double scale;
} snn_state_rec;

typedef struct snn_run snn_run;
typedef struct snn_templates snn_templates;
typedef struct snn_ckpt snn_ckpt;

typedef struct snn_csr_s snn_csr;

/* A plastic projection, for writing its final weights. */
typedef struct {
    const char *name;
    int pre, post;            /* populations */
    uint32_t pre_lo, post_lo;
    const snn_csr *(*csr)(void);
    /* of synapse k (CSR order) as it will be at `step`, without changing it:
     * var 0 = w, else the rule's var-th state */
    double (*value)(snn_run *r, uint64_t k, int var, int64_t step);
    void (*sync)(snn_run *r, int64_t step); /* every weight brought up to this step */
    const char *unit;         /* weights are written in this unit: the SI value times scale */
    double scale;
} snn_plastic_info;

/* record w (or a per-synapse state of the rule) of PROJECTION every T */
typedef struct {
    int plastic;              /* index into the model's plastic[] */
    double every;             /* s */
    int phase;                /* sampled only during this phase; -1 = always */
    int var;                  /* 0 = w, k = the rule's k-th per-synapse state */
    const char *var_name;
    const char *unit;         /* written in this unit: the SI value times scale */
    double scale;
    bool edges;               /* for 'record edges': written as edges files, not a series;
                                 every = 0: the whole run (the start and the end) */
} snn_weight_rec;

/* A connection 'record edges' names (edges.c) */
typedef struct {
    const char *name;
    int pre, post;            /* populations */
    uint32_t pre_lo, post_lo;
    const snn_csr *(*csr)(void);
    double (*weight)(snn_run *r, uint64_t k);  /* SI; NULL: plastic, from plastic[] */
    uint32_t (*delay)(uint64_t k);             /* steps */
    int plastic;              /* index into plastic[], or -1 */
    const char *unit;         /* weights are written in this unit: the SI value times scale */
    double scale;
} snn_edges_info;

/* 'guard rate of POP[lo:lo+n] in [min, max] every T' */
typedef struct {
    int pop;
    uint32_t lo, n;
    double min, max;          /* Hz */
    double every;             /* s */
    const char *label;        /* the target as written ("net.exc") */
    const char *text;         /* the guard as written, with its place in the model */
} snn_rate_guard;

/* which populations a trial start resets: those of the frozen sub-network, the others */
enum { SNN_RESET_FROZEN = 1, SNN_RESET_REST = 2, SNN_RESET_ALL = 3 };

typedef struct {
    const char *source;       /* the .snn it came from, as given to snnc */
    const char *hash;         /* content hash of the model's inputs */
    const char *compiler;     /* snnc version */
    int nparams;
    const snn_param_info *params;
    int npops;
    const snn_pop_info *pops;
    int nspike_recs;          /* 0 = record every population */
    const snn_range *spike_recs;
    int nstate_recs;
    const snn_state_rec *state_recs;
    int nreports;             /* 0 = report every population and family */
    const snn_range *reports;
    void (*defaults)(snn_run *r);
    int (*init)(snn_run *r);
    /* one step, shared by the threads (team.c): the updates of thread TID's
     * neurons (and, for tid 0, the modulators); after a barrier, the
     * deliveries and 'on post' handlers onto its neurons; then, thread 0 alone
     * with every thread's spikes in r->now, the serial end (modulator inputs,
     * running integrals, synapse scans).  REST: only what the frozen
     * sub-network computed ahead does not cover. */
    void (*step_update)(snn_run *r, int64_t step, int tid, bool rest);
    void (*step_deliver)(snn_run *r, int64_t step, int tid, bool rest);
    void (*step_end)(snn_run *r, int64_t step);
    bool sync_each_step;      /* step_end touches what the threads work on: they wait for it */
    const float *(*state_ptr)(snn_run *r, int rec);
    void (*finish)(snn_run *r);   /* after the last step, before the outputs */
    void (*free)(snn_run *r);
    int nplastic;             /* plastic projections: final weights are written */
    const snn_plastic_info *plastic;
    int nweight_recs;
    const snn_weight_rec *weight_recs;
    int nphases;              /* 0: one run of sim.time */
    const snn_phase *phases;
    double (*trial_length)(snn_run *r);   /* NULL without trials */
    const int *learning_params;           /* the '.learning' parameter of each plastic projection */
    int (*trial_label)(int64_t trial);    /* the template a trial shows, -1 = unlabelled */
    snn_templates *(*stimulus)(void);     /* what the phases' 'order' arranges, or NULL */
    int (*refresh)(snn_run *r);           /* after a phase's 'set's: recompute what depends on them */
    /* 'reset POP every trial' of the populations in `which` (SNN_RESET_*), or NULL */
    int (*trial_start)(snn_run *r, int64_t trial, int which);
    /* the frozen sub-network (computed ahead per trial, ahead.c); nfrozen = 0: none */
    int nfrozen;
    const int *frozen;                    /* its populations */
    void (*step_sources)(snn_run *r, int64_t step); /* the stimuli feeding it (thread 0) */
    void (*step_frozen)(snn_run *r, int64_t step);  /* its updates and the deliveries onto it (thread 0) */
    /* the labels the model compares 'label' with (file:line:col of each): the
     * stimulus set must have them */
    int nlabels;
    const int *labels;
    const char *const *label_at;
    int nrate_guards;
    const snn_rate_guard *rate_guards;
    /* every value that changes during the run, written to or read from a checkpoint */
    void (*checkpoint)(snn_run *r, snn_ckpt *k);
    /* population sizes that read parameters, into the tables above; NULL: all fixed */
    int (*sizes)(snn_run *r);
    int nedges;               /* the connections 'record edges' names */
    const snn_edges_info *edges;
} snn_model;

struct snn_run {
    const snn_model *model;
    double *p;                /* parameter values, SI units */
    const char **str;         /* string parameters (file names) */
    bool *set;                /* overridden on the command line */
    uint64_t seed;
    double dt;
    int64_t nsteps;
    snn_spikelist *now;       /* per population, this step's spikes (all threads', after the step) */
    uint64_t **counts;        /* per population and neuron, spikes so far */
    char err[1024];
    /* a value became non-finite or crossed a guard in step halt_at - 1: the run
     * stops after it (0: none; written by snn_halt, read with snn_halted) */
    int64_t halt_at;
    double mem_planned, mem_limit; /* bytes announced so far, and the most allowed (0: unknown) */
    const char *mem_from;     /* where the limit comes from */
    /* the connections built so far (connect.c), for run.json */
    struct snn_conn_made { const char *name; uint64_t synapses; double bytes; } *made;
    int nmade;
    void *model_data;
    /* threads and ranks (team.c): the network's workers are the threads of
     * every rank, rank q's thread t being worker q * nthreads + t (one rank:
     * the threads).  Population p's neurons part[p * (nworkers + 1) + w] ..
     * [.. + w + 1] are worker w's; lists[(parity * nworkers + w) * npops + p]
     * the spikes worker w collected in a step of that parity (another rank's
     * as received, ranks.c) */
    int nthreads, npops, rank, nranks, nworkers;
    uint32_t *part;
    snn_spikelist *lists;
    struct snn_team *team;
    struct snn_ranks *ranks;  /* MPI inside one network (ranks.c), NULL without */
    double sent_bytes;        /* what this rank sent to the others */
    double *rank_bytes;       /* rank 0, at the end: what each rank sent */
    struct snn_weights_all_ *gathered; /* rank 0, at the end: each plastic projection's final weights */
};

/* ---- threads and ranks inside one network (team.c) --------------------------- */
static inline size_t snn_worker(const snn_run *r, int tid) { return (size_t)r->rank * (size_t)r->nthreads + (size_t)tid; }
static inline uint32_t snn_lo(const snn_run *r, int pop, int tid)
{
    return r->part[(size_t)pop * (size_t)(r->nworkers + 1) + snn_worker(r, tid)];
}
static inline uint32_t snn_hi(const snn_run *r, int pop, int tid)
{
    return r->part[(size_t)pop * (size_t)(r->nworkers + 1) + snn_worker(r, tid) + 1];
}
/* the spikes worker W collected for POP in STEP (valid until step + 2) */
static inline snn_spikelist *snn_worker_spikes(const snn_run *r, int pop, size_t w, int64_t step)
{
    return &r->lists[((size_t)(step & 1) * (size_t)r->nworkers + w) * (size_t)r->npops + (size_t)pop];
}
/* the spikes this rank's thread TID collected */
static inline snn_spikelist *snn_spikes_of(const snn_run *r, int pop, int tid, int64_t step)
{
    return snn_worker_spikes(r, pop, snn_worker(r, tid), step);
}
/* every thread of the run waits here until all have arrived */
void snn_barrier(snn_run *r);
/* for each worker's list SL of POP's spikes in STEP, in worker order (= neuron order) */
#define SNN_EACH_LIST(sl, r, pop, step)                                                                   \
    for (const snn_spikelist *sl = snn_worker_spikes(r, pop, 0, step), *sl##_end = sl + (size_t)(r)->nworkers * (size_t)(r)->npops; \
         sl != sl##_end; sl += (r)->npops)

/* ---- errors and stops (status.c) -------------------------------------------- */
/* Record an error for the driver to print; returns -1 for "return snn_fail(...)". */
int snn_fail(snn_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Stop the run after step `step` (the first call wins): WHAT ("v of neuron 3
 * of population net") has VALUE, not finite or outside [lo, hi] of the guard
 * GUARD ("guard v of net in [...] (file:line:col)", NULL: none), found after
 * step `step` and not after step `first` - 1 (first < step: a periodic check). */
void snn_halt(snn_run *r, int64_t first, int64_t step, const char *what, double value, double lo, double hi,
              const char *guard);
/* The step a check stopped the run at, or -1: a thread may read it while another halts. */
static inline int64_t snn_halted(const snn_run *r) { return __atomic_load_n(&r->halt_at, __ATOMIC_ACQUIRE) - 1; }
/* Non-finite states of populations are looked for every SNN_CHECK_EVERY steps
 * (and after the last); guarded ones after every step. */
enum { SNN_CHECK_EVERY = 64 };
/* Plastic weights, synapse states and traces: scanned every SNN_SCAN_SYNAPSES
 * steps and at the end. */
enum { SNN_SCAN_SYNAPSES = 4096 };
/* the first step not covered by the check every `every` steps before the one after `step` */
static inline int64_t snn_check_first(int64_t step, int64_t every)
{
    const int64_t k = (step + 1) % every;
    return step + 1 - (k ? k : every);
}


/* Purposes of random streams: (kind << 24) | (object << 8) | detail. */
enum { SNN_RNG_INIT = 1, SNN_RNG_CONNECT = 2, SNN_RNG_WEIGHT = 3, SNN_RNG_DELAY = 4,
       SNN_RNG_NOISE = 5, SNN_RNG_STEP = 6, SNN_RNG_ORDER = 7, SNN_RNG_RESET = 8, SNN_RNG_PLACE = 9,
       SNN_RNG_PARAM = 10, SNN_RNG_DRIVE = 11 };
static inline uint32_t snn_purpose(unsigned kind, unsigned object, unsigned detail)
{
    return (uint32_t)(kind << 24 | (object & 0xffff) << 8 | (detail & 0xff));
}

/* A Poisson drive (drive.c): each neuron's count of arriving spikes in a step
 * is the number of thresholds one word x of its stream (purpose, neuron, step)
 * reaches; w per spike. */
typedef struct {
    uint32_t *thr, n;
    float w;
    uint32_t purpose;
} snn_drive;
int snn_drive_init(snn_run *r, snn_drive *d, double rate, double w, uint32_t purpose, const char *name);
void snn_drive_free(snn_drive *d);

/* Draws used by generated initialisation code. */
double snn_draw_normal(gsl_rng *g, double mu, double sigma);
double snn_draw_uniform(gsl_rng *g, double lo, double hi);
double snn_draw_gamma(gsl_rng *g, double k, double theta);
double snn_draw_exponential(gsl_rng *g, double mean);
/* a bounded draw: redraws until lo <= x <= hi; sets *ok = false after 1000 tries */
#define SNN_BOUNDED(var, draw, lo, hi, ok)                                          \
    do {                                                                            \
        int tries_ = 0;                                                             \
        do {                                                                        \
            var = (draw);                                                           \
        } while (!((var) >= (lo) && (var) <= (hi)) && ++tries_ < 1000);             \
        if (tries_ >= 1000)                                                         \
            *(ok) = false;                                                          \
    } while (0)

/* ---- connectivity (connect.c): CSR rows = presynaptic neurons ------------- */
struct snn_csr_s {
    uint32_t nrows;
    uint64_t nnz;
    uint64_t *row;            /* nrows + 1 offsets */
    uint32_t *col;            /* postsynaptic index within the target range, ascending in each row */
    /* thread t receives synapses part[t][i] .. part[t + 1][i] of row i (those onto
     * its neurons; part[0] = row, part[nthreads] = row + 1) */
    uint64_t **part;
    /* over several ranks a rank keeps the synapses onto its neurons: skip[i] of
     * row i come before them (on lower ranks), so that per-synapse draws are
     * those of a single process (NULL: one rank, nothing skipped) */
    uint64_t *skip;
};

typedef enum { SNN_RULE_ALL, SNN_RULE_ONE_TO_ONE, SNN_RULE_PROB, SNN_RULE_INDEGREE, SNN_RULE_FILE, SNN_RULE_WHEN,
               SNN_RULE_TOTAL } snn_rule;

typedef struct {
    const char *name;         /* projection name, for messages */
    snn_rule rule;
    uint32_t pre_lo, pre_n, post_lo, post_n;
    int post_pop;             /* the target population, whose threads share out the synapses */
    bool same_pop, autapses;
    double p;                 /* probability, in-degree or total number of synapses */
    const char *rule_text;    /* the rule as written, "total(n_syn)", for messages (NULL: none) */
    const char *path;         /* RULE_FILE */
    uint32_t purpose;
    /* RULE_WHEN: whether pair (i, j) (indices within the ranges) is connected; g is row i's stream */
    bool (*when)(snn_run *r, gsl_rng *g, uint32_t i, uint32_t j);
    double synapse_bytes;     /* memory per synapse besides its target index (budget.c) */
} snn_conn_spec;

int snn_csr_build(snn_run *r, snn_csr *c, const snn_conn_spec *s);

void snn_csr_free(snn_csr *c);

/* ---- memory, announced before it is taken (budget.c) -------------------------- */
/* BYTES more for WHAT ("the states of net"): -1 with snn_fail set past the limit. */
int snn_budget_add(snn_run *r, double bytes, const char *what);

/* calloc(n, size) whose block starts on a 64-byte line; NULL when out of memory. */
void *snn_zalloc(size_t n, size_t size);

/* The transposed index plasticity needs for postsynaptic spikes: for target j,
 * syn[row[j] .. row[j+1]) are its synapses (positions in the CSR arrays, so the
 * weights are shared, not copied) and pre[] their presynaptic neurons. */
typedef struct {
    uint32_t ncols;
    uint64_t *row;
    uint64_t *syn;
    uint32_t *pre;
} snn_csr_t;
/* The delays D of the connection built last, if all are below 256 steps, as
 * one byte each: frees *D (NULL then) and returns them; else NULL, *D kept. */
uint8_t *snn_delays_narrow(snn_run *r, uint16_t **d, uint64_t nnz, uint32_t dmax);

int snn_csr_transpose(snn_run *r, const snn_csr *c, uint32_t ncols, snn_csr_t *t);
void snn_csr_t_free(snn_csr_t *t);

/* ---- continuous plasticity integrated at events (plast.c) -------------------- */
enum { SNN_LAZY_MAX = 8, SNN_LAZY_LEVELS = 48 };

/* Doubling tables of one rule on one modulator: Ps^(2^j), Pm^(2^j), K(2^j). */
typedef struct {
    int nx, ny;
    double *Ps, *Pm, *K;
} snn_lazy;

/* A modulator: its state (last mode = the constant 1), the one-step
 * propagator, and the history of its state after each step with arrivals. */
typedef struct {
    int ny;
    double *P1, *y;
    uint64_t n, cap;
    int64_t *ev_step;
    double *ev_y;
} snn_mod;

int snn_lazy_init(snn_lazy *L, int nx, const double *Ps1, int ny, const double *Pm1, const double *G, double dt);
void snn_lazy_free(snn_lazy *L);
/* Weight change of one synapse from step t0 to t1 (x advanced in place);
 * m = NULL for rules without a modulator.  ys (the modulator's state at t0)
 * and ev (its last event before t0, UINT64_MAX = unknown) are kept per
 * synapse to skip the search in the history; both may be NULL. */
double snn_lazy_sync(const snn_lazy *L, const snn_mod *m, double *x, double *ys, uint64_t *ev, int64_t t0, int64_t t1);
/* The running integral that lets a synapse update cost O(nx^2) whatever the
 * modulator did: with Fp(t) = Ps^(t - T), Ep(t) = Ps^-(t - T) from the start T
 * of an epoch, and G(t) = sum_{T <= s < t} Fp(s)^T K(1) y(s) summed once per
 * step for all synapses, a synapse with state x at t0 gains
 *     dw = z^T (G(t1) - G(t0)),  z = Ep(t0) x,  and x(t1) = Fp(t1) z.
 * Ep grows like exp((t - T) / tau), so an epoch ends when it reaches ~20
 * (rounding amplified at most that much); the last two epochs are tabulated,
 * and an update reaching further back takes the event-history path. */
typedef struct {
    int nx;
    int64_t len;            /* steps per epoch */
    int64_t now, start;     /* the step the running values are for; the epoch's first step */
    bool prev;              /* tab[1] holds the previous epoch */
    double *tab[2];         /* current, previous epoch: len + 1 entries {G, Ep} */
    double *G, *F, *Ep;     /* running: G(now), Fp(now), Ep(now) */
    double *Fend, *Pinv;    /* Fp at the end of the previous epoch; Ps^-1 */
} snn_lzg;

int snn_lzg_init(snn_lzg *g, const snn_lazy *L);
/* after every step: add the step's term with the modulator state y of that step */
void snn_lzg_step(snn_lzg *g, const snn_lazy *L, const double *y);
void snn_lzg_free(snn_lzg *g);
int snn_mod_init(snn_mod *m, int ny, const double *Pm1, const double *y0);
int snn_mod_log(snn_mod *m, int64_t step);
void snn_mod_free(snn_mod *m);

/* ---- spike sources read from a file (spikefile.c) ---------------------------- */
typedef struct {
    uint64_t n, pos;
    int64_t *step;            /* sorted */
    uint32_t *node;
} snn_spikefile;

int snn_spikefile_load(snn_run *r, snn_spikefile *f, const char *param, const char *path, uint32_t size);
void snn_spikefile_emit(snn_spikefile *f, int64_t step, snn_spikelist *out);
/* n sources with exactly round(rate * sim.time) spikes each, uniform on the run,
 * at least dead apart (sorted uniform times plus cumulative dead times) */
int snn_fixed_trains(snn_run *r, snn_spikefile *f, const char *pop, uint32_t n, double rate, double dead, uint32_t purpose);
/* k templates of n sources, each firing once at a uniform time in [0, window);
 * trial t shows template t mod k from onset on (stored as one spike file per
 * template, with steps relative to the trial start) */
struct snn_templates {
    int k;
    int64_t trial_steps;
    snn_spikefile *t;
    int *label;               /* per template/entry: the label of a trial showing it */
    int64_t ntrials;          /* with phases: the entry of every trial (set by */
    int32_t *entry;           /* snn_templates_order), else trial t shows t mod k */
    char what[600];           /* for messages: "FILE (parameter POP.file)" or "the templates of POP" */
};
int snn_templates_init(snn_run *r, snn_templates *tp, const char *pop, uint32_t n, int k, double window, double onset,
                       double trial, uint32_t purpose);
void snn_templates_emit(snn_templates *tp, int64_t step, snn_spikelist *out);
/* the template/entry trial t shows */
static inline int snn_templates_entry(const snn_templates *tp, int64_t trial)
{
    return tp->entry && trial < tp->ntrials ? tp->entry[trial] : (int)(trial % tp->k);
}
/* 'state VAR = file(PATH, UNIT)' (initfile.c): exactly n numbers, one per
 * line, times unit (SI), into dst; 0, or -1 with snn_fail set (file, line,
 * population and state named). */
int snn_initfile_load(snn_run *r, float *dst, uint32_t n, double unit, const char *path, const char *param,
                      const char *pop, const char *var);
/* ... the same for a neuron parameter given as 'PARAM = file(PATH, UNIT)' */
int snn_paramfile_load(snn_run *r, float *dst, uint32_t n, double unit, const char *path, const char *param,
                       const char *pop, const char *var);
/* A labelled stimulus set from a CSV file "entry,label,node_id,time_ms", or an
 * HDF5 file (.h5) as build/snn-audio writes it; times from the trial start
 * plus onset (s): entries 0..E-1, each with one label >= 0; trial t shows
 * entry t mod E and carries its label.  Held like templates. */
int snn_stimset_load(snn_run *r, snn_templates *tp, const char *pop, const char *param, const char *path, uint32_t n,
                     double trial, double onset);
void snn_templates_free(snn_templates *tp);
void snn_spikefile_free(snn_spikefile *f);

/* ---- checkpoints (checkpoint.c) ---------------------------------------------- */
/* The model's part of a checkpoint (its snn_model.checkpoint): each call
 * writes the named block, or reads it back in place, whichever the
 * checkpoint is doing. */
void snn_ckpt_fixed(snn_ckpt *k, const char *name, void *p, size_t bytes);
/* a block P of BYTES of which COPIES - 1 copies follow (one per thread): one is written, every one read */
void snn_ckpt_copies(snn_ckpt *k, const char *name, void *p, size_t bytes, int copies);
void snn_ckpt_mod(snn_ckpt *k, const char *name, snn_mod *m);
void snn_ckpt_lzg(snn_ckpt *k, const char *name, snn_lzg *g, const snn_lazy *L);
void snn_ckpt_spikefile(snn_ckpt *k, const char *name, snn_spikefile *f);
void snn_ckpt_templates(snn_ckpt *k, const char *name, snn_templates *tp);

/* ---- numerics used by generated code (numeric.c) ------------------------------ */
/* exp(A dt) of the augmented (n+1)x(n+1) matrix [[A, b], [0, 0]]: on return
 * P (n x n, row-major) and q (n) give x(t+dt) = P x(t) + q exactly. */
int snn_propagator(int n, const double *A, const double *b, double dt, double *P, double *q);

/* glibc ships vector versions of these (libmvec) but only announces them under
 * -ffast-math; announcing them here lets the update loops vectorize without
 * giving up IEEE semantics elsewhere. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__GLIBC__) && !defined(__FAST_MATH__)
float expf(float) __attribute__((simd("notinbranch")));
float expm1f(float) __attribute__((simd("notinbranch")));
float logf(float) __attribute__((simd("notinbranch")));
float cosf(float) __attribute__((simd("notinbranch")));
#endif

/* Threads' shares of a population are whole blocks of SNN_BLOCK neurons
 * (team.c), and an update loop over [lo, hi) runs twice: over the whole
 * blocks, then over what is left, which is the population's last partial
 * block or nothing.  The vector math of libmvec and the scalar functions of a
 * loop's remainder differ in the last bit; this way the remainder is always
 * the same neurons, whatever the number of threads (a loop per block of 64
 * cost COBA 11 %).  64: the widest vector GCC makes of the loops' uint8_t
 * arrays (AVX-512), so that no whole block leaves a remainder. */
#define SNN_BLOCK 64u
#define SNN_BLOCKS(b, e, lo, hi)                                                        \
    for (uint32_t b = (lo), e = (lo) + ((hi) - (lo)) / SNN_BLOCK * SNN_BLOCK, b##k_ = 0; \
         b##k_ < 2; b##k_++, b = e, e = (hi))

/* Add this step's weighted counts of neurons [a, z) to their inputs IN.
 * Neuron i takes word i % 4 of Philox block (purpose, i / 4, step): one call
 * serves four neurons.  In blocks of SNN_BLOCK, branch-free over the neurons,
 * so that GCC vectorizes the draws and the comparisons; the thresholds stop
 * at the first that no word of the block reaches. */
static inline void snn_drive_add(const snn_drive *d, uint64_t seed, int64_t step, uint32_t a, uint32_t z,
                                 float *restrict in)
{
    for (uint32_t b = a; b < z; b += SNN_BLOCK) {
        const uint32_t n = z - b < SNN_BLOCK ? z - b : SNN_BLOCK, q0 = b / 4, off = b - 4 * q0;
        uint32_t x[SNN_BLOCK + 4], c[SNN_BLOCK];
        for (uint32_t q = 0; q < (off + n + 3) / 4; q++)
            snn_philox(seed, d->purpose, q0 + q, (uint64_t)step, x + 4 * q);
        for (uint32_t i = 0; i < n; i++)
            c[i] = 0;
        for (uint32_t j = 0; j < d->n; j++) {
            const uint32_t t = d->thr[j];
            uint32_t any = 0;
            for (uint32_t i = 0; i < n; i++) {
                const uint32_t ge = x[off + i] >= t;
                c[i] += ge;
                any |= ge;
            }
            if (!any)
                break;
        }
        for (uint32_t i = 0; i < n; i++)
            in[b + i] += d->w * (float)c[i];
    }
}

/* the least power of two >= x (x >= 1) */
static inline uint32_t snn_pow2(uint32_t x)
{
    uint32_t p = 1;
    while (p < x)
        p *= 2;
    return p;
}

/* Before a loop whose iterations touch disjoint elements: no loop-carried
 * dependences, so GCC may vectorize without run-time alias checks. */
#if defined(__GNUC__) && !defined(__clang__)
#define SNN_IVDEP _Pragma("GCC ivdep")
#else
#define SNN_IVDEP
#endif

/* How many synapses ahead a column walk (on post) prefetches.  COBA with
 * RM-STDP (bench/models/rmstdp_coba.snn), medians of 5 runs with the other core
 * busy: no prefetch 4.08 s; 2: 3.39, 4: 3.59, 6: 3.43, 8: 3.29, 12: 3.30,
 * 16: 3.79 s.  On an idle machine: none 4.04 s, 8: 3.25 s. */
#define SNN_PREFETCH_AHEAD 8

/* Exponential Euler step of dx/dt = a x + b with a, b held over the step:
 * x + (a x + b) (exp(a dt) - 1) / a, exact when a and b are constant.
 * Branch-free (a select, not a jump) so that loops calling it vectorize. */
static inline float snn_expeuler(float x, float a, float b, float dt)
{
    const float em1 = expm1f(a * dt);
    const float h = a != 0.0f ? em1 / a : dt;
    return x + (a * x + b) * h;
}

/* Tsodyks-Markram short-term dynamics (CSIM convention) at a presynaptic spike:
 * the efficacy u R of this spike, after updating u and R over the interval isi
 * since the previous one (first spike: u = U, R = 1). */
static inline float snn_tsodyks(float *u, float *R, float U, float iD, float iF, int first, double isi)
{
    if (first) {
        *u = U;
        *R = 1;
    } else {
        const float ed = (float)exp(-isi * iD), ef = (float)exp(-isi * iF);
        *R = 1 + (*R - *u * *R - 1) * ed;
        *u = U + *u * (1 - U) * ef;
    }
    return *u * *R;
}

/* exp(-d k) for a trace decaying over d steps.  table[d] = exp(-d k) for
 * d < SNN_DECAY_TABLE (exactly exp's value), then table[SNN_DECAY_TABLE + m] =
 * exp(-m SNN_DECAY_TABLE k): intervals up to SNN_DECAY_TABLE * SNN_DECAY_COARSE
 * steps are a product of two entries (within 2 ulp of exp), beyond that exp().
 * In a COBA RM-STDP profile exp() for the longer intervals took 9 % of the
 * samples; the two-level table made the run 3 % faster (medians of 5). */
enum { SNN_DECAY_TABLE = 4096, SNN_DECAY_COARSE = 64 };
static inline double snn_decay(const double *table, double k, int64_t d)
{
    if (d < SNN_DECAY_TABLE)
        return table[d];
    if (d < (int64_t)SNN_DECAY_TABLE * SNN_DECAY_COARSE)
        return table[d % SNN_DECAY_TABLE] * table[SNN_DECAY_TABLE + d / SNN_DECAY_TABLE];
    return exp(-(double)d * k);
}

/* x limited to [lo, hi]: hard bounds of plastic weights (inline, unlike fmin/fmax) */
static inline double snn_clip(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Scan a byte mask of this step's spikes into a list (spikes.c). */
void snn_collect(const uint8_t *fired, uint32_t lo, uint32_t hi, snn_spikelist *out);

/* ---- the driver (sim.c) --------------------------------------------------------- */
/* The generated main(): runs the model as the command line asks; the exit status. */
int snn_main(int argc, char **argv, const snn_model *m);

#endif
