/*
 * edges.c - connectivity as SONATA edges files (docs/outputs.md).
 *
 * 'record edges of ...' writes the connections it names as they were built
 * (edges.h5), every T (edges_at_Ts.h5) and at the end (edges_end.h5), with the
 * populations as SONATA nodes (nodes.h5); the final
 * weights of every plastic connection go to weights_C.h5 in the same layout.
 * Each connection is one edge population:
 *   /edges/C/source_node_id, target_node_id   uint64, attr node_population
 *   /edges/C/edge_type_id, edge_group_id      int64 (0: one type, one group)
 *   /edges/C/edge_group_index                 uint64 (0, 1, ...)
 *   /edges/C/0/syn_weight                     attr units
 *   /edges/C/0/delay                          ms
 * in the connection's storage order (by presynaptic neuron, then target).
 * Nothing is copied whole: the values are computed chunk by chunk as the file
 * is written (h5mem.c).  A plastic connection's weights at the start and every
 * T are the samples of its hidden weight record (record.c), so checkpoints
 * keep them; at the end they are read from the synapses.
 */
#include "internal.h"

#include "h5mem.h"

/* One connection as edges, from whichever source holds it. */
typedef struct {
    const char *name;
    const char *src_pop, *tgt_pop;
    uint32_t pre_lo, post_lo;
    uint64_t n;
    const snn_csr *c;                /* the synapses, CSR order; or over ranks: */
    const snn_weights_all *g;        /* the gathered final weights */
    const double *w;                 /* weights of a snapshot (SI), or NULL: */
    const snn_plastic_info *pl;      /* the plastic weights now, or */
    const snn_edges_info *e;         /* a static connection's weights; e->delay for delays */
    snn_run *r;
    const char *unit;
    double scale;
} conn;

enum { SRC, TGT, ZERO, INDEX, WEIGHT, DELAY, NCOL };

typedef struct {
    const conn *cn;
    int what;
    bool dbl;                        /* weights and delays as float64 */
} column;

/* The row (presynaptic neuron) of synapse k. */
static uint32_t row_of(const snn_csr *c, uint64_t k)
{
    uint32_t lo = 0, hi = c->nrows; /* the last row with row[i] <= k */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->row[mid] <= k)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static double weight(const conn *cn, uint64_t k)
{
    if (cn->g)
        return cn->g->w[k];
    if (cn->w)
        return cn->w[k];
    return cn->pl ? cn->pl->value(cn->r, k, 0, cn->r->nsteps) : cn->e->weight(cn->r, k);
}

static int fill(void *ctx, uint64_t r0, uint64_t nrows, uint64_t c0, uint64_t ncols, void *out)
{
    (void)c0;
    (void)ncols;
    const column *col = ctx;
    const conn *cn = col->cn;
    uint64_t *u = out;
    int64_t *z = out;
    double *d = out;
    float *f = out;
    uint32_t i = cn->c && nrows ? row_of(cn->c, r0) : 0;
    for (uint64_t j = 0; j < nrows; j++) {
        const uint64_t k = r0 + j;
        double v = 0;
        switch (col->what) {
        case SRC:
            if (cn->g)
                u[j] = cn->pre_lo + cn->g->pre[k];
            else {
                while (cn->c->row[i + 1] <= k)
                    i++;
                u[j] = cn->pre_lo + i;
            }
            continue;
        case TGT:
            u[j] = cn->post_lo + (cn->g ? cn->g->post[k] : cn->c->col[k]);
            continue;
        case ZERO:
            z[j] = 0;
            continue;
        case INDEX:
            u[j] = k;
            continue;
        case WEIGHT:
            v = weight(cn, k) * cn->scale;
            break;
        case DELAY:
            v = (double)cn->e->delay(k) * cn->r->dt * 1e3;
            break;
        }
        if (col->dbl)
            d[j] = v;
        else
            f[j] = (float)v;
    }
    return 0;
}

/* /edges/NAME of one connection; the columns' contexts in cols (NCOL). */
static int put_conn(snn_h5 *f, const conn *cn, column *cols, bool dbl)
{
    char name[300];
    snprintf(name, sizeof name, "edges/%s", cn->name);
    hid_t g = snn_h5_group(f, snn_h5_root(f), name), g0 = g < 0 ? -1 : snn_h5_group(f, g, "0"), d = -1;
    int rc = g0 < 0;
    static const char *const names[NCOL] = {"source_node_id", "target_node_id", "edge_type_id", "edge_group_index",
                                            "syn_weight", "delay"};
    for (int w = 0; w < NCOL && !rc; w++) {
        if (w == DELAY && !cn->e)
            continue; /* final weights over ranks: no delays at hand */
        cols[w] = (column){cn, w, dbl};
        const hid_t type = w <= TGT || w == INDEX ? H5T_STD_U64LE : w == ZERO ? H5T_STD_I64LE
                                                                             : dbl ? H5T_IEEE_F64LE : H5T_IEEE_F32LE;
        rc = snn_h5_put_rows(f, w >= WEIGHT ? g0 : g, names[w], type, 1, cn->n, 1, fill, &cols[w], &d);
        if (!rc && w <= TGT)
            rc = snn_h5_attr_str(f, d, "node_population", w == SRC ? cn->src_pop : cn->tgt_pop);
        if (!rc && w >= WEIGHT)
            rc = snn_h5_attr_str(f, d, "units", w == WEIGHT ? cn->unit : "ms");
        if (d >= 0)
            H5Dclose(d);
        d = -1;
        /* the group ids are zeros too: one more dataset from the same column */
        if (!rc && w == ZERO)
            rc = snn_h5_put_rows(f, g, "edge_group_id", type, 1, cn->n, 1, fill, &cols[w], NULL);
    }
    if (g0 >= 0)
        H5Gclose(g0);
    if (g >= 0)
        H5Gclose(g);
    return rc;
}

