/*
 * connect.c: connectivity rules -> CSR (rows = presynaptic neurons, columns =
 * postsynaptic index within the target range).  Built once at start-up and
 * frozen.  Every row draws from its own counter-based stream keyed by
 * (seed, projection, row), so the network does not depend on the order in
 * which rows are built or on anything else in the model.
 */
#include "internal.h"

#include <errno.h>
#include <gsl/gsl_randist.h>
#include <limits.h>
#include <stdio.h>

void snn_csr_free(snn_csr *c)
{
    free(c->skip);
    c->skip = NULL;
    for (int t = 1; c->part && c->part[t] != c->row + 1; t++)
        free(c->part[t]);
    free(c->part);
    c->part = NULL;
    free(c->row);
    free(c->col);
    c->row = NULL;
    c->col = NULL;
}

/* A growable column list. */
typedef struct {
    uint32_t *v;
    uint64_t n, cap;
} cols;

static int push(cols *c, uint32_t x)
{
    if (c->n == c->cap) {
        uint64_t cap = c->cap ? 2 * c->cap : 1024;
        uint32_t *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return -1;
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n++] = x;
    return 0;
}

static bool is_self(const snn_conn_spec *s, uint32_t i, uint32_t j)
{
    return s->same_pop && !s->autapses && s->pre_lo + i == s->post_lo + j;
}

/* Row offsets from the number of synapses of each presynaptic neuron
 * (count[i]), and room for their targets; count is zeroed, to serve as each
 * row's fill position. */
static int rows_from_counts(snn_run *r, const snn_conn_spec *s, uint64_t *count, snn_csr *c, cols *cl)
{
    c->row[0] = 0;
    for (uint32_t i = 0; i < s->pre_n; i++)
        c->row[i + 1] = c->row[i] + count[i];
    cl->n = cl->cap = c->row[s->pre_n];
    cl->v = malloc(sizeof(uint32_t) * (cl->n ? cl->n : 1));
    if (!cl->v)
        return snn_fail(r, "out of memory");
    memset(count, 0, sizeof(uint64_t) * s->pre_n);
    return 0;
}

/* The rows of synapses drawn per target: pre_of holds the sources of target
 * 0, then those of target 1, ..., deg[j] of them (k each if deg is NULL), and
 * count[i] how many come from source i.  Filled in the order of the targets,
 * every row comes out sorted. */
static int rows_from_targets(snn_run *r, const snn_conn_spec *s, const uint32_t *pre_of, const uint64_t *deg,
                             uint64_t k, uint64_t *count, snn_csr *c, cols *cl)
{
    if (rows_from_counts(r, s, count, c, cl))
        return -1;
    uint64_t q = 0;
    for (uint32_t j = 0; j < s->post_n; j++)
        for (uint64_t t = deg ? deg[j] : k; t > 0; t--) {
            const uint32_t i = pre_of[q++];
            cl->v[c->row[i] + count[i]++] = j;
        }
    return 0;
}

/* Bernoulli(p) per pair: geometric skips, so the cost is per synapse made. */
static int build_prob(gsl_rng *g, const snn_conn_spec *s, uint64_t seed, snn_csr *c, cols *cl)
{
    const double lq = log(1 - s->p);
    for (uint32_t i = 0; i < s->pre_n; i++) {
        c->row[i] = cl->n;
        snn_rng_reset(g, seed, s->purpose, i);
        if (s->p <= 0)
            continue;
        for (int64_t j = -1;;) {
            /* gsl_ran_geometric(g, p), with its log(1 - p) taken once (lq) */
            j += s->p >= 1 ? 1 : (int64_t)(unsigned)(log(gsl_rng_uniform_pos(g)) / lq + 1);
            if (j >= s->post_n)
                break;
            if (!is_self(s, i, (uint32_t)j) && push(cl, (uint32_t)j))
                return -1;
        }
    }
    c->row[s->pre_n] = cl->n;
    return 0;
}

/* Exactly k distinct presynaptic partners per target: chosen per target
 * column, then transposed into rows. */
