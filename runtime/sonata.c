/*
 * sonata.c - spikes as a SONATA spike file (HDF5).
 *
 * Layout (SONATA developer guide, "Spike file"; see reference/ecosystem.md):
 *   /                          attrs magic = uint32 0x0A7A, version = uint32[2] {0, 1}
 *   /spikes/<population>       attr sorting = enum8 {none, by_id, by_time} = by_time
 *   /spikes/<population>/timestamps   float64 LE [N], attr units = "ms" (vlen UTF-8)
 *   /spikes/<population>/node_ids     uint64 LE [N], 0-based within the population
 * Spikes arrive in step order, so by_time holds without sorting.
 *
 * Two phases, because HDF5 (up to 1.14.0) cannot survive a failed
 * H5Fclose: after a write error such as a full disk the file object stays
 * registered half-freed and the library's exit handler crashes on it
 * (CVE-2020-10812).  So HDF5 never writes to the output disk:
 *   1. HDF5 lays the file out in a scratch file in memory (/dev/shm when
 *      available): all metadata, and contiguous datasets whose space is
 *      allocated but never filled, so the scratch file stays sparse and small.
 *   2. We stream the final file ourselves: the scratch bytes between the
 *      datasets, and the spike data converted block by block at the dataset
 *      offsets HDF5 chose.  Every disk error is then a plain errno.
 * Memory stays bounded however many spikes a run produced.
 */
#define _POSIX_C_SOURCE 200809L

#include "output.h"

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

enum { BLOCK = 65536 };            /* values converted per fwrite */
enum { SORT_NONE = 0, SORT_BY_ID = 1, SORT_BY_TIME = 2 };

/* Where HDF5 put one dataset's values in the file. */
typedef struct {
    uint64_t off, len;             /* bytes */
    const snn_spikes *pop;
    int is_ids;                    /* node_ids, else timestamps */
} region;

typedef struct {
    const char *path;              /* final name, for messages */
    double dt_ms;
    hid_t scalar;                  /* scalar dataspace for attributes */
    hid_t sorting;                 /* the SONATA sorting enum */
    hid_t vlstr;                   /* variable-length UTF-8 string */
    hid_t dcpl;                    /* contiguous, allocated early, never filled */
    hid_t gcpl;                    /* groups: no timestamps */
    region *reg;
    int nreg;
} writer;

/* ---- phase 1: the layout, by HDF5 ------------------------------------------- */

/* The innermost HDF5 error says what really went wrong; outer ones only name
   the API call. */
static herr_t innermost_cb(unsigned n, const H5E_error2_t *e, void *data)
{
    if (n == 0 && e->desc)
        snprintf(data, 256, "%s", e->desc);
    return 0;
}

static int h5fail(const char *path, const char *what, const char *pop)
{
    char cause[256] = "unknown HDF5 error";
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost_cb, cause);
    H5Eclear2(H5E_DEFAULT);
    if (pop)
        return snn_output_fail(SNN_OUT_EHDF5, path, "cannot lay out %s of population '%s': %s",
                               what, pop, cause);
    return snn_output_fail(SNN_OUT_EHDF5, path, "cannot lay out %s: %s", what, cause);
}

static herr_t put_attr(hid_t obj, const char *name, hid_t type, hid_t space,
                       hid_t memtype, const void *val)
{
    hid_t a = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0)
        return -1;
    herr_t st = H5Awrite(a, memtype, val);
    if (H5Aclose(a) < 0)
        st = -1;
    return st;
}

static int write_root(writer *w, hid_t file)
{
    const uint32_t magic = 0x0A7A, version[2] = {0, 1};
    const hsize_t two = 2;
    hid_t vec2 = H5Screate_simple(1, &two, NULL);
    herr_t st = vec2 < 0 ? -1 : 0;
    if (st >= 0)
        st = put_attr(file, "magic", H5T_STD_U32LE, w->scalar, H5T_NATIVE_UINT32, &magic);
    if (st >= 0)
        st = put_attr(file, "version", H5T_STD_U32LE, vec2, H5T_NATIVE_UINT32, version);
    if (vec2 >= 0)
        H5Sclose(vec2);
    return st < 0 ? h5fail(w->path, "file attributes", NULL) : 0;
}

