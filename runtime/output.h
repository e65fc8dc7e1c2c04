/*
 * output.h - writing a run's results to disk.
 *
 * The simulation records spikes into one snn_spikes per population (in time
 * order, as the step loop produces them); at the end the writers turn them
 * into the files of the output folder:
 *   spikes.h5   SONATA spike file (sonata.c, needs libhdf5)
 *   spikes.csv  the same spikes as text (csvout.c)
 *   run.json    the run manifest, built with the snn_json writer (runjson.c)
 *
 * Every file appears atomically: it is written to a hidden temporary beside
 * its final name and renamed into place only when complete (outdir.c), so a
 * crash or a full disk never leaves a half-written result under a real name.
 *
 * All functions return 0 on success and an SNN_OUT_* code on failure; they
 * never print or exit.  snn_output_error() then describes the last failure,
 * naming the file and the cause, ready to be printed by the caller.
 *
 * Numbers are printed with printf, so the runtime must keep the "C" numeric
 * locale (never call setlocale(LC_NUMERIC, "")), or decimal commas appear.
 */
#ifndef SNN_OUTPUT_H
#define SNN_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum {
    SNN_OUT_OK = 0,
    SNN_OUT_ENOMEM = 1,  /* allocation failed */
    SNN_OUT_EIO = 2,     /* a system call failed (errno in the message) */
    SNN_OUT_EINVAL = 3,  /* bad argument or inconsistent data */
    SNN_OUT_EHDF5 = 4    /* the HDF5 library reported an error */
};

/* Message for the last failure, e.g.
   "run1/spikes.h5: cannot create file: Permission denied"; "" if none. */
const char *snn_output_error(void);

/* Record a failure message ("<path>: <fmt...>", or just fmt if path is NULL)
   and return code, so writers can `return snn_output_fail(...)`. */