static int build_indegree(snn_run *r, gsl_rng *g, const snn_conn_spec *s, snn_csr *c, cols *cl)
{
    uint32_t k = (uint32_t)s->p;
    uint32_t *cand = malloc(sizeof(uint32_t) * (s->pre_n ? s->pre_n : 1));
    uint32_t *pick = malloc(sizeof(uint32_t) * (k ? k : 1));
    uint32_t *pre_of = malloc(sizeof(uint32_t) * ((uint64_t)k * s->post_n + 1));
    uint64_t *count = calloc((size_t)s->pre_n + 1, sizeof(uint64_t));
    int rc = -1;
    if (!cand || !pick || !pre_of || !count) {
        snn_fail(r, "out of memory");
        goto done;
    }
    for (uint32_t j = 0; j < s->post_n; j++) {
        uint32_t n = 0;
        for (uint32_t i = 0; i < s->pre_n; i++)
            if (!is_self(s, i, j))
                cand[n++] = i;
        if (n < k) {
            snn_fail(r, "projection %s: in-degree %u is larger than the %u possible partners", s->name, k, n);
            goto done;
        }
        snn_rng_reset(g, r->seed, s->purpose, j);
        gsl_ran_choose(g, pick, k, cand, n, sizeof(uint32_t));
        for (uint32_t t = 0; t < k; t++) {
            pre_of[(uint64_t)j * k + t] = pick[t];
            count[pick[t]]++;
        }
    }
    rc = rows_from_targets(r, s, pre_of, NULL, k, count, c, cl);
done:
    free(cand);
    free(pick);
    free(pre_of);
    free(count);
    return rc;
}

/* How many presynaptic neurons target j may draw: all, or all but itself. */
static uint32_t partners(const snn_conn_spec *s, uint32_t j)
{
    const uint64_t self = (uint64_t)s->post_lo + j;
    return s->pre_n - (s->same_pop && !s->autapses && self >= s->pre_lo && self < (uint64_t)s->pre_lo + s->pre_n);
}

/* Binomial(n, p) for an n beyond gsl's unsigned int: the sum of the draws
 * for parts of n has the same distribution. */
static uint64_t binomial(gsl_rng *g, double p, uint64_t n)
{
    uint64_t k = 0;
    for (; n > UINT_MAX; n -= UINT_MAX)
        k += gsl_ran_binomial(g, p, UINT_MAX);
    return k + gsl_ran_binomial(g, p, (unsigned)n);
}

/* round(n) synapses, each a pair drawn uniformly with replacement (NEST's
 * fixed_total_number), drawn per target so that target j's synapses depend
 * only on (seed, projection, j), as ranks that build only their own targets
 * will need: one multinomial split of the total over the targets (sequential
 * binomials, from the stream of row UINT32_MAX, which no target has), each
 * target's share in proportion to its possible partners; then target j draws
 * its sources uniformly from stream j, redrawing itself when autapses are
 * refused.  Together: every pair that is allowed is equally likely, as if
 * whole pairs were drawn and autapses redrawn.  Beyond the CSR, the memory is
 * 4 bytes a synapse (its source, grouped by target). */
static int build_total(snn_run *r, gsl_rng *g, const snn_conn_spec *s, snn_csr *c, cols *cl)
{
    const uint64_t n = (uint64_t)round(s->p);
    uint64_t *deg = malloc(sizeof(uint64_t) * ((size_t)s->post_n + 1));
    uint64_t *count = calloc((size_t)s->pre_n + 1, sizeof(uint64_t));
    uint32_t *pre_of = malloc(sizeof(uint32_t) * (n ? n : 1));
    int rc = -1;
    if (!deg || !count || !pre_of) {
        snn_fail(r, "out of memory");
        goto done;
    }
    uint64_t pairs = 0; /* of targets j and later */
    for (uint32_t j = 0; j < s->post_n; j++)
        pairs += partners(s, j);
    if (n > 0 && pairs == 0) {
        snn_fail(r, "projection %s: %s asks for synapses, but without autapses there is no pair to make", s->name,
                 s->rule_text ? s->rule_text : "total(n)");
        goto done;
    }
    snn_rng_reset(g, r->seed, s->purpose, UINT32_MAX);
    uint64_t left = n;
    for (uint32_t j = 0; j < s->post_n; j++) {
        const uint32_t w = partners(s, j);
        deg[j] = w == pairs ? left : w == 0 ? 0 : binomial(g, (double)w / (double)pairs, left);
        left -= deg[j];
        pairs -= w;
    }
    uint64_t q = 0;
    for (uint32_t j = 0; j < s->post_n; j++) {
        snn_rng_reset(g, r->seed, s->purpose, j);
        for (uint64_t t = 0; t < deg[j]; t++) {
            uint32_t i;
            do
                i = (uint32_t)gsl_rng_uniform_int(g, s->pre_n);
            while (is_self(s, i, j));
            pre_of[q++] = i;
            count[i]++;
        }
    }
    rc = rows_from_targets(r, s, pre_of, deg, 0, count, c, cl);
done:
    free(deg);
    free(count);
    free(pre_of);
    return rc;
}