/* Create one dataset of n elements and note where its values must go. */
static hid_t make_dataset(writer *w, hid_t grp, const char *name, hid_t type, hid_t space,
                          const snn_spikes *s, int is_ids)
{
    hid_t ds = H5Dcreate2(grp, name, type, space, H5P_DEFAULT, w->dcpl, H5P_DEFAULT);
    if (ds < 0 || s->n == 0)
        return ds;                 /* an empty dataset has no storage */
    haddr_t off = H5Dget_offset(ds);
    if (off == HADDR_UNDEF) {
        H5Dclose(ds);
        return -1;
    }
    w->reg[w->nreg++] = (region){off, s->n * 8, s, is_ids};
    return ds;
}

static int write_population(writer *w, hid_t spikes, const snn_spikes *s)
{
    const char *what = "group";
    const hsize_t n = s->n;
    const char *units = "ms";
    const uint8_t by_time = SORT_BY_TIME;
    hid_t grp = -1, space = -1, ts = -1, ids = -1;
    int rc = 0;

    grp = H5Gcreate2(spikes, s->name, H5P_DEFAULT, w->gcpl, H5P_DEFAULT);
    if (grp < 0)
        goto fail;
    what = "sorting attribute";
    if (put_attr(grp, "sorting", w->sorting, w->scalar, w->sorting, &by_time) < 0)
        goto fail;

    /* A population without spikes still gets its (empty) datasets, so a
       reader finds every population the model declared. */
    what = "datasets";
    space = H5Screate_simple(1, &n, NULL);
    if (space < 0)
        goto fail;
    ts = make_dataset(w, grp, "timestamps", H5T_IEEE_F64LE, space, s, 0);
    if (ts < 0)
        goto fail;
    what = "units attribute";
    if (put_attr(ts, "units", w->vlstr, w->scalar, w->vlstr, &units) < 0)
        goto fail;
    what = "datasets";
    ids = make_dataset(w, grp, "node_ids", H5T_STD_U64LE, space, s, 1);
    if (ids < 0)
        goto fail;
    goto done;
fail:
    rc = h5fail(w->path, what, s->name);
done:
    if (ids >= 0) H5Dclose(ids);
    if (ts >= 0) H5Dclose(ts);
    if (space >= 0) H5Sclose(space);
    if (grp >= 0) H5Gclose(grp);
    return rc;
}

static hid_t make_sorting_type(void)
{
    /* libsonata reads an 8-bit base; HDF5 converts enums by member name,
       so any reader's own enum type maps onto this one. */
    hid_t t = H5Tenum_create(H5T_STD_U8LE);
    uint8_t v;
    if (t < 0)
        return -1;
    v = SORT_NONE;
    if (H5Tenum_insert(t, "none", &v) < 0)
        goto fail;
    v = SORT_BY_ID;
    if (H5Tenum_insert(t, "by_id", &v) < 0)
        goto fail;
    v = SORT_BY_TIME;
    if (H5Tenum_insert(t, "by_time", &v) < 0)
        goto fail;
    return t;
fail:
    H5Tclose(t);
    return -1;
}

static hid_t make_vlstr_type(void)
{
    /* Variable-length UTF-8, as bmtk writes it: h5py then reads a str, not
       bytes. */
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0)
        return -1;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

static hid_t make_dcpl(void)
{
    /* Space allocated at creation, so its offset is known; never filled,
       so the scratch file holds no spike-sized data. */
    hid_t p = H5Pcreate(H5P_DATASET_CREATE);
    if (p < 0)
        return -1;
    if (H5Pset_layout(p, H5D_CONTIGUOUS) < 0 ||
        H5Pset_alloc_time(p, H5D_ALLOC_TIME_EARLY) < 0 ||
        H5Pset_fill_time(p, H5D_FILL_TIME_NEVER) < 0 ||
        H5Pset_obj_track_times(p, 0) < 0) { /* no timestamps: same run, same bytes */
        H5Pclose(p);
        return -1;
    }
    return p;
}

