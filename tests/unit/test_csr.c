/*
 * test_csr.c: connectivity rules -> CSR.  Exact counts where the rule fixes
 * them (all, one_to_one, indegree, file), the binomial count of the
 * probability rule within 5 sigma, autapses excluded on request, sorted and
 * in-range columns, independence from build order (same seed, same matrix),
 * and clear errors for bad connection files.  total(n): the exact count, a
 * binomial spread of in-degrees (which a fixed in-degree would not give),
 * every pair equally likely with repeats, no autapses on request, each
 * target's sources drawn from its own stream, and refused values.
 */
#include "check.h"
#include "snn.h"

#include <stdio.h>

static snn_run run = {.seed = 42};

static bool well_formed(const snn_csr *c, uint32_t post_n)
{
    if (c->row[0] != 0 || c->row[c->nrows] != c->nnz)
        return false;
    for (uint32_t i = 0; i < c->nrows; i++) {
        if (c->row[i + 1] < c->row[i])
            return false;
        for (uint64_t k = c->row[i]; k < c->row[i + 1]; k++)
            if (c->col[k] >= post_n)
                return false;
    }
    return true;
}

static bool has_self(const snn_csr *c, int32_t shift)
{
    for (uint32_t i = 0; i < c->nrows; i++)
        for (uint64_t k = c->row[i]; k < c->row[i + 1]; k++)
            if ((int64_t)c->col[k] + shift == (int64_t)i)
                return true;
    return false;
}

/* The synapses onto each of post_n targets. */
static void in_degrees(const snn_csr *c, uint32_t post_n, uint64_t *deg)
{
    memset(deg, 0, sizeof(uint64_t) * post_n);
    for (uint64_t k = 0; k < c->nnz; k++)
        deg[c->col[k]]++;
}

/* Rows ascending with repeats side by side (a repeated pair is a multapse). */
static bool sorted_rows(const snn_csr *c, uint64_t *repeats)
{
    *repeats = 0;
    for (uint32_t i = 0; i < c->nrows; i++)
        for (uint64_t k = c->row[i] + 1; k < c->row[i + 1]; k++) {
            if (c->col[k] < c->col[k - 1])
                return false;
            *repeats += c->col[k] == c->col[k - 1];
        }
    return true;
}