/* Explicit list: lines "pre,post" (indices within the connected ranges); '#'
 * comments and a header line are allowed. */
static int build_file(snn_run *r, const snn_conn_spec *s, snn_csr *c, cols *cl)
{
    FILE *f = fopen(s->path, "r");
    if (!f)
        return snn_fail(r, "%s: cannot open connection list of projection %s: %s", s->path, s->name, strerror(errno));
    uint64_t *count = calloc((size_t)s->pre_n + 1, sizeof(uint64_t));
    cols pre = {0}, post = {0};
    char line[512];
    long lineno = 0;
    int rc = -1;
    if (!count) {
        snn_fail(r, "out of memory");
        goto done;
    }
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || *p == '\r' || *p == 0)
            continue;
        unsigned long a, b;
        char tail;
        int got = sscanf(p, "%lu , %lu %c", &a, &b, &tail);
        if (got < 2 || (got == 3 && tail != '#')) {
            if (lineno == 1 && (p[0] < '0' || p[0] > '9'))
                continue; /* header */
            snn_fail(r, "%s:%ld: expected 'pre,post' (two whole numbers)", s->path, lineno);
            goto done;
        }
        if (a >= s->pre_n || b >= s->post_n) {
            snn_fail(r, "%s:%ld: connection %lu -> %lu is outside the ranges 0..%u -> 0..%u", s->path, lineno, a, b,
                     s->pre_n - 1, s->post_n - 1);
            goto done;
        }
        if (push(&pre, (uint32_t)a) || push(&post, (uint32_t)b)) {
            snn_fail(r, "out of memory");
            goto done;
        }
        count[a]++;
    }
    if (ferror(f)) {
        snn_fail(r, "%s: read error", s->path);
        goto done;
    }
    if (rows_from_counts(r, s, count, c, cl))
        goto done;
    for (uint64_t k = 0; k < pre.n; k++)
        cl->v[c->row[pre.v[k]] + count[pre.v[k]]++] = post.v[k];
    rc = 0;
done:
    fclose(f);
    free(count);
    free(pre.v);
    free(post.v);
    return rc;
}

/* Each row's targets in ascending order (a list from a file may give them in
 * any order), before anything is drawn per synapse: a stable insertion sort,
 * so a repeated pair keeps its order and rows already sorted cost one pass. */
static void sort_rows(snn_csr *c)
{
    for (uint32_t i = 0; i < c->nrows; i++)
        for (uint64_t k = c->row[i] + 1; k < c->row[i + 1]; k++) {
            const uint32_t x = c->col[k];
            uint64_t q = k;
            for (; q > c->row[i] && c->col[q - 1] > x; q--)
                c->col[q] = c->col[q - 1];
            c->col[q] = x;
        }
}