static int layout(writer *w, const char *scratch, const snn_spikes *pops, int npops)
{
    hid_t fapl = -1, file = -1, spikes = -1;
    int rc = 0;

    /* STRONG close: H5Fclose closes whatever an error path left open. */
    fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_fapl_sec2(fapl) < 0 ||
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        rc = h5fail(w->path, "file", NULL);
        goto done;
    }
#if defined(H5_VERSION_GE)
#if H5_VERSION_GE(1, 10, 7)
    /* Nobody else opens our private scratch file. */
    H5Pset_file_locking(fapl, 0, 1);
#endif
#endif
    file = H5Fcreate(scratch, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (file < 0) {
        rc = h5fail(w->path, "file", NULL);
        goto done;
    }
    if ((rc = write_root(w, file)) != 0)
        goto done;
    /* groups without timestamps too */
    w->gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (w->gcpl < 0 || H5Pset_obj_track_times(w->gcpl, 0) < 0) {
        rc = h5fail(w->path, "group properties", NULL);
        goto done;
    }
    spikes = H5Gcreate2(file, "spikes", H5P_DEFAULT, w->gcpl, H5P_DEFAULT);
    if (spikes < 0) {
        rc = h5fail(w->path, "group /spikes", NULL);
        goto done;
    }
    for (int p = 0; p < npops && rc == 0; p++)
        rc = write_population(w, spikes, &pops[p]);
    H5Gclose(spikes);
done:
    if (file >= 0 && H5Fclose(file) < 0 && rc == 0)
        rc = h5fail(w->path, "file", NULL);
    if (fapl >= 0)
        H5Pclose(fapl);
    if (w->gcpl >= 0)
        H5Pclose(w->gcpl);
    w->gcpl = -1;
    return rc;
}

/* ---- phase 2: the bytes, by us ---------------------------------------------- */

