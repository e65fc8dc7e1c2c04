/*
 * h5mem.c - HDF5 files laid out by HDF5 and written to disk by us.
 *
 * The reports and edges files (reports.c, edges.c) hold chunked datasets,
 * compressed where it pays.  As for spikes.h5 (sonata.c, which says why), HDF5
 * never writes to the output disk: it lays the file out in a private scratch
 * file (/dev/shm when there is room), and we write the final file ourselves,
 * under a temporary name that is renamed when complete (outdir.c), so every
 * disk error is a plain errno.
 *
 * Large uncompressed data (a membrane-potential trace of a whole population)
 * is never copied into HDF5: its chunks are allocated when the dataset is
 * created and never filled, so the scratch file stays sparse, and the values
 * are converted straight into the final file at the chunks' addresses by the
 * caller's fill function.  Writing a trace then costs one conversion and the
 * kernel's copy into the page cache.  Compressed and small datasets go
 * through HDF5 into the scratch file as usual.
 *
 * Compression (docs/outputs.md): level -1 ("auto") shuffles and deflates a
 * sample of each dataset's data and compresses the dataset only if the sample
 * shrinks to half or less: that saves real space on repeated values (ids,
 * delays, weights at their bounds) and skips float traces whose mantissas do
 * not compress but would cost several times the simulation to deflate.
 * Levels 1-9 compress every chunked dataset, 0 none.  The filters are HDF5's
 * standard shuffle and deflate, which every HDF5 reader has.
 */
#define _POSIX_C_SOURCE 200809L

#include "h5mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

enum { CHUNK_BYTES = 1 << 20, SAMPLE_BYTES = 1 << 16 };

/* A chunk whose bytes we write: rows r0.. and columns c0.. of a dataset. */
typedef struct {
    uint64_t off, len;             /* in the file */
    uint64_t r0, nrows, c0, ncols;
    snn_h5_fill fill;
    void *ctx;
} region;

struct snn_h5 {
    hid_t file;
    const char *path;              /* the final name, for messages */
    int level;                     /* -1 auto, 0 none, 1-9 deflate level */
    int failed;
    int fd;                        /* the scratch file */
    char scratch[SNN_PATH_MAX];
    region *reg;
    size_t nreg, capreg;
};

/* The innermost HDF5 error says what went wrong; the outer ones name calls. */
static herr_t innermost(unsigned n, const H5E_error2_t *e, void *data)
{
    if (n == 0 && e->desc)
        snprintf(data, 256, "%s", e->desc);
    return 0;
}

static int fail(snn_h5 *f, const char *what)
{
    char cause[256] = "unknown HDF5 error";
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost, cause);
    H5Eclear2(H5E_DEFAULT);
    if (!f->failed)
        snn_output_fail(SNN_OUT_EHDF5, f->path, "%s: %s", what, cause);
    f->failed = 1;
    return -1;
}

snn_h5 *snn_h5_new(const char *path, int level, size_t hint)
{
    snn_h5 *f = calloc(1, sizeof *f);
    if (!f) {
        snn_output_fail(SNN_OUT_ENOMEM, path, "out of memory");
        return NULL;
    }
    *f = (snn_h5){.path = path, .level = level, .file = -1};
    /* the scratch holds the metadata and what is compressed: at most the data */
    if ((f->fd = snn_scratch_open(f->scratch, sizeof f->scratch, hint + (1u << 20))) < 0) {
        snn_output_fail(SNN_OUT_EIO, path, "cannot create a scratch file: %s", strerror(errno));
        free(f);
        return NULL;
    }
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* errors are ours to report */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl >= 0 && H5Pset_fapl_sec2(fapl) >= 0 && H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) >= 0) {
#if H5_VERSION_GE(1, 10, 7)
        H5Pset_file_locking(fapl, 0, 1); /* nobody else opens our private scratch file */
#endif
        f->file = H5Fcreate(f->scratch, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    }
    if (fapl >= 0)
        H5Pclose(fapl);
    if (f->file < 0) {
        fail(f, "cannot lay out the file");
        snn_h5_free(f);
        return NULL;
    }
    return f;
}

hid_t snn_h5_root(const snn_h5 *f)
{
    return f->file;
}

hid_t snn_h5_group(snn_h5 *f, hid_t loc, const char *name)
{
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE), gcpl = H5Pcreate(H5P_GROUP_CREATE), g = -1;
    /* no timestamps: the same run gives the same bytes */
    if (lcpl >= 0 && gcpl >= 0 && H5Pset_create_intermediate_group(lcpl, 1) >= 0 &&
        H5Pset_char_encoding(lcpl, H5T_CSET_UTF8) >= 0 && H5Pset_obj_track_times(gcpl, 0) >= 0)
        g = H5Gcreate2(loc, name, lcpl, gcpl, H5P_DEFAULT);
    if (lcpl >= 0)
        H5Pclose(lcpl);
    if (gcpl >= 0)
        H5Pclose(gcpl);
    if (g < 0)
        fail(f, "cannot create a group");
    return g;
}