int snn_output_fail(int code, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- spike storage (outdir.c) ------------------------------------------ */

/* The spikes of one population: parallel arrays node[i], step[i], pushed in
   non-decreasing step order.  Zero-initialise, set name and size, push. */
typedef struct {
    const char *name;   /* population name; not owned */
    uint64_t size;      /* number of neurons; node ids are < size */
    uint64_t n, cap;    /* spikes stored, capacity */
    uint32_t *node;
    int64_t *step;
} snn_spikes;

/* Append one spike; the arrays grow geometrically.  SNN_OUT_ENOMEM leaves
   the spikes already stored intact. */
int snn_spikes_push(snn_spikes *s, uint32_t node, int64_t step);
void snn_spikes_free(snn_spikes *s);

/* Check what every writer relies on: distinct non-empty names, node < size,
   steps in order.  path (may be NULL) only prefixes the message. */
int snn_spikes_check(const char *path, const snn_spikes *pops, int npops);

/* ---- files and folders (outdir.c) -------------------------------------- */

/* Create dir and any missing parents (like mkdir -p); 0 if it exists. */
int snn_mkdir_p(const char *dir);

/* "DIR/NAME" into out (n bytes); false if it does not fit. */
bool snn_path_join(char *out, size_t n, const char *dir, const char *name);

/* ---- a run's output folder as a whole (runfolder.c) --------------------- */

/* Before a run: DIR created (with its parents) and writable, what stopped runs
 * left beside it removed (with a note on stderr when report), and refused if
 * it holds another run's outputs (unless `replace`: --force, or --resume of
 * that run) or anything that is not a run's output (always).  Checked before
 * anything is simulated, so a bad --out is not found after hours. */
int snn_outdir_claim(const char *dir, bool replace, bool report);
/* A run that fails before writing anything: the folders the claim created are
 * removed again (if still empty), so that an error leaves nothing behind. */
void snn_outdir_unclaim(const char *dir);
/* A new private staging folder beside DIR for a run's outputs:
 * PARENT/.NAME.snn-staging.PID (same file system, so it can take DIR's place). */
int snn_outdir_stage(const char *dir, char *stage, size_t n);
/* The staging folder takes DIR's place in one rename (the old outputs are
 * then removed): a reader or a kill at any moment sees the previous complete
 * result or the new one, never a mix. */
int snn_outdir_publish(const char *dir, const char *stage);
/* Remove a staging folder and what was written into it. */
void snn_outdir_discard(const char *stage);

/* Longest path the writers accept (the temporary's name included). */
enum { SNN_PATH_MAX = 4096 };

/* Atomic file creation.  begin creates an empty temporary
   "DIR/.NAME.tmp.<pid>" beside final_path and writes its name to tmp_path
   (n bytes); the caller writes the file there, then either commits (flush
   to disk, rename over final_path) or aborts (remove the temporary).
   commit removes the temporary itself if it fails. */
int snn_atomic_begin(const char *final_path, char *tmp_path, size_t n);
int snn_atomic_commit(const char *tmp_path, const char *final_path);
void snn_atomic_abort(const char *tmp_path);

/* ---- scratch files (scratch.c) ------------------------------------------- */

/* A new private scratch file, unlinked by the caller when done, in the first
 * of /dev/shm, $TMPDIR, /tmp with room for NEED bytes; its name into name.
 * -1 with errno set if none. */
int snn_scratch_open(char *name, size_t n, uint64_t need);
/* Scratch bytes [from, to) to out, through buf; -1 with errno set. */
int snn_scratch_copy(int fd, uint64_t from, uint64_t to, FILE *out, unsigned char *buf, size_t bufsize);

/* ---- writers ------------------------------------------------------------ */

/* SONATA spike file (sonata.c): /spikes/<name>/{timestamps, node_ids} per
   population, sorting = by_time, times in ms = step * dt_ms.  HDF5 only
   lays the file out, in a small sparse scratch file (/dev/shm, else $TMPDIR
   or /tmp); the bytes on disk are written by us (see sonata.c for why). */
int snn_write_sonata(const char *path, const snn_spikes *pops, int npops, double dt_ms);

/* CSV (csvout.c): header "population,node_id,time_ms", one spike per line,
   all populations merged by step (ties: population order, then push order);
   times as "%.4f" ms, i.e. to 0.1 us: lossless for any dt that is a multiple
   of 0.0001 ms (in practice dt is 0.1 ms or coarser).  Population names
   containing a comma, quote or line break are quoted as in RFC 4180. */
int snn_write_spikes_csv(const char *path, const snn_spikes *pops, int npops, double dt_ms);

/* ---- JSON (runjson.c) -------------------------------------------------- */

/* A small streaming JSON writer into a memory buffer, pretty-printed with
   two-space indents.  Inside an object every call takes a key; inside an
   array or at the top level the key must be NULL.  Errors are sticky: after
   the first (out of memory, misuse) every call returns that code, so the
   caller may check only the final snn_json_save(). */
typedef struct snn_json snn_json;

snn_json *snn_json_new(void);               /* NULL if out of memory */
void snn_json_free(snn_json *j);

int snn_json_begin_object(snn_json *j, const char *key);
int snn_json_end_object(snn_json *j);
int snn_json_begin_array(snn_json *j, const char *key);
int snn_json_end_array(snn_json *j);

int snn_json_string(snn_json *j, const char *key, const char *val); /* NULL -> null */
int snn_json_number(snn_json *j, const char *key, double val);  /* non-finite -> null */
int snn_json_int(snn_json *j, const char *key, int64_t val);
int snn_json_uint(snn_json *j, const char *key, uint64_t val);
int snn_json_bool(snn_json *j, const char *key, int val);
int snn_json_null(snn_json *j, const char *key);

/* The text so far (NUL-terminated; *len gets its length if len != NULL). */
const char *snn_json_text(const snn_json *j, size_t *len);

/* Write the finished document (one complete top-level value) to path,
   atomically. */
int snn_json_save(snn_json *j, const char *path);

#endif /* SNN_OUTPUT_H */