static int by_offset(const void *a, const void *b)
{
    const region *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* One dataset's values, in the file's little-endian representation (the
   host's, checked by the caller). */
static int write_values(const region *r, double dt_ms, FILE *out, unsigned char *buf)
{
    const snn_spikes *s = r->pop;
    for (uint64_t off = 0; off < s->n; off += BLOCK) {
        size_t cnt = s->n - off < BLOCK ? (size_t)(s->n - off) : BLOCK;
        for (size_t i = 0; i < cnt; i++) {
            if (r->is_ids) {
                uint64_t v = s->node[off + i];
                memcpy(buf + 8 * i, &v, 8);
            } else {
                double v = (double)s->step[off + i] * dt_ms;
                memcpy(buf + 8 * i, &v, 8);
            }
        }
        if (fwrite(buf, 8, cnt, out) != cnt)
            return -1;
    }
    return 0;
}

static int stream(writer *w, int scratch_fd, const char *tmp)
{
    static unsigned char buf[BLOCK * 8];
    struct stat st;
    if (fstat(scratch_fd, &st) != 0)
        return snn_output_fail(SNN_OUT_EIO, w->path, "cannot read scratch file: %s",
                               strerror(errno));
    uint64_t size = (uint64_t)st.st_size, pos = 0;

    /* Datasets must be disjoint and inside the file, or we would write
       values over metadata. */
    qsort(w->reg, (size_t)w->nreg, sizeof *w->reg, by_offset);
    for (int i = 0; i < w->nreg; i++) {
        if (w->reg[i].off < pos || w->reg[i].off + w->reg[i].len > size)
            return snn_output_fail(SNN_OUT_EHDF5, w->path, "HDF5 placed datasets unexpectedly");
        pos = w->reg[i].off + w->reg[i].len;
    }

    FILE *out = fopen(tmp, "wb");
    if (!out)
        return snn_output_fail(SNN_OUT_EIO, w->path, "cannot open file: %s", strerror(errno));
    setvbuf(out, NULL, _IOFBF, 1 << 20);
    errno = 0;
    int bad = 0;
    pos = 0;
    for (int i = 0; i < w->nreg && !bad; i++) {
        bad = snn_scratch_copy(scratch_fd, pos, w->reg[i].off, out, buf, sizeof buf) != 0 ||
              write_values(&w->reg[i], w->dt_ms, out, buf) != 0;
        pos = w->reg[i].off + w->reg[i].len;
    }
    if (!bad)
        bad = snn_scratch_copy(scratch_fd, pos, size, out, buf, sizeof buf) != 0;
    int e = errno;
    /* fclose flushes the last buffer, so its failure is a write failure. */
    if (fclose(out) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad)
        return snn_output_fail(SNN_OUT_EIO, w->path, "cannot write file: %s",
                               strerror(e ? e : EIO));
    return 0;
}

/* ---- the writer --------------------------------------------------------------- */

int snn_write_sonata(const char *path, const snn_spikes *pops, int npops, double dt_ms)
{
    char tmp[SNN_PATH_MAX], scratch[SNN_PATH_MAX];
    writer w = {.path = path, .dt_ms = dt_ms, .scalar = -1, .sorting = -1, .vlstr = -1,
                .dcpl = -1, .gcpl = -1};
    H5E_auto2_t old_func;
    void *old_data;
    int rc, fd;

    if (!(dt_ms > 0 && isfinite(dt_ms)))
        return snn_output_fail(SNN_OUT_EINVAL, path, "time step %g ms is not positive", dt_ms);
    if ((rc = snn_spikes_check(path, pops, npops)) != 0)
        return rc;
    /* '/' would nest groups, "." is the group itself */
    for (int p = 0; p < npops; p++)
        if (strchr(pops[p].name, '/') || strcmp(pops[p].name, ".") == 0)
            return snn_output_fail(SNN_OUT_EINVAL, path,
                                   "population name '%s' cannot be an HDF5 group name",
                                   pops[p].name);
    /* Phase 2 writes memory images of the values as the file's LE types. */
    if (H5Tequal(H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE) <= 0 ||
        H5Tequal(H5T_NATIVE_UINT64, H5T_STD_U64LE) <= 0)
        return snn_output_fail(SNN_OUT_EINVAL, path, "SONATA output needs a little-endian host");

    /* A file-size limit (ulimit -f) applies to the scratch file too, and
       phase 1 must not fail on I/O (see the top); refuse up front.  The
       metadata is ~12 kB plus ~2 kB per population; the margin doubles it. */
    struct rlimit lim;
    uint64_t need = 65536 + 4096 * (uint64_t)npops;
    for (int p = 0; p < npops; p++)
        need += 16 * pops[p].n;
    if (getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY &&
        (uint64_t)lim.rlim_cur < need)
        return snn_output_fail(SNN_OUT_EIO, path, "file would exceed the file size limit "
                               "(ulimit -f): about %" PRIu64 " bytes needed, %" PRIu64
                               " allowed", need, (uint64_t)lim.rlim_cur);

    w.reg = malloc((size_t)(2 * npops + 1) * sizeof *w.reg);
    if (!w.reg)
        return snn_output_fail(SNN_OUT_ENOMEM, path, "out of memory");
    if ((rc = snn_atomic_begin(path, tmp, sizeof tmp)) != 0) {
        free(w.reg);
        return rc;
    }
    fd = snn_scratch_open(scratch, sizeof scratch, need);
    if (fd < 0) {
        rc = snn_output_fail(SNN_OUT_EIO, path, "cannot create a scratch file: %s",
                             strerror(errno));
        goto done;
    }

    /* We report errors ourselves; HDF5's default is to print its stack. */
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    w.scalar = H5Screate(H5S_SCALAR);
    w.sorting = make_sorting_type();
    w.vlstr = make_vlstr_type();
    w.dcpl = make_dcpl();
    if (w.scalar < 0 || w.sorting < 0 || w.vlstr < 0 || w.dcpl < 0)
        rc = h5fail(path, "file", NULL);
    else
        rc = layout(&w, scratch, pops, npops);
    if (w.dcpl >= 0) H5Pclose(w.dcpl);
    if (w.vlstr >= 0) H5Tclose(w.vlstr);
    if (w.sorting >= 0) H5Tclose(w.sorting);
    if (w.scalar >= 0) H5Sclose(w.scalar);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);

    unlink(scratch);               /* our descriptor keeps it readable */
    if (rc == 0)
        rc = stream(&w, fd, tmp);
    close(fd);
done:
    free(w.reg);
    if (rc) {
        snn_atomic_abort(tmp);
        return rc;
    }
    return snn_atomic_commit(tmp, path);
}