static void test_total(void)
{
    snn_csr c, c2;
    uint64_t deg[1000], repeats;

    /* 20,000 synapses onto 1000 targets: in-degrees multinomial, mean 20 and
     * variance 20 (1 - 1/1000); the sample variance of 1000 of them has a
     * standard deviation of 4.6 % of that (0.91 over 300 seeds), so 25 % is
     * over 5 sd (a fixed in-degree has variance 0) */
    snn_conn_spec s = {"tot", SNN_RULE_TOTAL, 0, 300, 0, 1000, 0, false, true, 20000, "total(20000)", NULL, 11, NULL, 0};
    int rc = snn_csr_build(&run, &c, &s);
    CHECK("csr-total-count", rc == 0 && c.nnz == 20000 && well_formed(&c, 1000) && sorted_rows(&c, &repeats),
          "rc %d nnz %llu", rc, (unsigned long long)c.nnz);
    in_degrees(&c, 1000, deg);
    double sum = 0, sq = 0;
    for (int j = 0; j < 1000; j++) {
        sum += (double)deg[j];
        sq += (double)deg[j] * (double)deg[j];
    }
    const double var = (sq - sum * sum / 1000) / 999, want = 20 * (1 - 1 / 1000.0);
    CHECK("csr-total-indegree-spread", fabs(var / want - 1) < 0.25, "in-degree variance %g, expected %g +- 25 %%", var,
          want);

    /* the same network on two threads (the split only says who delivers what) */
    uint32_t bounds[] = {0, 400, 1000};
    snn_run two = {.seed = 42, .nthreads = 2, .nranks = 1, .nworkers = 2, .npops = 1, .part = bounds};
    rc = snn_csr_build(&two, &c2, &s);
    CHECK("csr-total-threads", rc == 0 && c2.nnz == c.nnz && memcmp(c.col, c2.col, c.nnz * sizeof(uint32_t)) == 0 &&
                                   memcmp(c.row, c2.row, 301 * sizeof(uint64_t)) == 0,
          "rc %d: another matrix on two threads", rc);
    snn_csr_free(&c2);
    free(two.made);

    /* target j's sources are the first draws of stream (seed, projection, j) */
    bool keyed = true;
    for (uint32_t j = 0; j < 1000 && keyed; j += 97) {
        gsl_rng *g = snn_rng_alloc(run.seed, s.purpose, j);
        uint64_t from[300] = {0};
        for (uint64_t t = 0; t < deg[j]; t++)
            from[gsl_rng_uniform_int(g, 300)]++;
        snn_rng_free(g);
        for (uint32_t i = 0; i < 300; i++)
            for (uint64_t k = c.row[i]; k < c.row[i + 1]; k++)
                from[i] -= c.col[k] == j;
        for (uint32_t i = 0; i < 300; i++)
            keyed &= from[i] == 0;
    }
    CHECK("csr-total-keyed-by-target", keyed, "a target's sources are not its own stream's first draws");
    snn_csr_free(&c);

    /* 20,000 synapses on 10 x 10 pairs: every pair about 200 times, repeated
     * (chi-square over the 100 pairs: 99 +- 14 if uniform) */
    s = (snn_conn_spec){"multi", SNN_RULE_TOTAL, 0, 10, 0, 10, 0, false, true, 20000, "total(2e4)", NULL, 12, NULL, 0};
    rc = snn_csr_build(&run, &c, &s);
    double chi2 = 0;
    for (uint32_t i = 0; rc == 0 && i < 10; i++) {
        uint64_t per[10] = {0};
        for (uint64_t k = c.row[i]; k < c.row[i + 1]; k++)
            per[c.col[k]]++;
        for (int j = 0; j < 10; j++)
            chi2 += ((double)per[j] - 200) * ((double)per[j] - 200) / 200;
    }
    CHECK("csr-total-multapses", rc == 0 && c.nnz == 20000 && sorted_rows(&c, &repeats) && repeats == 20000 - 100,
          "rc %d nnz %llu, %llu repeated pairs", rc, (unsigned long long)c.nnz, (unsigned long long)repeats);
    CHECK("csr-total-uniform-pairs", rc == 0 && chi2 < 99 + 5 * 14, "chi-square %g over 100 pairs (99 +- 14)", chi2);
    snn_csr_free(&c);

    /* no autapses: a slice of neurons 10..29 onto 0..39 of the same population;
     * targets 10..29 have 19 partners, the others 20, so that every pair that
     * is allowed is equally likely: 380 of the 780 pairs are onto 10..29 */
    const double total = 2e5;
    s = (snn_conn_spec){"noself", SNN_RULE_TOTAL, 10, 20, 0, 40, 0, true, false, total, NULL, NULL, 13, NULL, 0};
    rc = snn_csr_build(&run, &c, &s);
    CHECK("csr-total-no-autapses", rc == 0 && c.nnz == total && !has_self(&c, -10) && well_formed(&c, 40),
          "rc %d nnz %llu", rc, (unsigned long long)c.nnz);
    in_degrees(&c, 40, deg);
    double onto_self = 0, share = 380 / 780.0;
    for (int j = 10; j < 30; j++)
        onto_self += (double)deg[j];
    CHECK("csr-total-no-autapses-uniform", fabs(onto_self - share * total) < 5 * sqrt(total * share * (1 - share)),
          "%g synapses onto 10..29, expected %g +- %g", onto_self, share * total, 5 * sqrt(total * share * (1 - share)));
    snn_csr_free(&c);

    /* one neuron onto itself without autapses: no pair to make */
    s = (snn_conn_spec){"alone", SNN_RULE_TOTAL, 3, 1, 3, 1, 0, true, false, 5, "total(5)", NULL, 14, NULL, 0};
    CHECK("csr-total-no-pair", snn_csr_build(&run, &c, &s) != 0 && strstr(run.err, "alone") &&
                                   strstr(run.err, "total(5)"),
          "err: %s", run.err);
    s.p = 0;
    rc = snn_csr_build(&run, &c, &s);
    CHECK("csr-total-zero", rc == 0 && c.nnz == 0, "rc %d nnz %llu", rc, (unsigned long long)c.nnz);
    snn_csr_free(&c);

    /* round(n), and values that are not a number of synapses */
    s = (snn_conn_spec){"round", SNN_RULE_TOTAL, 0, 5, 0, 5, 0, false, true, 7.5, "total(x)", NULL, 15, NULL, 0};
    rc = snn_csr_build(&run, &c, &s);
    CHECK("csr-total-rounds", rc == 0 && c.nnz == 8, "rc %d nnz %llu", rc, (unsigned long long)c.nnz);
    snn_csr_free(&c);
    const double bad[] = {-1, NAN, INFINITY, 0x1p41};
    for (int k = 0; k < 4; k++) {
        char name[64];
        snprintf(name, sizeof name, "csr-total-refused-%g", bad[k]);
        s.p = bad[k];
        rc = snn_csr_build(&run, &c, &s);
        CHECK(name, rc != 0 && strstr(run.err, "projection round: total(x) is"), "rc %d, err: %s", rc, run.err);
    }
}

