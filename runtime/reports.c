/*
 * reports.c - state records and weight series as SONATA reports (HDF5).
 *
 * Layout (docs/outputs.md; SONATA's "frame report"):
 *   /report/G/data                    [times x columns] float32 (or float64),
 *                                     attrs units, variable
 *   /report/G/mapping/time            start, stop, step in ms (stop exclusive)
 *   state records (G = the population or modulator):
 *   /report/G/mapping/node_ids, index_pointers, element_ids
 *   weight and per-synapse series (G = the connection):
 *   /report/G/mapping/source_node_ids, target_node_ids, edge_ids
 * Values are converted from SI to the unit the compiler chose for their
 * dimension (mV, nS, pA, ...) as the file is written (h5mem.c), so a long
 * recording is never copied whole.
 */
#include "internal.h"

#include "h5mem.h"

/* A recording's values: ROWS samples of COLS floats or doubles, in SI. */
typedef struct {
    const void *src;
    bool dbl_in;           /* the source holds doubles, else floats */
    bool dbl_out;          /* float64 in the file, else float32 */
    uint64_t cols;
    double scale;          /* SI to the file's unit */
} table;

/* Rows of SI values into the file's type and unit.  A float times a scale that
 * is itself a float (1e3, 1e9) is rounded once, as the double product would
 * be: that case, the usual one, runs in float. */
static int convert(void *ctx, uint64_t r0, uint64_t nrows, uint64_t c0, uint64_t ncols, void *out)
{
    const table *t = ctx;
    const double sc = t->scale;
    const float fsc = (float)sc;
    const bool fast = !t->dbl_in && !t->dbl_out && (double)fsc == sc;
    for (uint64_t r = 0; r < nrows; r++) {
        const uint64_t from = (r0 + r) * t->cols + c0, to = r * ncols;
        const double *din = (const double *)t->src + from;
        const float *fin = (const float *)t->src + from;
        double *dout = (double *)out + to;
        float *fout = (float *)out + to;
        if (fast)
            for (uint64_t j = 0; j < ncols; j++)
                fout[j] = fin[j] * fsc;
        else
            for (uint64_t j = 0; j < ncols; j++) {
                const double v = (t->dbl_in ? din[j] : (double)fin[j]) * sc;
                if (t->dbl_out)
                    dout[j] = v;
                else
                    fout[j] = (float)v;
            }
    }
    return 0;
}

/* What a report file holds besides its data, kept until the file is saved. */
typedef struct {
    table t;
    double time[3];
    double *times;         /* each sample's time, when they are not on one grid (never today) */
    uint64_t *ids[3];
} parts;

static void parts_free(parts *p)
{
    free(p->times);
    for (int k = 0; k < 3; k++)
        free(p->ids[k]);
}

/* lo, lo + step, ... (n of them) */
static uint64_t *ids(uint64_t n, uint64_t lo, uint64_t step)
{
    uint64_t *v = malloc((n ? n : 1) * sizeof *v);
    for (uint64_t i = 0; v && i < n; i++)
        v[i] = lo + i * step;
    return v;
}

/* /report/GROUP: its data and mapping/time; the rest of the mapping is the
 * caller's, in *map (both groups to be closed by the caller). */
static int put_report(snn_h5 *f, parts *p, const char *group, uint64_t rows, const int64_t *step, int64_t every,
                      double dt_ms, const char *unit, const char *var, hid_t *grp, hid_t *map)
{
    char name[300];
    snprintf(name, sizeof name, "report/%s", group);
    *grp = snn_h5_group(f, snn_h5_root(f), name);
    *map = *grp < 0 ? -1 : snn_h5_group(f, *grp, "mapping");
    hid_t d = -1, tm = -1;
    int rc = *map < 0 || snn_h5_put_rows(f, *grp, "data", p->t.dbl_out ? H5T_IEEE_F64LE : H5T_IEEE_F32LE, 2, rows,
                                         p->t.cols, convert, &p->t, &d);
    rc = rc || snn_h5_attr_str(f, d, "units", unit) || snn_h5_attr_str(f, d, "variable", var);
    if (d >= 0)
        H5Dclose(d);
    /* samples are `every` steps apart from the first; stop is exclusive */
    p->time[2] = (double)every * dt_ms;
    if (rows) {
        p->time[0] = (double)step[0] * dt_ms;
        p->time[1] = (double)(step[0] + (int64_t)rows * every) * dt_ms;
    }
    rc = rc || snn_h5_put(f, *map, "time", H5T_IEEE_F64LE, 3, p->time, &tm) || snn_h5_attr_str(f, tm, "units", "ms");
    if (tm >= 0)
        H5Dclose(tm);
    bool grid = true;
    for (uint64_t s = 1; s < rows && grid; s++)
        grid = step[s] - step[s - 1] == every;
    if (!rc && !grid) { /* then each sample's time as well */
        if (!(p->times = malloc(rows * sizeof *p->times)))
            return snn_output_fail(SNN_OUT_ENOMEM, NULL, "out of memory");
        for (uint64_t s = 0; s < rows; s++)
            p->times[s] = (double)step[s] * dt_ms;
        rc = snn_h5_put(f, *map, "sample_times", H5T_IEEE_F64LE, rows, p->times, NULL);
    }
    return rc;
}