static int write_h5(const char *path, const conn *cns, int n, const snn_outfmt *fmt)
{
    uint64_t bytes = 0;
    for (int k = 0; k < n; k++)
        bytes += cns[k].n * 48;
    snn_h5 *f = snn_h5_new(path, fmt->compress, (size_t)bytes);
    column *cols = calloc((size_t)n * NCOL + 1, sizeof *cols);
    int rc = !f || !cols ? -1 : 0;
    if (f && !cols)
        snn_output_fail(SNN_OUT_ENOMEM, path, "out of memory");
    for (int k = 0; k < n && !rc; k++)
        rc = put_conn(f, &cns[k], cols + (size_t)k * NCOL, fmt->dbl);
    rc = rc || snn_h5_save(f);
    snn_h5_free(f);
    free(cols);
    return rc ? -1 : 0;
}

/* connection,source,target,source_node_id,target_node_id,weight,delay_ms */
static int write_csv(const char *path, const conn *cns, int n)
{
    char tmp[SNN_PATH_MAX];
    if (snn_atomic_begin(path, tmp, sizeof tmp))
        return -1;
    FILE *o = fopen(tmp, "w");
    if (!o) {
        snn_atomic_abort(tmp);
        return snn_output_fail(SNN_OUT_EIO, path, "cannot create file");
    }
    fprintf(o, "connection,source,target,source_node_id,target_node_id,weight,delay_ms\n");
    for (int q = 0; q < n; q++) {
        const conn *cn = &cns[q];
        column s = {cn, SRC, true}, t = {cn, TGT, true}, w = {cn, WEIGHT, true}, d = {cn, DELAY, true};
        for (uint64_t k = 0; k < cn->n; k++) {
            uint64_t a, b;
            double wv, dv = 0;
            fill(&s, k, 1, 0, 1, &a);
            fill(&t, k, 1, 0, 1, &b);
            fill(&w, k, 1, 0, 1, &wv);
            if (cn->e)
                fill(&d, k, 1, 0, 1, &dv);
            fprintf(o, "%s,%s,%s,%llu,%llu,%.9g,%.9g\n", cn->name, cn->src_pop, cn->tgt_pop, (unsigned long long)a,
                    (unsigned long long)b, wv, dv);
        }
    }
    if (ferror(o) | fclose(o)) {
        snn_atomic_abort(tmp);
        return snn_output_fail(SNN_OUT_EIO, path, "cannot write file");
    }
    return snn_atomic_commit(tmp, path);
}

/* STEM.h5 and/or STEM.csv in DIR, listed in written */
static int write_both(const char *dir, const char *stem, const conn *cns, int n, const snn_outfmt *fmt, char **written,
                      int *nw)
{
    for (int pass = 0; pass < 2; pass++) {
        if (!(pass == 0 ? fmt->sonata : fmt->csv))
            continue;
        char name[600], path[SNN_PATH_MAX];
        snprintf(name, sizeof name, "%s.%s", stem, pass == 0 ? "h5" : "csv");
        if (!snn_path_join(path, sizeof path, dir, name))
            return snn_output_fail(SNN_OUT_EINVAL, dir, "path too long");
        int bad = pass == 0 ? write_h5(path, cns, n, fmt) : write_csv(path, cns, n);
        written[(*nw)++] = strdup(name);
        if (bad)
            return -1;
    }
    return 0;
}

int snn_final_weights_h5(const char *dir, const char *stem, snn_run *r, int k_plastic, const snn_outfmt *fmt,
                         char **written, int *nw)
{
    const snn_model *m = r->model;
    const snn_plastic_info *pl = &m->plastic[k_plastic];
    conn cn = {.name = pl->name, .src_pop = m->pops[pl->pre].name, .tgt_pop = m->pops[pl->post].name,
               .pre_lo = pl->pre_lo, .post_lo = pl->post_lo, .r = r, .pl = pl, .unit = pl->unit, .scale = pl->scale};
    if (r->nranks > 1) {
        cn.g = &r->gathered[k_plastic];
        cn.n = cn.g->n;
    } else {
        cn.c = pl->csr();
        cn.n = cn.c->nnz;
    }
    const snn_outfmt h5 = {.sonata = true, .compress = fmt->compress, .dbl = fmt->dbl};
    return write_both(dir, stem, &cn, 1, &h5, written, nw);
}

