/*
 * snn_audio.c (build/snn-audio): WAV recordings to a labelled spike-train set.
 * Each LABEL=FILE.wav argument becomes one entry: the audio is read with
 * libsndfile (mono PCM only), resampled with libsamplerate to --rate, passed
 * through Lyon's passive ear (runtime/cochlea.c), scaled so that its largest
 * value is --peak, and BSA-encoded per channel (runtime/bsa.c).  The set goes
 * to an HDF5 file (and, with --csv, to the CSV form stimulus_set() reads):
 *
 *   /spikes/entry, /spikes/node_id (uint32), /spikes/time_ms (float64)
 *       one row per spike, by entry and time; node_id = channel, 0 = highest CF
 *   /entries/label (int32), /entries/source (string), /entries/duration_ms
 *   /channels/cf_hz                      centre frequency of each channel
 *   /cochleagram/e<K> (float32, frames x channels)   with --cochleagram
 *   root attributes: every parameter of the front end and the encoder
 *
 * Any bad input (not mono PCM, empty or silent, no label) stops the tool with
 * the file and the problem, before anything is written; outputs appear whole
 * or not at all (written under a temporary name, then renamed).
 */
#include "audio.h"
#include "output.h"
#include "version.h"

#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <samplerate.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    const char *path;
    int label;
    double duration_ms;
    size_t frames;
    float *cochleagram;           /* frames x channels, kept for --cochleagram */
    size_t nspikes;
    uint32_t *node;
    double *time_ms;
} entry;

static void usage(FILE *f)
{
    fprintf(f, "usage: snn-audio [options] -o SET.h5 LABEL=FILE.wav ...\n"
               "Turns recordings into a labelled spike-train set (Lyon's passive ear + BSA).\n\n"
               "  -o FILE          the HDF5 set to write (required)\n"
               "  --csv FILE       also write it as CSV: entry,label,node_id,time_ms\n"
               "  --cochleagram    store each entry's cochleagram in the HDF5 file\n"
               "  --rate HZ        resample to this rate first (16000: 86 channels)\n"
               "  --df N           samples per output frame (64)\n"
               "  --earq Q         channel quality factor (8)\n"
               "  --step S         channel spacing in bandwidths (0.25)\n"
               "  --no-agc         no automatic gain control\n"
               "  --taps M         BSA decoding filter length (24)\n"
               "  --cutoff C       its cut-off in cycles per frame (0.05)\n"
               "  --threshold T    BSA threshold (0.9)\n"
               "  --ratio          BSA rule e1 <= T e2 instead of e1 <= e2 - T\n"
               "  --peak P         scale each cochleagram so that its maximum is P (0.5)\n"
               "  --version        print the version\n"
               "LABEL is a whole number >= 0 (e.g. the digit spoken).\n");
}

static int fail(const char *path, const char *fmt, const char *detail)
{
    fprintf(stderr, "snn-audio: %s: ", path);
    fprintf(stderr, fmt, detail);
    fputc('\n', stderr);
    return -1;
}