/* Save and free: the file is complete only now. */
static int finish(snn_h5 *f, parts *p, hid_t grp, hid_t map, int rc)
{
    if (map >= 0)
        H5Gclose(map);
    if (grp >= 0)
        H5Gclose(grp);
    rc = rc || snn_h5_save(f);
    snn_h5_free(f);
    parts_free(p);
    return rc ? -1 : 0;
}

int snn_report_state(const char *path, const snn_run *r, const snn_state_rec *sr, const snn_state_buf *b,
                     const snn_outfmt *fmt)
{
    snn_h5 *f = snn_h5_new(path, fmt->compress, (size_t)(b->n * sr->n * (fmt->dbl ? 8 : 4) + sr->n * 28));
    if (!f)
        return -1;
    parts p = {.t = {.src = b->data, .dbl_out = fmt->dbl, .cols = sr->n, .scale = sr->scale}};
    hid_t grp, map;
    int rc = put_report(f, &p, sr->owner, b->n, b->step, b->every, r->dt * 1e3, sr->unit, sr->var, &grp, &map);
    /* point neurons: one value (element 0) a node */
    p.ids[0] = ids(sr->n, sr->pop < 0 ? 0 : sr->lo, 1);
    p.ids[1] = ids(sr->n + 1, 0, 1);
    p.ids[2] = ids(sr->n, 0, 0);
    if (!p.ids[0] || !p.ids[1] || !p.ids[2])
        rc = rc || snn_output_fail(SNN_OUT_ENOMEM, path, "out of memory");
    rc = rc || snn_h5_put(f, map, "node_ids", H5T_STD_U64LE, sr->n, p.ids[0], NULL) ||
         snn_h5_put(f, map, "index_pointers", H5T_STD_U64LE, sr->n + 1, p.ids[1], NULL);
    if (!rc) { /* element ids are 32-bit */
        uint32_t *e = (uint32_t *)p.ids[2]; /* zeros: reuse the 64-bit zeros' memory */
        rc = snn_h5_put(f, map, "element_ids", H5T_STD_U32LE, sr->n, e, NULL);
    }
    return finish(f, &p, grp, map, rc);
}

int snn_report_weights(const char *path, const snn_run *r, const snn_weight_rec *wr, const snn_weight_buf *b,
                       const snn_outfmt *fmt)
{
    const snn_model *m = r->model;
    const snn_plastic_info *pl = &m->plastic[wr->plastic];
    const snn_csr *c = pl->csr();
    snn_h5 *f = snn_h5_new(path, fmt->compress, (size_t)((b->n * (fmt->dbl ? 8 : 4) + 24) * c->nnz));
    if (!f)
        return -1;
    parts p = {.t = {.src = b->w, .dbl_in = true, .dbl_out = fmt->dbl, .cols = c->nnz, .scale = wr->scale}};
    hid_t grp, map;
    int rc = put_report(f, &p, pl->name, b->n, b->step, b->every, r->dt * 1e3, wr->unit, wr->var_name, &grp, &map);
    rc = rc || snn_h5_attr_str(f, grp, "source_population", m->pops[pl->pre].name) ||
         snn_h5_attr_str(f, grp, "target_population", m->pops[pl->post].name);
    p.ids[0] = ids(c->nnz, 0, 1);
    p.ids[1] = ids(c->nnz, 0, 1);
    p.ids[2] = ids(c->nnz, 0, 1);
    if (!p.ids[0] || !p.ids[1] || !p.ids[2])
        rc = rc || snn_output_fail(SNN_OUT_ENOMEM, path, "out of memory");
    for (uint32_t i = 0; !rc && i < c->nrows; i++)
        for (uint64_t k = c->row[i]; k < c->row[i + 1]; k++) {
            p.ids[0][k] = pl->pre_lo + i;
            p.ids[1][k] = pl->post_lo + c->col[k];
        }
    rc = rc || snn_h5_put(f, map, "source_node_ids", H5T_STD_U64LE, c->nnz, p.ids[0], NULL) ||
         snn_h5_put(f, map, "target_node_ids", H5T_STD_U64LE, c->nnz, p.ids[1], NULL) ||
         snn_h5_put(f, map, "edge_ids", H5T_STD_U64LE, c->nnz, p.ids[2], NULL);
    return finish(f, &p, grp, map, rc);
}