/* nodes.h5: every population as a SONATA node population (ids 0..n-1, one
 * node type and group), so that the edges files' node_population names
 * resolve, as a SONATA network needs. */
static int fill_nodes(void *ctx, uint64_t r0, uint64_t nrows, uint64_t c0, uint64_t ncols, void *out)
{
    (void)c0;
    (void)ncols;
    const bool index = ctx != NULL;
    for (uint64_t j = 0; j < nrows; j++)
        ((uint64_t *)out)[j] = index ? r0 + j : 0;
    return 0;
}

static int write_nodes(const char *dir, const snn_model *m, const snn_outfmt *fmt, char **written, int *nw)
{
    char path[SNN_PATH_MAX];
    if (!snn_path_join(path, sizeof path, dir, "nodes.h5"))
        return snn_output_fail(SNN_OUT_EINVAL, dir, "path too long");
    uint64_t n = 0;
    for (int i = 0; i < m->npops; i++)
        n += m->pops[i].size;
    snn_h5 *f = snn_h5_new(path, fmt->compress, (size_t)n * 32);
    int rc = f ? 0 : -1;
    static const char *const names[] = {"node_id", "node_type_id", "node_group_id", "node_group_index"};
    for (int i = 0; i < m->npops && !rc; i++) {
        char name[300];
        snprintf(name, sizeof name, "nodes/%s", m->pops[i].name);
        hid_t g = snn_h5_group(f, snn_h5_root(f), name), g0 = g < 0 ? -1 : snn_h5_group(f, g, "0");
        rc = g0 < 0;
        for (int k = 0; k < 4 && !rc; k++) /* ids count up, types and groups are 0 */
            rc = snn_h5_put_rows(f, g, names[k], k == 0 || k == 3 ? H5T_STD_U64LE : H5T_STD_I64LE, 1, m->pops[i].size, 1,
                                 fill_nodes, k == 0 || k == 3 ? (void *)names : NULL, NULL);
        if (g0 >= 0)
            H5Gclose(g0);
        if (g >= 0)
            H5Gclose(g);
    }
    rc = rc || snn_h5_save(f);
    snn_h5_free(f);
    written[(*nw)++] = strdup("nodes.h5");
    return rc ? -1 : 0;
}

/* The weight record holding the snapshots of plastic connection k, or -1. */
static int snapshots_of(const snn_model *m, int k_plastic)
{
    for (int q = 0; q < m->nweight_recs; q++)
        if (m->weight_recs[q].edges && m->weight_recs[q].plastic == k_plastic)
            return q;
    return -1;
}

int snn_edges_write(const char *dir, snn_run *r, const snn_recording *rec, const snn_outfmt *fmt, char **written,
                    int *nw)
{
    const snn_model *m = r->model;
    if (!m->nedges)
        return 0;
    conn *cns = calloc((size_t)m->nedges, sizeof *cns);
    if (!cns)
        return snn_output_fail(SNN_OUT_ENOMEM, dir, "out of memory");
    /* the snapshots' steps: those of the plastic connections' records (all alike) */
    const snn_weight_buf *times = NULL;
    for (int k = 0; k < m->nedges; k++) {
        const snn_edges_info *e = &m->edges[k];
        cns[k] = (conn){.name = e->name, .src_pop = m->pops[e->pre].name, .tgt_pop = m->pops[e->post].name,
                        .pre_lo = e->pre_lo, .post_lo = e->post_lo, .c = e->csr(), .n = e->csr()->nnz, .e = e, .r = r,
                        .unit = e->unit, .scale = e->scale};
        int q = e->plastic >= 0 ? snapshots_of(m, e->plastic) : -1;
        if (q >= 0)
            times = &rec->weights[q];
    }
    int rc = fmt->sonata ? write_nodes(dir, m, fmt, written, nw) : 0;
    for (uint64_t s = 0; times && s < times->n && !rc; s++) {
        const int64_t step = times->step[s];
        if (step >= r->nsteps && s > 0)
            break; /* the end: from the synapses, below */
        for (int k = 0; k < m->nedges; k++) {
            const snn_edges_info *e = &m->edges[k];
            int q = e->plastic >= 0 ? snapshots_of(m, e->plastic) : -1;
            cns[k].w = q >= 0 ? rec->weights[q].w + s * rec->weights[q].nnz : NULL;
        }
        char stem[64];
        if (step == 0)
            snprintf(stem, sizeof stem, "edges");
        else
            snprintf(stem, sizeof stem, "edges_at_%.9gs", (double)step * r->dt);
        rc = write_both(dir, stem, cns, m->nedges, fmt, written, nw);
    }
    for (int k = 0; k < m->nedges && !rc; k++) { /* without a plastic one: the start is the end */
        cns[k].w = NULL;
        cns[k].pl = m->edges[k].plastic >= 0 ? &m->plastic[m->edges[k].plastic] : NULL;
    }
    if (!rc && !times)
        rc = write_both(dir, "edges", cns, m->nedges, fmt, written, nw);
    if (!rc)
        rc = write_both(dir, "edges_end", cns, m->nedges, fmt, written, nw);
    free(cns);
    return rc;
}