/* Where each thread's targets start in every row (rows are sorted). */
static int share_out(snn_run *r, snn_csr *c, const snn_conn_spec *s)
{
    const int nt = r->nthreads > 0 ? r->nthreads : 1;
    if (!(c->part = calloc((size_t)nt + 1, sizeof *c->part)))
        return snn_fail(r, "out of memory");
    c->part[0] = c->row;
    c->part[nt] = c->row + 1;
    for (int t = 1; t < nt; t++) {
        if (!(c->part[t] = malloc(sizeof(uint64_t) * (c->nrows ? c->nrows : 1)))) {
            for (int u = t + 1; u <= nt; u++) /* free() stops at the first row + 1 */
                c->part[u] = c->row + 1;
            return snn_fail(r, "out of memory");
        }
        const uint32_t lo = snn_lo(r, s->post_pop, t), from = lo > s->post_lo ? lo - s->post_lo : 0;
        for (uint32_t i = 0; i < c->nrows; i++) {
            uint64_t a = c->row[i], b = c->row[i + 1];
            while (a < b) { /* the first synapse of row i onto index >= from */
                const uint64_t mid = a + (b - a) / 2;
                if (c->col[mid] < from)
                    a = mid + 1;
                else
                    b = mid;
            }
            c->part[t][i] = a;
        }
    }
    return 0;
}

/* The value of probability(p), indegree(k) or total(n), computed at start-up
 * from global parameters that --set may have changed. */
static int check_rule_value(snn_run *r, const snn_conn_spec *s)
{
    const double v = s->p;
    const char *want;
    switch (s->rule) {
    case SNN_RULE_PROB:
        if (v >= 0 && v <= 1)
            return 0;
        want = "a probability (0 <= p <= 1)";
        break;
    case SNN_RULE_INDEGREE:
        if (v >= 0 && v <= UINT32_MAX && v == floor(v))
            return 0;
        want = "an in-degree (a whole number, 0 <= k < 2^32)";
        break;
    case SNN_RULE_TOTAL:
        if (v >= 0 && v <= 0x1p40)
            return 0;
        want = "a number of synapses (0 <= n <= 2^40)";
        break;
    default:
        return 0;
    }
    char value[32];
    snprintf(value, sizeof value, "%g", v);
    return snn_fail(r, "projection %s: %s is %s, which is not %s", s->name,
                    s->rule_text ? s->rule_text : "the rule's value", isnan(v) ? "NaN" : value, want);
}

/* Over several ranks: only the synapses onto this rank's neurons stay, and
 * skip[i] counts those of row i before them. */
static int keep_own(snn_run *r, snn_csr *c, const snn_conn_spec *s)
{
    uint32_t from, to;
    snn_own_targets(r, s, &from, &to);
    if (!(c->skip = malloc(sizeof(uint64_t) * (c->nrows ? c->nrows : 1))))
        return -1;
    uint64_t n = 0;
    for (uint32_t i = 0; i < c->nrows; i++) {
        const uint64_t a = c->row[i], b = c->row[i + 1];
        uint64_t k = a;
        while (k < b && c->col[k] < from)
            k++;
        c->skip[i] = k - a;
        c->row[i] = n;
        for (; k < b && c->col[k] < to; k++)
            c->col[n++] = c->col[k];
    }
    c->row[c->nrows] = n;
    c->nnz = n;
    uint32_t *col = realloc(c->col, sizeof(uint32_t) * (n ? n : 1));
    if (col)
        c->col = col;
    return 0;
}