int snn_h5_attr_str(snn_h5 *f, hid_t obj, const char *name, const char *val)
{
    hid_t t = H5Tcopy(H5T_C_S1), s = H5Screate(H5S_SCALAR), a = -1;
    herr_t st = -1;
    if (t >= 0 && s >= 0 && H5Tset_size(t, H5T_VARIABLE) >= 0 && H5Tset_cset(t, H5T_CSET_UTF8) >= 0 &&
        (a = H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
        st = H5Awrite(a, t, &val);
    if (a >= 0)
        H5Aclose(a);
    if (s >= 0)
        H5Sclose(s);
    if (t >= 0)
        H5Tclose(t);
    return st < 0 ? fail(f, "cannot write an attribute") : 0;
}

int snn_h5_attr_num(snn_h5 *f, hid_t obj, const char *name, hid_t type, hid_t memtype, const void *val, hsize_t n)
{
    hid_t s = n == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, NULL), a = -1;
    herr_t st = -1;
    if (s >= 0 && (a = H5Acreate2(obj, name, type, s, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
        st = H5Awrite(a, memtype, val);
    if (a >= 0)
        H5Aclose(a);
    if (s >= 0)
        H5Sclose(s);
    return st < 0 ? fail(f, "cannot write an attribute") : 0;
}

/* Whether shuffled and deflated, the sample shrinks to half or less. */
static bool pays(const void *sample, size_t bytes, size_t elem)
{
    if (bytes > SAMPLE_BYTES)
        bytes = SAMPLE_BYTES;
    bytes -= bytes % elem;
    if (bytes < 1024)
        return false; /* too small to tell, or to matter */
    unsigned char *shuf = malloc(bytes), *out = malloc(compressBound(bytes));
    uLongf len = compressBound(bytes);
    bool yes = false;
    if (shuf && out) {
        const unsigned char *in = sample;
        const size_t m = bytes / elem;
        for (size_t i = 0; i < m; i++)
            for (size_t b = 0; b < elem; b++)
                shuf[b * m + i] = in[i * elem + b];
        yes = compress2(out, &len, shuf, bytes, 1) == Z_OK && 2 * len <= bytes;
    }
    free(shuf);
    free(out);
    return yes;
}

/* Chunks of whole rows up to about 1 MB (a row longer than that: 1 MB of it). */
static void chunk_shape(hsize_t rows, hsize_t cols, size_t elem, hsize_t chunk[2])
{
    const hsize_t per = CHUNK_BYTES / elem;
    chunk[1] = cols < per ? cols : per;
    chunk[0] = cols < per ? per / cols : 1;
    if (chunk[0] > rows)
        chunk[0] = rows;
}

/* rank 2 (rows x cols), or rank 1 of rows (cols 1) */
static hid_t create(snn_h5 *f, hid_t loc, const char *name, hid_t type, int rank, hsize_t rows, hsize_t cols, int level,
                    bool early)
{
    const hsize_t dims[2] = {rows, cols};
    const size_t elem = H5Tget_size(type);
    hsize_t chunk[2];
    chunk_shape(rows, cols, elem, chunk);
    hid_t space = H5Screate_simple(rank, dims, NULL), dcpl = H5Pcreate(H5P_DATASET_CREATE), d = -1;
    herr_t st = space < 0 || dcpl < 0 ? -1 : H5Pset_obj_track_times(dcpl, 0);
    if (st >= 0 && rows && cols) { /* an empty dataset stays contiguous: it has no storage */
        st = H5Pset_chunk(dcpl, rank, chunk);
        if (st >= 0 && level > 0 && elem > 1)
            st = H5Pset_shuffle(dcpl);
        if (st >= 0 && level > 0)
            st = H5Pset_deflate(dcpl, (unsigned)level);
        if (st >= 0 && early) /* every chunk placed now, never filled by HDF5 */
            st = H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY) < 0 ? -1 : H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER);
    }
    if (st >= 0)
        d = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (space >= 0)
        H5Sclose(space);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (d < 0)
        fail(f, "cannot create a dataset");
    return d;
}

/* Note where each chunk of an early-allocated dataset lies, to be filled at save. */
static int note_chunks(snn_h5 *f, hid_t d, int rank, hsize_t rows, hsize_t cols, size_t elem, snn_h5_fill fill, void *ctx)
{
    hid_t fs = H5Dget_space(d);
    hsize_t n = 0;
    int rc = fs < 0 || H5Dget_num_chunks(d, fs, &n) < 0 ? -1 : 0;
    if (!rc && f->nreg + n > f->capreg) {
        size_t cap = 2 * (f->nreg + n);
        region *r = realloc(f->reg, cap * sizeof *r);
        if (!r) {
            H5Sclose(fs);
            return snn_output_fail(SNN_OUT_ENOMEM, f->path, "out of memory");
        }
        f->reg = r;
        f->capreg = cap;
    }
    hsize_t chunk[2];
    chunk_shape(rows, cols, elem, chunk);
    for (hsize_t k = 0; !rc && k < n; k++) {
        hsize_t at[2] = {0, 0}, size;
        unsigned mask;
        haddr_t addr;
        if (H5Dget_chunk_info(d, fs, k, at, &mask, &addr, &size) < 0 || addr == HADDR_UNDEF) {
            rc = -1;
            break;
        }
        region *g = &f->reg[f->nreg++];
        /* a chunk past the last row or column holds only what is inside */
        g->r0 = at[0];
        g->c0 = rank == 2 ? at[1] : 0;
        g->nrows = rows - at[0] < chunk[0] ? rows - at[0] : chunk[0];
        g->ncols = cols - g->c0 < chunk[1] ? cols - g->c0 : chunk[1];
        g->off = addr;
        g->fill = fill;
        g->ctx = ctx;
        /* a chunk's bytes are its rows in order, each chunk[1] wide: with
         * whole rows (or one row) the inside is one run of bytes */
        g->len = (g->nrows == 1 || g->ncols == chunk[1] ? g->nrows * g->ncols : 0) * elem;
        if (chunk[0] > 1 && g->ncols != chunk[1]) /* never: chunks hold whole rows when they hold several */
            rc = -1;
    }
    if (fs >= 0)
        H5Sclose(fs);
    return rc < 0 ? fail(f, "cannot place a dataset's chunks") : 0;
}

int snn_h5_put_rows(snn_h5 *f, hid_t loc, const char *name, hid_t type, int rank, uint64_t rows, uint64_t cols,
                    snn_h5_fill fill, void *ctx, hid_t *out)
{
    if (out)
        *out = -1;
    if (f->failed)
        return -1;
    if (rank == 1)
        cols = 1;
    const size_t elem = H5Tget_size(type);
    hsize_t chunk[2];
    chunk_shape(rows, cols, elem, chunk);
    /* a chunk's worth of rows: the sample, and then the blocks written */
    const uint64_t brows = chunk[0] ? chunk[0] : 1, first = rows < brows ? rows : brows;
    void *buf = malloc((size_t)(brows * cols * elem) + 1);
    if (!buf)
        return snn_output_fail(SNN_OUT_ENOMEM, f->path, "out of memory");
    int rc = first && cols ? fill(ctx, 0, first, 0, cols, buf) : 0;
    int level = f->level < 0 ? (pays(buf, (size_t)(first * cols * elem), elem) ? 1 : 0) : f->level;
    /* uncompressed data larger than a sample is written by us, at save */
    bool deferred = level == 0 && rows * cols * elem > (uint64_t)SAMPLE_BYTES;
    hid_t d = rc ? -1 : create(f, loc, name, type, rank, rows, cols, level, deferred);
    if (d < 0)
        rc = -1;
    else if (deferred)
        rc = note_chunks(f, d, rank, rows, cols, elem, fill, ctx);
    else /* through HDF5, block by block */
        for (uint64_t r0 = 0; !rc && cols && r0 < rows; r0 += brows) {
            const uint64_t nr = rows - r0 < brows ? rows - r0 : brows;
            if (r0)
                rc = fill(ctx, r0, nr, 0, cols, buf);
            hid_t fs = H5Dget_space(d), ms = -1;
            hsize_t start[2] = {r0, 0}, count[2] = {nr, cols};
            if (rc || fs < 0 || (ms = H5Screate_simple(rank, count, NULL)) < 0 ||
                H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
                H5Dwrite(d, type, ms, fs, H5P_DEFAULT, buf) < 0)
                rc = rc ? rc : fail(f, "cannot write a dataset");
            if (ms >= 0)
                H5Sclose(ms);
            if (fs >= 0)
                H5Sclose(fs);
        }
    free(buf);
    if (out && !rc)
        *out = d;
    else if (d >= 0)
        H5Dclose(d);
    return rc;
}

/* fill for data already in memory, in the file's representation */
typedef struct {
    const unsigned char *v;
    uint64_t cols;
    size_t elem;
} memory;

static int from_memory(void *ctx, uint64_t r0, uint64_t nrows, uint64_t c0, uint64_t ncols, void *out)
{
    const memory *m = ctx;
    for (uint64_t r = 0; r < nrows; r++)
        memcpy((unsigned char *)out + r * ncols * m->elem, m->v + ((r0 + r) * m->cols + c0) * m->elem, ncols * m->elem);
    return 0;
}

int snn_h5_put(snn_h5 *f, hid_t loc, const char *name, hid_t type, uint64_t n, const void *data, hid_t *out)
{
    /* the context lives until save, if the chunks are written then */
    memory *m = malloc(sizeof *m);
    if (!m)
        return snn_output_fail(SNN_OUT_ENOMEM, f->path, "out of memory");
    *m = (memory){data, 1, H5Tget_size(type)};
    const size_t before = f->nreg;
    int rc = snn_h5_put_rows(f, loc, name, type, 1, n, 1, from_memory, m, out);
    if (f->nreg == before)
        free(m);
    return rc;
}

static int by_offset(const void *a, const void *b)
{
    const region *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* The scratch file's bytes, with the deferred chunks' values put in by us. */
static int stream(snn_h5 *f, const char *tmp)
{
    enum { BUF = 1 << 20 };
    unsigned char *buf = malloc(BUF), *vals = NULL;
    size_t cap = 0;
    struct stat st;
    if (!buf)
        return snn_output_fail(SNN_OUT_ENOMEM, f->path, "out of memory");
    if (fstat(f->fd, &st) != 0) {
        free(buf);
        return snn_output_fail(SNN_OUT_EIO, f->path, "cannot read the scratch file: %s", strerror(errno));
    }
    /* the chunks must be disjoint and inside the file, or values would go over metadata */
    if (f->nreg)
        qsort(f->reg, f->nreg, sizeof *f->reg, by_offset);
    uint64_t pos = 0;
    for (size_t i = 0; i < f->nreg; i++) {
        if (f->reg[i].off < pos || f->reg[i].off + f->reg[i].len > (uint64_t)st.st_size) {
            free(buf);
            return snn_output_fail(SNN_OUT_EHDF5, f->path, "HDF5 placed the chunks unexpectedly");
        }
        pos = f->reg[i].off + f->reg[i].len;
    }
    FILE *out = fopen(tmp, "wb");
    if (!out) {
        free(buf);
        return snn_output_fail(SNN_OUT_EIO, f->path, "cannot create file: %s", strerror(errno));
    }
    setvbuf(out, NULL, _IONBF, 0); /* the blocks are large: no second copy */
    errno = 0;
    int bad = 0, failed_fill = 0;
    pos = 0;
    for (size_t i = 0; i < f->nreg && !bad; i++) {
        const region *g = &f->reg[i];
        if (g->len > cap) {
            free(vals);
            if (!(vals = malloc(cap = g->len))) {
                bad = 1;
                errno = ENOMEM;
                break;
            }
        }
        bad = snn_scratch_copy(f->fd, pos, g->off, out, buf, BUF) != 0;
        if (!bad && g->fill(g->ctx, g->r0, g->nrows, g->c0, g->ncols, vals))
            bad = failed_fill = 1;
        if (!bad)
            bad = fwrite(vals, 1, g->len, out) != g->len;
        pos = g->off + g->len;
    }
    if (!bad)
        bad = snn_scratch_copy(f->fd, pos, (uint64_t)st.st_size, out, buf, BUF) != 0;
    int e = errno;
    if (fclose(out) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    free(buf);
    free(vals);
    if (failed_fill)
        return -1;
    return bad ? snn_output_fail(SNN_OUT_EIO, f->path, "cannot write file: %s", strerror(e ? e : EIO)) : 0;
}

int snn_h5_save(snn_h5 *f)
{
    if (f->failed)
        return -1;
    /* everything laid out: HDF5 closes the scratch (ours stays open) */
    hid_t file = f->file;
    f->file = -1;
    if (H5Fclose(file) < 0)
        return fail(f, "cannot lay out the file");
    if (H5Tequal(H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE) <= 0)
        return snn_output_fail(SNN_OUT_EINVAL, f->path, "HDF5 output needs a little-endian host");
    char tmp[SNN_PATH_MAX];
    int rc = snn_atomic_begin(f->path, tmp, sizeof tmp);
    if (rc)
        return rc;
    if ((rc = stream(f, tmp))) {
        snn_atomic_abort(tmp);
        return rc;
    }
    return snn_atomic_commit(tmp, f->path);
}

void snn_h5_free(snn_h5 *f)
{
    if (!f)
        return;
    if (f->file >= 0)
        H5Fclose(f->file); /* after a failure: nothing more is written */
    /* the contexts snn_h5_put made, each shared by its dataset's chunks */
    for (size_t i = 0; i < f->nreg; i++)
        if (f->reg[i].fill == from_memory && f->reg[i].ctx) {
            void *ctx = f->reg[i].ctx;
            for (size_t k = i; k < f->nreg; k++)
                if (f->reg[k].ctx == ctx)
                    f->reg[k].ctx = NULL;
            free(ctx);
        }
    if (f->fd >= 0) {
        close(f->fd);
        unlink(f->scratch);
    }
    free(f->reg);
    free(f);
}
