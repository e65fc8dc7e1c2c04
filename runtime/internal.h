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
#include "version.h"

/* also checks snn.h's declaration of gsl_ran_shuffle against GSL's */
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

/* ---- one network over the ranks (ranks.c) ---------------------------------------- */
/* after STEP's updates (thread 0): every rank's spikes into every rank's lists,
 * STOP and the first halt made the same on all ranks */
int snn_ranks_exchange(snn_run *r, int64_t step, bool *stop);
void snn_ranks_gather_state(snn_run *r, int pop, float *arr);   /* into rank 0's ARR */
typedef struct snn_weights_all_ {
    uint32_t *pre, *post;     /* indices within the projection's ranges, a single process's order */
    double *w;
    uint64_t n;
} snn_weights_all;
/* rank 0: the final weights of PL from every rank */
int snn_ranks_weights(snn_run *r, const snn_plastic_info *pl, snn_weights_all *out);
void snn_weights_all_free(snn_weights_all *w);
void snn_ranks_end(snn_run *r);   /* the reason of a stop, and what each rank sent */
void snn_ranks_free(snn_run *r);
int snn_results_gather(snn_run *r);        /* results.c: the plastic weights of every rank, for rank 0 */
void snn_results_gather_free(snn_run *r);

/* ==== the driver: sim.c and the files it calls ================================== */