int snn_csr_build(snn_run *r, snn_csr *c, const snn_conn_spec *s)
{
    memset(c, 0, sizeof *c);
    if (check_rule_value(r, s))
        return -1;
    if (snn_budget_synapses(r, s)) /* before anything is drawn: refused at once if too large */
        return -1;
    c->nrows = s->pre_n;
    if (!(c->row = calloc((size_t)s->pre_n + 1, sizeof(uint64_t))))
        return snn_fail(r, "out of memory");
    gsl_rng *g = snn_rng_alloc(r->seed, s->purpose, 0);
    if (!g)
        return snn_fail(r, "out of memory");
    cols cl = {0};
    int rc = 0;
    switch (s->rule) {
    case SNN_RULE_ALL:
        for (uint32_t i = 0; i < s->pre_n && !rc; i++) {
            c->row[i] = cl.n;
            for (uint32_t j = 0; j < s->post_n && !rc; j++)
                if (!is_self(s, i, j))
                    rc = push(&cl, j);
        }
        c->row[s->pre_n] = cl.n;
        if (rc)
            snn_fail(r, "out of memory");
        break;
    case SNN_RULE_ONE_TO_ONE:
        for (uint32_t i = 0; i < s->pre_n && !rc; i++) {
            c->row[i] = cl.n;
            if (!is_self(s, i, i))
                rc = push(&cl, i);
        }
        c->row[s->pre_n] = cl.n;
        if (rc)
            snn_fail(r, "out of memory");
        break;
    case SNN_RULE_PROB:
        if ((rc = build_prob(g, s, r->seed, c, &cl)))
            snn_fail(r, "out of memory");
        break;
    case SNN_RULE_INDEGREE:
        rc = build_indegree(r, g, s, c, &cl);
        break;
    case SNN_RULE_TOTAL:
        rc = build_total(r, g, s, c, &cl);
        break;
    case SNN_RULE_FILE:
        rc = build_file(r, s, c, &cl);
        break;
    case SNN_RULE_WHEN: /* every pair asked, row i drawing from its own stream */
        for (uint32_t i = 0; i < s->pre_n && !rc; i++) {
            c->row[i] = cl.n;
            snn_rng_reset(g, r->seed, s->purpose, i);
            for (uint32_t j = 0; j < s->post_n && !rc; j++)
                if (!is_self(s, i, j) && s->when(r, g, i, j))
                    rc = push(&cl, j);
        }
        c->row[s->pre_n] = cl.n;
        if (rc)
            snn_fail(r, "out of memory");
        break;
    }
    snn_rng_free(g);
    if (rc) {
        free(cl.v);
        snn_csr_free(c);
        return -1;
    }
    c->nnz = cl.n;
    c->col = cl.v ? cl.v : malloc(sizeof(uint32_t));
    if (!c->col)
        return snn_fail(r, "out of memory");
    sort_rows(c);
    if (r->nranks > 1 && keep_own(r, c, s))
        return snn_fail(r, "out of memory");
    /* what it holds, for run.json: each synapse's target index and what the model keeps per synapse */
    struct snn_conn_made *made = realloc(r->made, sizeof *made * ((size_t)r->nmade + 1));
    if (!made)
        return snn_fail(r, "out of memory");
    r->made = made;
    made[r->nmade++] = (struct snn_conn_made){s->name, c->nnz, (double)c->nnz * (4 + s->synapse_bytes)};
    return share_out(r, c, s);
}

uint8_t *snn_delays_narrow(snn_run *r, uint16_t **d, uint64_t nnz, uint32_t dmax)
{
    uint8_t *d8 = dmax < 256 ? malloc(nnz ? nnz : 1) : NULL;
    if (!d8) /* longer delays, or no memory for the copy: the two bytes stay */
        return NULL;
    for (uint64_t k = 0; k < nnz; k++)
        d8[k] = (uint8_t)(*d)[k];
    free(*d);
    *d = NULL;
    r->made[r->nmade - 1].bytes -= (double)nnz;
    return d8;
}

int snn_csr_transpose(snn_run *r, const snn_csr *c, uint32_t ncols, snn_csr_t *t)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    t->row = calloc((size_t)ncols + 1, sizeof(uint64_t));
    t->syn = malloc(sizeof(uint64_t) * (c->nnz ? c->nnz : 1));
    t->pre = malloc(sizeof(uint32_t) * (c->nnz ? c->nnz : 1));
    uint64_t *fill = calloc((size_t)ncols + 1, sizeof(uint64_t));
    if (!t->row || !t->syn || !t->pre || !fill) {
        free(fill);
        snn_csr_t_free(t);
        return snn_fail(r, "out of memory");
    }
    for (uint64_t k = 0; k < c->nnz; k++)
        t->row[c->col[k] + 1]++;
    for (uint32_t j = 0; j < ncols; j++)
        t->row[j + 1] += t->row[j];
    /* rows in increasing order keep each target's synapses sorted by source */
    for (uint32_t i = 0; i < c->nrows; i++)
        for (uint64_t k = c->row[i]; k < c->row[i + 1]; k++) {
            uint32_t j = c->col[k];
            uint64_t q = t->row[j] + fill[j]++;
            t->syn[q] = k;
            t->pre[q] = i;
        }
    free(fill);
    return 0;
}

void snn_csr_t_free(snn_csr_t *t)
{
    free(t->row);
    free(t->syn);
    free(t->pre);
    t->row = NULL;
    t->syn = NULL;
    t->pre = NULL;
}