int main(void)
{
    snn_csr c;
    snn_conn_spec s = {"all", SNN_RULE_ALL, 0, 30, 0, 40, 0, false, true, 0, NULL, NULL, 1, NULL, 0};
    CHECK("csr-all-count", snn_csr_build(&run, &c, &s) == 0 && c.nnz == 1200 && well_formed(&c, 40), "nnz %llu",
          (unsigned long long)c.nnz);
    snn_csr_free(&c);

    s = (snn_conn_spec){"all-noself", SNN_RULE_ALL, 0, 50, 0, 50, 0, true, false, 0, NULL, NULL, 2, NULL, 0};
    snn_csr_build(&run, &c, &s);
    CHECK("csr-all-no-autapses", c.nnz == 50 * 49 && !has_self(&c, 0), "nnz %llu", (unsigned long long)c.nnz);
    snn_csr_free(&c);

    /* a family slice of one population onto another slice: self means equal absolute index */
    s = (snn_conn_spec){"slice", SNN_RULE_ALL, 10, 20, 0, 40, 0, true, false, 0, NULL, NULL, 3, NULL, 0};
    snn_csr_build(&run, &c, &s);
    CHECK("csr-slice-autapse-offset", c.nnz == 20 * 39 && !has_self(&c, -10), "nnz %llu", (unsigned long long)c.nnz);
    snn_csr_free(&c);

    s = (snn_conn_spec){"o2o", SNN_RULE_ONE_TO_ONE, 0, 100, 0, 100, 0, false, true, 0, NULL, NULL, 4, NULL, 0};
    snn_csr_build(&run, &c, &s);
    bool diag = c.nnz == 100;
    for (uint32_t i = 0; i < 100 && diag; i++)
        diag = c.row[i + 1] - c.row[i] == 1 && c.col[c.row[i]] == i;
    CHECK("csr-one-to-one", diag, "not the identity");
    snn_csr_free(&c);

    /* probability: binomial count within 5 sigma */
    const double p = 0.02;
    const uint32_t n = 2000;
    s = (snn_conn_spec){"prob", SNN_RULE_PROB, 0, n, 0, n, 0, true, true, p, NULL, NULL, 5, NULL, 0};
    snn_csr_build(&run, &c, &s);
    double mean = p * n * n, sd = sqrt(n * (double)n * p * (1 - p));
    CHECK("csr-probability-count", fabs((double)c.nnz - mean) < 5 * sd && well_formed(&c, n), "nnz %llu, expected %g +- %g",
          (unsigned long long)c.nnz, mean, 5 * sd);
    bool sorted = true;
    for (uint32_t i = 0; i < c.nrows; i++)
        for (uint64_t k = c.row[i] + 1; k < c.row[i + 1]; k++)
            sorted &= c.col[k] > c.col[k - 1];
    CHECK("csr-probability-distinct-sorted", sorted, "columns of a row repeat or are unsorted");
    snn_csr c2;
    snn_csr_build(&run, &c2, &s);
    CHECK("csr-probability-reproducible",
          c2.nnz == c.nnz && memcmp(c.col, c2.col, c.nnz * sizeof(uint32_t)) == 0 &&
              memcmp(c.row, c2.row, (n + 1) * sizeof(uint64_t)) == 0,
          "same seed gave a different matrix");
    snn_csr_free(&c2);
    snn_run other = {.seed = 43};
    snn_csr_build(&other, &c2, &s);
    CHECK("csr-probability-seed-matters", c2.nnz != c.nnz || memcmp(c.col, c2.col, c.nnz * sizeof(uint32_t)) != 0,
          "seeds 42 and 43 gave the same matrix");
    snn_csr_free(&c2);
    free(other.made);
    snn_csr_free(&c);

    s = (snn_conn_spec){"p1", SNN_RULE_PROB, 0, 20, 0, 20, 0, true, false, 1.0, NULL, NULL, 6, NULL, 0};
    snn_csr_build(&run, &c, &s);
    CHECK("csr-probability-one", c.nnz == 20 * 19 && !has_self(&c, 0), "nnz %llu", (unsigned long long)c.nnz);
    snn_csr_free(&c);

    /* in-degree: every target gets exactly k distinct sources, never itself */
    s = (snn_conn_spec){"indeg", SNN_RULE_INDEGREE, 0, 300, 0, 200, 0, true, false, 25, NULL, NULL, 7, NULL, 0};
    snn_csr_build(&run, &c, &s);
    uint32_t indeg[200] = {0};
    for (uint32_t i = 0; i < c.nrows; i++)
        for (uint64_t k = c.row[i]; k < c.row[i + 1]; k++)
            indeg[c.col[k]]++;
    bool exact = true;
    for (int j = 0; j < 200; j++)
        exact &= indeg[j] == 25;
    CHECK("csr-indegree-exact", exact && c.nnz == 200 * 25 && !has_self(&c, 0), "in-degrees differ from 25");
    snn_csr_free(&c);

    s = (snn_conn_spec){"toomany", SNN_RULE_INDEGREE, 0, 10, 0, 10, 0, true, false, 10, NULL, NULL, 8, NULL, 0};
    CHECK("csr-indegree-too-large", snn_csr_build(&run, &c, &s) != 0 && strstr(run.err, "toomany"), "err: %s", run.err);

    /* explicit lists */
    const char *path = "test_csr_list.csv";
    FILE *f = fopen(path, "w");
    fprintf(f, "pre,post\n0,1\n2,0\n# comment\n0,2\n");
    fclose(f);
    s = (snn_conn_spec){"list", SNN_RULE_FILE, 0, 3, 0, 3, 0, false, true, 0, NULL, path, 9, NULL, 0};
    int rc = snn_csr_build(&run, &c, &s);
    CHECK("csr-file", rc == 0 && c.nnz == 3 && c.row[1] == 2 && c.col[0] == 1 && c.col[1] == 2 && c.col[2] == 0,
          "rc %d nnz %llu", rc, (unsigned long long)c.nnz);
    snn_csr_free(&c);
    f = fopen(path, "w");
    fprintf(f, "0,1\n5,0\n");
    fclose(f);
    CHECK("csr-file-out-of-range", snn_csr_build(&run, &c, &s) != 0 && strstr(run.err, "test_csr_list.csv:2"),
          "err: %s", run.err);
    f = fopen(path, "w");
    fprintf(f, "0,1\nzero,one\n");
    fclose(f);
    CHECK("csr-file-malformed", snn_csr_build(&run, &c, &s) != 0 && strstr(run.err, "test_csr_list.csv:2"),
          "err: %s", run.err);
    /* a row given out of order is sorted (a repeated pair kept) */
    f = fopen(path, "w");
    fprintf(f, "0,2\n1,1\n0,0\n0,2\n0,1\n");
    fclose(f);
    rc = snn_csr_build(&run, &c, &s);
    CHECK("csr-file-sorted", rc == 0 && c.row[1] == 4 && c.col[0] == 0 && c.col[1] == 1 && c.col[2] == 2 && c.col[3] == 2,
          "rc %d cols %u %u %u %u", rc, c.col[0], c.col[1], c.col[2], c.col[3]);
    snn_csr_free(&c);
    remove(path);

    /* two threads: each row's synapses onto targets 0..15 are thread 0's, the rest thread 1's */
    uint32_t bounds[] = {0, 16, 40};
    snn_run two = {.seed = 42, .nthreads = 2, .nranks = 1, .nworkers = 2, .npops = 1, .part = bounds};
    s = (snn_conn_spec){"halves", SNN_RULE_PROB, 0, 30, 0, 40, 0, true, true, 0.3, NULL, NULL, 10, NULL, 0};
    rc = snn_csr_build(&two, &c, &s);
    bool split_ok = rc == 0 && c.part[0] == c.row && c.part[2] == c.row + 1;
    for (uint32_t i = 0; split_ok && i < c.nrows; i++) {
        for (uint64_t k = c.row[i]; k < c.part[1][i]; k++)
            split_ok &= c.col[k] < 16;
        for (uint64_t k = c.part[1][i]; k < c.row[i + 1]; k++)
            split_ok &= c.col[k] >= 16;
    }
    CHECK("csr-thread-parts", split_ok, "rc %d", rc);
    snn_csr_free(&c);
    free(two.made);
    s = (snn_conn_spec){"list", SNN_RULE_FILE, 0, 3, 0, 3, 0, false, true, 0, NULL, "no/such/file.csv", 9, NULL, 0};
    CHECK("csr-file-missing", snn_csr_build(&run, &c, &s) != 0 && strstr(run.err, "no/such/file.csv"), "err: %s",
          run.err);
    test_total();
    free(run.made); /* what each build noted for run.json */
    return check_done();
}
