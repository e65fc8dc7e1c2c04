/*
 * audio.h: sound to spike trains -- Lyon's passive cochlear model (cochlea.c)
 * and BSA spike encoding (bsa.c).  Used by tools/snn_audio.c; generated models
 * do not include it.  The algorithms and their constants follow Slaney's
 * Auditory Toolbox and Schrauwen & Van Campenhout 2003 as summarised in the
 * project's reference notes; the code is our own.
 */
#ifndef SNN_AUDIO_H
#define SNN_AUDIO_H

#include <stdbool.h>
#include <stddef.h>

/* ---- Lyon's passive ear (cochlea.c) ------------------------------------------ */

typedef struct {
    double fs;             /* sampling rate, Hz */
    double ear_q;          /* quality factor of the channels (8) */
    double step;           /* channel spacing in bandwidths (ear_q / 32 = 0.25) */
    int df;                /* decimation: one output frame per df samples (>= 1) */
    bool agc, differ;      /* automatic gain control; difference of adjacent taps */
    double tau_factor;     /* decimation low-pass time constant, in frames (3) */
} snn_lyon_opts;

void snn_lyon_defaults(snn_lyon_opts *o, double fs);

typedef struct {
    snn_lyon_opts o;
    int n;                 /* output channels, highest centre frequency first */
    double *cf;            /* their centre frequencies, Hz */
    int nsec;              /* second-order sections in series: 2 front sections + n */
    double (*sos)[5];      /* per section a0 a1 a2 b1 b2 (denominator 1 b1 b2) */
} snn_lyon;

/* The filter bank for o; -1 (nothing allocated) if o is unusable. */
int snn_lyon_design(snn_lyon *L, const snn_lyon_opts *o);
void snn_lyon_free(snn_lyon *L);

/* The cochleagram of x (len samples at o.fs): *frames = len / df rows of n
 * non-negative values (row-major, malloc'd into *out); -1 out of memory. */
int snn_lyon_run(const snn_lyon *L, const double *x, size_t len, double **out, size_t *frames);

/* ---- BSA (bsa.c) --------------------------------------------------------------- */

typedef struct {
    int taps;              /* length M of the decoding filter */
    double cutoff;         /* its cut-off, in cycles per frame (< 0.5) */
    double threshold;      /* additive: fire if e1 <= e2 - threshold; ratio: e1 <= threshold * e2 */
    bool ratio;
    double peak;           /* the cochleagram is scaled so that its largest value is this */
} snn_bsa_opts;

void snn_bsa_defaults(snn_bsa_opts *o);

/* The decoding filter: a Hamming-windowed sinc low-pass, negative taps set to
 * zero, normalised to sum 1 (M = o->taps values into h). */
void snn_bsa_filter(const snn_bsa_opts *o, double *h);

/* Encode one channel: s (T frames, scaled, consumed: the fired kernels are
 * subtracted from it) against h (M taps).  The frames of the spikes go to
 * spikes[] (at most T); returns their number.  s must have room for T + M
 * values: the last M are set to 0, so that the final frames are encoded too. */
size_t snn_bsa_encode(double *s, size_t T, const double *h, int M, const snn_bsa_opts *o, size_t *spikes);

#endif
