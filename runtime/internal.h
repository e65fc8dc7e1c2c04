/*
 * internal.h: what the runtime's own files share beyond snn.h.
 *
 * snn.h is the interface of generated code and is compiled with every model;
 * the declarations here serve only the runtime itself (the driver, its
 * recordings and writers, checkpoints, the frozen sub-network computed
 * ahead, MPI, CSV input) and tests/unit.  One section per file, as in
 * compiler/snnc.h; the driver's files (sim.c and the ones it calls) come last.
 */
#ifndef SNN_INTERNAL_H
#define SNN_INTERNAL_H

#include "snn.h"
#include "output.h"

#include <gsl/gsl_randist.h>

/* ---- memory, announced before it is taken (budget.c) -------------------------- */
/* The limit: max_memory bytes if > 0, else what the system has available. */
void snn_budget_init(snn_run *r, double max_memory);
/* A connection's expected synapses (rules all, one-to-one, probability, in-degree). */
int snn_budget_synapses(snn_run *r, const snn_conn_spec *s);
/* "1.5G", "512M", "2GiB", "100000": bytes (powers of 1024); -1 if not a size. */
double snn_size_parse(const char *text);

/* ---- continuous plasticity integrated at events (plast.c) -------------------- */
/* Weight change over n steps from states x, y (both advanced in place): the
 * generic version of what lazy_tmpl.h specialises for one rule's sizes. */
double snn_lazy_advance(const snn_lazy *L, double *x, double *y, int64_t n);

/* ---- labelled stimuli in the phases' order (stimset.c) ------------------------ */
/* Arrange the trials of every phase in its order (sequential: the entries in
 * turn; alternating: the labels in turn, each label's entries in turn; random:
 * a uniform entry per trial from stream `purpose`).  Fails, naming the phase,
 * when a phase alternates labels the set does not have. */
int snn_templates_order(snn_run *r, snn_templates *tp, const snn_phase *ph, int nphases, uint32_t purpose);
/* Fails, naming the set and where the model asks, when the set lacks one of
 * the n labels the model compares 'label' with. */
int snn_templates_check_labels(snn_run *r, const snn_templates *tp, int n, const int *labels, const char *const *at);

/* ---- progress on stderr (progress.c) ------------------------------------------- */
/* A live line on a terminal, else whole lines, sparse (every 10 % or 30 s) or,
 * with --progress, every 2 s. */
typedef enum { SNN_PROGRESS_OFF, SNN_PROGRESS_LIVE, SNN_PROGRESS_SPARSE, SNN_PROGRESS_LINES } snn_progress_mode;
typedef struct {
    snn_progress_mode mode;
    int64_t nsteps, next_step;
    double dt, t0, next_s;
    bool shown;
} snn_progress;
void snn_progress_start(snn_progress *p, snn_progress_mode mode, int64_t nsteps, double dt, double now);
/* phase NULL: the model has none; ntrials 0: no trials */
void snn_progress_update(snn_progress *p, int64_t step, const char *phase, int64_t trial, int64_t ntrials, double now);
void snn_progress_end(snn_progress *p);

/* ---- CSV input files (csvin.c) ---------------------------------------------------- */
/* Columns found by the header's names, in any order, or in the order of
 * `names` without a header. */
enum { SNN_CSV_MAX_COLS = 8 };
typedef struct {
    FILE *fp;
    const char *path;
    char *buf;                    /* the current line */
    long lineno;
    int ncol;
    const char *const *names;     /* the columns, in the order without a header */
    int col[SNN_CSV_MAX_COLS];    /* the field that holds names[k] */
    bool started;                 /* the header (or first row) was read */
} snn_csv;
/* 0, or -1 with snn_fail set ("PATH: cannot open WHAT: why") */
int snn_csv_open(snn_run *r, snn_csv *c, const char *path, const char *what, const char *const *names, int ncol);
/* The next row: f[k] = the text of column names[k].  1, 0 at the end, -1 with
 * snn_fail set (file and line) for a bad header, a wrong field count, a NUL or
 * control byte, an over-long line or a read error. */