/* ---- the executable's name and its messages on stderr (progname.c) ------------- */
void snn_progname_set(const char *argv0); /* argv[0]: its last component names the executable */
const char *snn_progname(void);
/* One line on stderr: "NAME: error: TEXT" (the newline added). */
void snn_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same with another kind: "warning", "note". */
void snn_say(const char *kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- the command line (cli.c) --------------------------------------------------- */
/* --set NAME=VALUE (and --seed N, as sim.seed) */
typedef struct {
    const char *name, *value;
} snn_override;

/* What the command line asks of one run (--seeds: seeds.c). */
typedef struct {
    snn_override *ov;         /* the overrides, --seed last */
    int nov;
    const char *outdir, *format; /* format: the spec of snn_formats_parse */
    char format_spec[160];
    const char *ck_every;     /* --checkpoint-every as given, or NULL */
    const char *resume;       /* --resume DIR, or NULL */
    double max_memory, max_output; /* bytes; 0: what the system has, no limit */
    char max_memory_text[96], max_output_text[96]; /* the options as given, for messages */
    bool quiet, list, sequential, progress_lines, force;
    long jobs;
    long threads;             /* --threads; 0: one per core */
} snn_options;

enum { SNN_CLI_RUN, SNN_CLI_ERROR, SNN_CLI_DONE /* --help, --version */ };
/* argv into *o: SNN_CLI_*; a refusal is printed.  *o is to be freed in every case. */
int snn_options_parse(snn_options *o, int argc, char **argv, const snn_model *m);
void snn_options_free(snn_options *o);
/* How results are written: --format, --compress, --precision */
typedef struct {
    bool sonata, csv;         /* HDF5 (SONATA layouts) and/or text */
    int compress;             /* -1 where it pays, 0 never, 1-9 deflate level */
    bool dbl;                 /* float64 values instead of float32 */
} snn_outfmt;

/* "LIST;COMPRESS;PRECISION" (what cli.c makes of --format, --compress and
 * --precision, and a checkpoint keeps): LIST sonata, csv or both; COMPRESS
 * auto or a deflate level 0-9; PRECISION single or double.  -1 (printed) for
 * anything else. */
int snn_formats_parse(const char *spec, snn_outfmt *fmt);
/* --checkpoint-every TIME in steps of dt; -1 (printed) if not a time of at least one step */
int snn_checkpoint_every(const char *text, double dt, int64_t *steps);
/* The parameters: the overrides applied (checked against the declared
 * dimensions), then the model's defaults, then every value checked; r->seed,
 * r->dt and r->nsteps set.  -1 with the refusal printed. */
int snn_params_setup(snn_run *r, const snn_override *ov, int nov);
/* --list-params: every parameter with its value, in a readable unit */
void snn_params_list(const snn_run *r);

/* ---- recordings during the run (record.c) --------------------------------------- */
typedef struct {
    int64_t every;            /* steps between samples */
    int64_t next;             /* the next step + 1 to sample at, if in the record's phase */
    uint64_t n, cap;
    float *data;              /* samples x the record's width */
    int64_t *step;
} snn_state_buf;

typedef struct {
    int64_t every, next;
    uint64_t n, cap, nnz;
    double *w;                /* samples x nnz, CSR order */
    int64_t *step;
} snn_weight_buf;

typedef struct {
    int64_t next;             /* no sample is due before step + 1 reaches this */
    int64_t trial_steps, ntrials; /* 0, 0: no trials */
    snn_spikes *spikes;       /* per population: the spikes recorded */
    uint8_t **recorded;       /* per population and neuron: are its spikes kept now? */
    snn_state_buf *state;     /* per state record */
    snn_weight_buf *weights;  /* per weight record */
    uint32_t **tcount;        /* per report 'in [t0, t1]': spikes per trial (else NULL) */
    int64_t *tw0, *tw1;       /* its window in steps from the trial start */
} snn_recording;

/* every / dt as a whole number of steps, or 0 if it is not a positive multiple of dt */
int64_t snn_interval_steps(double every, double dt);
/* Allocated for the run as set up (r->dt known); -1 (printed) out of memory. */
int snn_recording_init(snn_recording *rec, const snn_run *r, int64_t trial_steps, int64_t ntrials);
/* The records' sampling intervals in steps; -1 (printed) for one that is not a
 * positive multiple of dt. */
int snn_recording_intervals(snn_recording *rec, snn_run *r);
/* The recordings over the whole run: their memory (budget.c) and the size of
 * their files, printed unless quiet, and refused (printed, -1) above
 * max_output.  Spikes are left out: how many there will be depends on the rates. */
int snn_recording_plan(snn_recording *rec, snn_run *r, bool quiet, double max_output, const char *max_text);
/* Which neurons' spikes are kept during a phase (-1: before any): every neuron
 * without spike records, else those of the records for always or this phase. */
void snn_recording_phase(snn_recording *rec, const snn_model *m, int phase);
/* The step loop's calls after step `step`, made only when there is something
 * to do, since most steps of most populations have no spike and most steps no
 * sample: population pop's spikes (it had some) counted per trial and kept;
 * once step + 1 >= rec->next, the samples due in phase `phase` taken.
 * -1 (printed) out of memory. */
int snn_recording_spikes(snn_recording *rec, const snn_run *r, int pop, int64_t step);
int snn_recording_samples(snn_recording *rec, snn_run *r, int64_t step, int64_t phase);
/* whether a report counts spikes per trial (trials.csv) */
bool snn_recording_trials(const snn_recording *rec, const snn_model *m);
void snn_recording_free(snn_recording *rec, const snn_model *m);

/* ---- the output files (results.c) and run.json (manifest.c) --------------------- */
/* Every output file but run.json into the staging folder; each name is added
 * to written[] (n += 1), also one that failed.  Stops at the first failure:
 * -1 with snn_output_error() set.  summary: write summary.json (a complete run). */
int snn_results_write(const char *stage, snn_run *r, const snn_recording *rec, const snn_outfmt *fmt, bool summary,
                      char **written, int *nw);

/* SONATA edges (edges.c): the snapshots of 'record edges' (edges.h5, edges_at_Ts.h5,
 * edges_end.h5 and/or .csv), and a plastic connection's final weights as STEM.h5 */
int snn_edges_write(const char *dir, snn_run *r, const snn_recording *rec, const snn_outfmt *fmt, char **written,
                    int *nw);
int snn_final_weights_h5(const char *dir, const char *stem, snn_run *r, int k_plastic, const snn_outfmt *fmt,
                         char **written, int *nw);

/* SONATA reports (reports.c): a state record, a weight or per-synapse series */
int snn_report_state(const char *path, const snn_run *r, const snn_state_rec *sr, const snn_state_buf *b,
                     const snn_outfmt *fmt);
int snn_report_weights(const char *path, const snn_run *r, const snn_weight_rec *wr, const snn_weight_buf *b,
                       const snn_outfmt *fmt);

/* What run.json says besides the model's table and the run's counts. */
typedef struct {
    const snn_override *ov;
    int nov;
    const char *stopped_by;   /* NULL: complete; else "SIGINT", "SIGTERM" or "check" */
    const char *stop_reason;  /* a check's message, or NULL */
    double planned_s;         /* the simulated time the run was to reach */
    int64_t trial_steps;
    double init_s, ahead_s, run_s, write_s; /* wall-clock times of the stages */
    bool ahead;               /* the frozen sub-network was computed ahead ... */
    int ahead_jobs;           /* ... by this many processes */
    int checkpoints;          /* written */
    double checkpoints_s, checkpoint_longest_s;
    double checkpoint_every_s;  /* 0: none asked for */
    double kept_at_s;         /* < 0: no checkpoint kept with the outputs */
    double resumed_at_s;      /* 0: not resumed */
    char *const *files;       /* the other outputs */
    int nfiles;
    int argc;                 /* the command line */
    char *const *argv;
    int64_t started;          /* when the run started (time(2)) */
} snn_manifest;
int snn_manifest_write(const char *path, const snn_run *r, const snn_manifest *mf);
/* The closing lines on stdout: neurons, time, spikes and rates, the outputs. */
void snn_manifest_print(const snn_run *r, const char *outdir, char *const *files, int nfiles, double run_s);

/* ---- the threads of one run (team.c) ------------------------------------------ */
/* the cores this process may run on */
int snn_cores(void);
/* NTHREADS threads: the populations' ranges and the spike lists */
int snn_team_init(snn_run *r, int nthreads, int rank, int nranks);
/* this rank's share [from, to) of a connection's targets, as indices within its
 * target range: the synapses it keeps over several ranks */
void snn_own_targets(const snn_run *r, const snn_conn_spec *s, uint32_t *from, uint32_t *to);
void snn_team_free(snn_run *r);
/* FN(ARG, t) on threads t = 0 (the caller) .. nthreads - 1; returns when all did */
int snn_team_run(snn_run *r, void (*fn)(void *arg, int tid), void *arg);
/* every thread's spikes of STEP in r->now, population by population (one thread: its lists themselves) */
void snn_merge_spikes(snn_run *r, int64_t step);

/* ---- checkpoints of the run and --resume (resume.c) ----------------------------- */
/* What the step loop carries from one step to the next, besides the model
 * (written as one block: its layout is part of the checkpoint format). */
typedef struct {
    int64_t step;             /* the next step to run */
    int64_t phase;            /* -1: before the first */
    int64_t phase_end;        /* the trial that ends it */
    double saved[64];         /* the values the phase's 'set's replaced */
} snn_loop;

/* The settings that make a run what it is, as NUL-separated strings: format,
 * sequential, then NAME, VALUE of every override (--seed included). */
char *snn_settings_make(const snn_override *ov, int nov, const char *format, bool sequential, uint64_t *n);
/* The checkpoint in o->resume opened, its model checked and its settings
 * taken over into *o (pointers into *settings); NULL with a message in err. */
snn_ckpt *snn_resume_begin(const snn_model *m, snn_options *o, char **settings, uint64_t *nsettings, char *err, size_t n);
/* The driver's state and the model's, written or read back. */
void snn_checkpoint_state(snn_ckpt *k, snn_run *r, snn_loop *ls, snn_spikelog *slog, snn_recording *rec,
                          uint64_t *gcount, snn_ahead *ahead);
/* DIR/checkpoint.snnck: the model, the settings and the whole state, written
 * atomically (the previous checkpoint stays until the new one is complete),
 * after the spikes recorded since the last one are appended to the log. */
int snn_checkpoint_save(const char *dir, snn_run *r, char *settings, uint64_t nsettings, snn_loop *ls,
                        snn_spikelog *slog, snn_recording *rec, uint64_t *gcount, snn_ahead *ahead, char *err, size_t n);
/* A run stopped by a signal: its checkpoint (and spike log) in DIR go with the
 * outputs in the staging folder, as second names; added to written[]. */
int snn_checkpoint_keep(const char *dir, const char *stage, char **written, int *nw);

/* ---- replicate runs (seeds.c) --------------------------------------------------- */
/* --seeds LIST: the executable once per seed; 0 if all succeeded */
int snn_seeds_run(int argc, char **argv, const char *list);

#endif