/* The samples of a mono PCM file at rate fs (resampled if needed). */
static int read_wav(const char *path, double fs, double **out, size_t *len)
{
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    if (!sf)
        return fail(path, "cannot read as audio: %s", sf_strerror(NULL));
    const int sub = info.format & SF_FORMAT_SUBMASK;
    const bool pcm = sub == SF_FORMAT_PCM_S8 || sub == SF_FORMAT_PCM_U8 || sub == SF_FORMAT_PCM_16 ||
                     sub == SF_FORMAT_PCM_24 || sub == SF_FORMAT_PCM_32;
    int rc = 0;
    if (info.channels != 1)
        rc = fail(path, "%s", info.channels == 2 ? "stereo; the tool takes mono PCM recordings" : "not mono; the tool takes mono PCM recordings");
    else if (!pcm)
        rc = fail(path, "%s", "not PCM (e.g. float or compressed); the tool takes mono PCM recordings");
    else if (info.frames <= 0)
        rc = fail(path, "%s", "empty: no samples");
    if (rc) {
        sf_close(sf);
        return rc;
    }
    float *x = malloc(sizeof(float) * (size_t)info.frames);
    sf_count_t got = x ? sf_readf_float(sf, x, info.frames) : 0;
    sf_close(sf);
    if (!x || got != info.frames) {
        free(x);
        return fail(path, "%s", x ? "could not read all samples" : "out of memory");
    }
    float peak = 0;
    for (sf_count_t i = 0; i < got; i++)
        peak = fmaxf(peak, fabsf(x[i]));
    if (peak == 0) {
        free(x);
        return fail(path, "%s", "silent: every sample is zero");
    }
    size_t n = (size_t)got;
    float *y = x;
    if (info.samplerate != (int)fs) { /* band-limited resampling */
        const double ratio = fs / info.samplerate;
        size_t m = (size_t)ceil((double)n * ratio) + 16;
        y = malloc(sizeof(float) * m);
        SRC_DATA d = {.data_in = x, .data_out = y, .input_frames = (long)n, .output_frames = (long)m, .src_ratio = ratio};
        int e = y ? src_simple(&d, SRC_SINC_BEST_QUALITY, 1) : 0;
        free(x);
        if (!y || e) {
            free(y);
            return fail(path, "cannot resample: %s", y ? src_strerror(e) : "out of memory");
        }
        n = (size_t)d.output_frames_gen;
    }
    double *v = malloc(sizeof(double) * (n ? n : 1));
    if (!v) {
        free(y);
        return fail(path, "%s", "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        v[i] = y[i];
    free(y);
    *out = v;
    *len = n;
    return 0;
}

/* One entry: cochleagram, scaling, BSA per channel. */
static int encode(entry *e, const snn_lyon *L, const snn_bsa_opts *b, const double *h, double fs)
{
    double *x, *cg;
    size_t len, nf;
    if (read_wav(e->path, fs, &x, &len))
        return -1;
    e->duration_ms = 1e3 * (double)len / fs;
    int rc = snn_lyon_run(L, x, len, &cg, &nf);
    free(x);
    if (rc)
        return fail(e->path, "%s", "out of memory");
    const int n = L->n;
    double top = 0;
    for (size_t i = 0; i < nf * (size_t)n; i++)
        top = fmax(top, cg[i]);
    if (!(top > 0)) {
        free(cg);
        return fail(e->path, "%s", "too short or too quiet: the cochleagram is zero (fewer samples than one frame?)");
    }
    e->frames = nf;
    e->cochleagram = malloc(sizeof(float) * (nf ? nf : 1) * (size_t)n);
    double *s = malloc(sizeof(double) * (nf + (size_t)b->taps));
    size_t *fr = malloc(sizeof(size_t) * (nf ? nf : 1));
    e->node = malloc(sizeof(uint32_t) * (nf ? nf : 1) * (size_t)n);
    e->time_ms = malloc(sizeof(double) * (nf ? nf : 1) * (size_t)n);
    if (!e->cochleagram || !s || !fr || !e->node || !e->time_ms) {
        free(cg);
        free(s);
        free(fr);
        return fail(e->path, "%s", "out of memory");
    }
    const double frame_ms = 1e3 * L->o.df / fs;
    size_t ns = 0;
    for (int c = 0; c < n; c++) {
        for (size_t t = 0; t < nf; t++) {
            s[t] = cg[t * (size_t)n + (size_t)c] * (b->peak / top);
            e->cochleagram[t * (size_t)n + (size_t)c] = (float)s[t];
        }
        size_t k = snn_bsa_encode(s, nf, h, b->taps, b, fr);
        for (size_t i = 0; i < k; i++) {
            e->node[ns] = (uint32_t)c;
            e->time_ms[ns++] = (double)fr[i] * frame_ms;
        }
    }
    e->nspikes = ns;
    free(cg);
    free(s);
    free(fr);
    /* by time (then channel), as a spike file is read */
    for (size_t i = 1; i < ns; i++) {
        const uint32_t nd = e->node[i];
        const double t = e->time_ms[i];
        size_t j = i;
        for (; j > 0 && (e->time_ms[j - 1] > t || (e->time_ms[j - 1] == t && e->node[j - 1] > nd)); j--) {
            e->time_ms[j] = e->time_ms[j - 1];
            e->node[j] = e->node[j - 1];
        }
        e->time_ms[j] = t;
        e->node[j] = nd;
    }
    return 0;
}

/* ---- HDF5 ------------------------------------------------------------------------ */

static int put(hid_t loc, const char *name, hid_t ftype, hid_t mtype, size_t n, const void *data, int rank2_cols)
{
    hsize_t dims[2] = {n, (hsize_t)rank2_cols};
    hid_t sp = H5Screate_simple(rank2_cols ? 2 : 1, dims, NULL);
    hid_t ds = sp >= 0 ? H5Dcreate2(loc, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) : -1;
    herr_t st = ds >= 0 && (n == 0 || H5Dwrite(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0) ? 0 : -1;
    if (ds >= 0)
        H5Dclose(ds);
    if (sp >= 0)
        H5Sclose(sp);
    return st;
}

static int attr_d(hid_t loc, const char *name, double v)
{
    hid_t sp = H5Screate(H5S_SCALAR), a = H5Acreate2(loc, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    int st = a >= 0 && H5Awrite(a, H5T_NATIVE_DOUBLE, &v) >= 0 ? 0 : -1;
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(sp);
    return st;
}

static int attr_s(hid_t loc, const char *name, const char *v)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, strlen(v) + 1);
    hid_t sp = H5Screate(H5S_SCALAR), a = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    int st = a >= 0 && H5Awrite(a, t, v) >= 0 ? 0 : -1;
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
    return st;
}

static int write_h5(const char *tmp, entry *E, int ne, const snn_lyon *L, const snn_bsa_opts *b, bool cochleagram)
{
    hid_t f = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0)
        return -1;
    int st = 0;
    const snn_lyon_opts *o = &L->o;
    st |= attr_s(f, "generator", "snn-audio: Lyon passive ear + BSA");
    st |= attr_d(f, "fs_hz", o->fs) | attr_d(f, "ear_q", o->ear_q) | attr_d(f, "step", o->step);
    st |= attr_d(f, "df", o->df) | attr_d(f, "frame_ms", 1e3 * o->df / o->fs) | attr_d(f, "agc", o->agc);
    st |= attr_d(f, "differ", o->differ) | attr_d(f, "tau_factor", o->tau_factor) | attr_d(f, "channels", L->n);
    st |= attr_d(f, "bsa_taps", b->taps) | attr_d(f, "bsa_cutoff", b->cutoff) | attr_d(f, "bsa_threshold", b->threshold);
    st |= attr_s(f, "bsa_rule", b->ratio ? "e1 <= threshold * e2" : "e1 <= e2 - threshold") | attr_d(f, "peak", b->peak);
    size_t total = 0;
    for (int k = 0; k < ne; k++)
        total += E[k].nspikes;
    uint32_t *en = malloc(sizeof(uint32_t) * (total + 1)), *nd = malloc(sizeof(uint32_t) * (total + 1));
    double *tm = malloc(sizeof(double) * (total + 1)), *dur = malloc(sizeof(double) * (size_t)ne);
    int32_t *lab = malloc(sizeof(int32_t) * (size_t)ne);
    const char **src = malloc(sizeof(char *) * (size_t)ne);
    if (!en || !nd || !tm || !dur || !lab || !src)
        st = -1;
    for (int k = 0, i = 0; st == 0 && k < ne; k++) {
        for (size_t j = 0; j < E[k].nspikes; j++, i++) {
            en[i] = (uint32_t)k;
            nd[i] = E[k].node[j];
            tm[i] = E[k].time_ms[j];
        }
        dur[k] = E[k].duration_ms;
        lab[k] = E[k].label;
        src[k] = E[k].path;
    }
    hid_t g = st == 0 ? H5Gcreate2(f, "spikes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) : -1;
    st |= g < 0 || put(g, "entry", H5T_STD_U32LE, H5T_NATIVE_UINT32, total, en, 0) ||
          put(g, "node_id", H5T_STD_U32LE, H5T_NATIVE_UINT32, total, nd, 0) ||
          put(g, "time_ms", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, total, tm, 0);
    if (g >= 0)
        H5Gclose(g);
    g = st == 0 ? H5Gcreate2(f, "entries", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) : -1;
    hid_t vs = H5Tcopy(H5T_C_S1);
    H5Tset_size(vs, H5T_VARIABLE);
    st |= g < 0 || put(g, "label", H5T_STD_I32LE, H5T_NATIVE_INT32, (size_t)ne, lab, 0) ||
          put(g, "duration_ms", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, (size_t)ne, dur, 0) ||
          put(g, "source", vs, vs, (size_t)ne, src, 0);
    H5Tclose(vs);
    if (g >= 0)
        H5Gclose(g);
    g = st == 0 ? H5Gcreate2(f, "channels", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) : -1;
    st |= g < 0 || put(g, "cf_hz", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, (size_t)L->n, L->cf, 0);
    if (g >= 0)
        H5Gclose(g);
    if (cochleagram && st == 0) {
        g = H5Gcreate2(f, "cochleagram", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        st |= g < 0;
        for (int k = 0; st == 0 && k < ne; k++) {
            char name[32];
            snprintf(name, sizeof name, "e%d", k);
            st |= put(g, name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, E[k].frames, E[k].cochleagram, L->n);
        }
        if (g >= 0)
            H5Gclose(g);
    }
    free(en);
    free(nd);
    free(tm);
    free(dur);
    free(lab);
    free(src);
    return H5Fclose(f) < 0 || st ? -1 : 0;
}

static int write_csv(const char *tmp, const entry *E, int ne)
{
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    fprintf(f, "entry,label,node_id,time_ms\n");
    for (int k = 0; k < ne; k++)
        for (size_t j = 0; j < E[k].nspikes; j++)
            fprintf(f, "%d,%d,%u,%.4f\n", k, E[k].label, E[k].node[j], E[k].time_ms[j]);
    return (ferror(f) | fclose(f)) ? -1 : 0;
}

/* ---- the command line -------------------------------------------------------------- */

static bool num(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return s[0] && !*end && !errno && isfinite(*v);
}

int main(int argc, char **argv)
{
    snn_lyon_opts lo;
    snn_lyon_defaults(&lo, 16000);
    snn_bsa_opts bo;
    snn_bsa_defaults(&bo);
    const char *out = NULL, *csv = NULL;
    bool cochleagram = false;
    /* every exit after this point goes through done, which frees everything */
    int status = 1;
    entry *E = calloc((size_t)argc, sizeof *E);
    int ne = 0;
    snn_lyon L = {0};
    double *h = NULL;
    if (!E)
        return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        double v = 0;
        bool val = i + 1 < argc;
        const char *opts_d[] = {"--rate", "--df", "--earq", "--step", "--taps", "--cutoff", "--threshold", "--peak"};
        int which = -1;
        for (int k = 0; k < 8; k++)
            if (strcmp(a, opts_d[k]) == 0)
                which = k;
        if (which >= 0) {
            if (!val || !num(argv[++i], &v)) {
                fprintf(stderr, "snn-audio: %s needs a number\n", a);
                goto done;
            }
            double *slot[] = {&lo.fs, NULL, &lo.ear_q, &lo.step, NULL, &bo.cutoff, &bo.threshold, &bo.peak};
            if (which == 1)
                lo.df = (int)v;
            else if (which == 4)
                bo.taps = (int)v;
            else
                *slot[which] = v;
            if ((which == 1 || which == 4) && (v != floor(v) || v < 1 || v > 4096)) {
                fprintf(stderr, "snn-audio: %s must be a whole number from 1 to 4096\n", a);
                goto done;
            }
        } else if (strcmp(a, "-o") == 0 && val) {
            out = argv[++i];
        } else if (strcmp(a, "--csv") == 0 && val) {
            csv = argv[++i];
        } else if (strcmp(a, "--cochleagram") == 0) {
            cochleagram = true;
        } else if (strcmp(a, "--no-agc") == 0) {
            lo.agc = false;
        } else if (strcmp(a, "--ratio") == 0) {
            bo.ratio = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            status = 0;
            goto done;
        } else if (strcmp(a, "--version") == 0) {
            printf("snn-audio %s (rev %s)\n", snn_version, snn_revision);
            status = 0;
            goto done;
        } else if (a[0] == '-') {
            fprintf(stderr, "snn-audio: unknown option '%s'\n", a);
            usage(stderr);
            goto done;
        } else {
            const char *eq = strchr(a, '=');
            char *end = NULL;
            long lab = eq && eq > a ? strtol(a, &end, 10) : -1;
            if (!eq || end != eq || lab < 0 || lab > 1000000 || !eq[1]) {
                fprintf(stderr, "snn-audio: %s: give each recording a label, as LABEL=FILE.wav (LABEL a whole number)\n", a);
                goto done;
            }
            E[ne].label = (int)lab;
            E[ne++].path = eq + 1;
        }
    }
    if (!out || !ne) {
        fprintf(stderr, "snn-audio: %s\n", !out ? "no output file (-o SET.h5)" : "no recordings (LABEL=FILE.wav)");
        usage(stderr);
        goto done;
    }
    if (!(bo.cutoff > 0 && bo.cutoff < 0.5) || !(bo.threshold >= 0) || !(bo.peak > 0)) {
        fprintf(stderr, "snn-audio: --cutoff must be in (0, 0.5), --threshold >= 0, --peak > 0\n");
        goto done;
    }
    if (snn_lyon_design(&L, &lo)) {
        fprintf(stderr, "snn-audio: no filter bank for rate %g Hz, earQ %g, step %g, df %d\n", lo.fs, lo.ear_q, lo.step,
                lo.df);
        goto done;
    }
    h = malloc(sizeof(double) * (size_t)bo.taps);
    if (!h) {
        status = 2;
        goto done;
    }
    snn_bsa_filter(&bo, h);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    for (int k = 0; k < ne; k++)
        if (encode(&E[k], &L, &bo, h, lo.fs))
            goto done; /* nothing written yet */
    char tmp[SNN_PATH_MAX], tmp2[SNN_PATH_MAX];
    if (snn_atomic_begin(out, tmp, sizeof tmp))
        goto done;
    if (write_h5(tmp, E, ne, &L, &bo, cochleagram)) {
        snn_atomic_abort(tmp);
        fprintf(stderr, "snn-audio: %s: cannot write the HDF5 file\n", out);
        goto done;
    }
    if (csv && (snn_atomic_begin(csv, tmp2, sizeof tmp2) || write_csv(tmp2, E, ne))) {
        snn_atomic_abort(tmp);
        snn_atomic_abort(tmp2);
        fprintf(stderr, "snn-audio: %s: cannot write the CSV file\n", csv);
        goto done;
    }
    if (snn_atomic_commit(tmp, out) || (csv && snn_atomic_commit(tmp2, csv)))
        goto done;
    size_t total = 0;
    for (int k = 0; k < ne; k++) {
        total += E[k].nspikes;
        if (!E[k].nspikes)
            fprintf(stderr, "snn-audio: warning: %s gave no spikes (a quiet recording, or too coarse an encoding: "
                            "try a larger --peak or a smaller --df)\n", E[k].path);
    }
    printf("%s: %d entries, %d channels, %zu spikes (%.1f per entry), frames of %.2f ms\n", out, ne, L.n, total,
           (double)total / ne, 1e3 * lo.df / lo.fs);
    status = 0;
done:
    for (int k = 0; k < ne; k++) {
        free(E[k].cochleagram);
        free(E[k].node);
        free(E[k].time_ms);
    }
    free(E);
    free(h);
    snn_lyon_free(&L);
    return status;
}