int snn_csv_row(snn_run *r, snn_csv *c, char **f);
/* Column k's text as a whole number >= 0 (UINT64_MAX if larger than any) or
 * as a number: 0, or -1 with snn_fail set. */
int snn_csv_uint(snn_run *r, const snn_csv *c, int k, const char *text, uint64_t *v);
int snn_csv_num(snn_run *r, const snn_csv *c, int k, const char *text, double *v);
void snn_csv_close(snn_csv *c);

/* ---- checkpoints (checkpoint.c) ---------------------------------------------- */
/* The run's state as named blocks, written or read back in place by the same
 * calls; a block whose name or size differs from the stored one makes the
 * whole read fail (another model, or a damaged file).  Errors are kept in the
 * snn_ckpt and reported by its _end. */
snn_ckpt *snn_ckpt_write_begin(const char *path, char *err, size_t n);
int snn_ckpt_write_end(snn_ckpt *k, char *err, size_t n);      /* flushed, renamed into place */
snn_ckpt *snn_ckpt_read_begin(const char *path, char *err, size_t n); /* checksum checked first */
int snn_ckpt_read_end(snn_ckpt *k, char *err, size_t n);
bool snn_ckpt_writing(const snn_ckpt *k);
/* 0 if all went well so far; else -1 with the message in err, and k closed and freed */
int snn_ckpt_check(snn_ckpt *k, char *err, size_t n);
/* which model, built by which snnc: written, or read and refused if not this one */
int snn_ckpt_identity(snn_ckpt *k, const char *source, const char *hash, const char *compiler);
/* *n elements of elem bytes at *p, which reading reallocates to the stored length */
void snn_ckpt_array(snn_ckpt *k, const char *name, void **p, size_t elem, uint64_t *n);

/* ---- the recorded spikes beside a checkpoint (spikelog.c) ---------------------- */
/* Appended at each checkpoint, so that a checkpoint need not hold them. */
typedef struct {
    uint64_t bytes, hash;     /* the log's length and hash at the last checkpoint */
    uint64_t *saved;          /* per population: spikes in the log */
} snn_spikelog;
int snn_spikelog_init(snn_spikelog *L, int npops);
void snn_spikelog_free(snn_spikelog *L);
/* DIR/checkpoint.spikes: the spikes recorded since the last call, appended and flushed to disk */
int snn_spikelog_append(snn_spikelog *L, const char *dir, const snn_spikes *rec, int npops, char *err, size_t n);
/* The spikes of the log's first L->bytes into rec (empty before), checked against
 * L->hash and L->saved; what follows in the file is cut off. */
int snn_spikelog_load(snn_spikelog *L, const char *dir, snn_spikes *rec, int npops, char *err, size_t n);

/* ---- the frozen sub-network computed ahead (ahead.c) -------------------------- */
typedef struct {
    int64_t ntrials, trial_steps;
    int jobs;                 /* worker processes used */
    uint64_t *start;          /* per trial: its first event; ntrials + 1 */
    uint32_t *off, *code;     /* per event: step within the trial; population << 24 | neuron */
    uint64_t cursor;
} snn_ahead;

/* Every trial of the frozen sub-network in `jobs` worker processes. */
int snn_ahead_run(snn_run *r, const snn_model *m, int64_t ntrials, int64_t trial_steps, int jobs, bool progress,
                  snn_ahead *a);
/* The frozen populations' spikes of this step into r->now (steps in order). */
void snn_ahead_inject(snn_ahead *a, snn_run *r, const snn_model *m, int64_t step);
void snn_ahead_free(snn_ahead *a);

/* ---- MPI (mpi.c; real with -DSNN_MPI, single-process otherwise) ---------------- */
void snn_mpi_init(int *argc, char ***argv);
void snn_mpi_finalize(void);
int snn_mpi_rank(void);
int snn_mpi_size(void);
int snn_mpi_all_ok(int rc);                     /* non-zero if rc was non-zero on any rank */
int snn_mpi_gather_ahead(snn_run *r, snn_ahead *a);

#endif
