/*
 * test_csr.c: connectivity rules -> CSR.  Exact counts where the rule fixes
 * them (all, one_to_one, indegree, file), the binomial count of the
 * probability rule within 5 sigma, autapses excluded on request, sorted and
 * in-range columns, independence from build order (same seed, same matrix),
 * and clear errors for bad connection files.
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

int main(void)
{
    snn_csr c;
    snn_conn_spec s = {"all", SNN_RULE_ALL, 0, 30, 0, 40, 0, false, true, 0, NULL, 1, NULL, 0};
    CHECK("csr-all-count", snn_csr_build(&run, &c, &s) == 0 && c.nnz == 1200 && well_formed(&c, 40), "nnz %llu",
          (unsigned long long)c.nnz);
    snn_csr_free(&c);

    s = (snn_conn_spec){"all-noself", SNN_RULE_ALL, 0, 50, 0, 50, 0, true, false, 0, NULL, 2, NULL, 0};
    snn_csr_build(&run, &c, &s);
    CHECK("csr-all-no-autapses", c.nnz == 50 * 49 && !has_self(&c, 0), "nnz %llu", (unsigned long long)c.nnz);
    snn_csr_free(&c);

    /* a family slice of one population onto another slice: self means equal absolute index */
    s = (snn_conn_spec){"slice", SNN_RULE_ALL, 10, 20, 0, 40, 0, true, false, 0, NULL, 3, NULL, 0};
    snn_csr_build(&run, &c, &s);
    CHECK("csr-slice-autapse-offset", c.nnz == 20 * 39 && !has_self(&c, -10), "nnz %llu", (unsigned long long)c.nnz);
    snn_csr_free(&c);

    s = (snn_conn_spec){"o2o", SNN_RULE_ONE_TO_ONE, 0, 100, 0, 100, 0, false, true, 0, NULL, 4, NULL, 0};
    snn_csr_build(&run, &c, &s);
    bool diag = c.nnz == 100;
    for (uint32_t i = 0; i < 100 && diag; i++)
        diag = c.row[i + 1] - c.row[i] == 1 && c.col[c.row[i]] == i;
    CHECK("csr-one-to-one", diag, "not the identity");
    snn_csr_free(&c);

    /* probability: binomial count within 5 sigma */
    const double p = 0.02;
    const uint32_t n = 2000;
    s = (snn_conn_spec){"prob", SNN_RULE_PROB, 0, n, 0, n, 0, true, true, p, NULL, 5, NULL, 0};
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
    snn_csr_free(&c);

    s = (snn_conn_spec){"p1", SNN_RULE_PROB, 0, 20, 0, 20, 0, true, false, 1.0, NULL, 6, NULL, 0};
    snn_csr_build(&run, &c, &s);
    CHECK("csr-probability-one", c.nnz == 20 * 19 && !has_self(&c, 0), "nnz %llu", (unsigned long long)c.nnz);
    snn_csr_free(&c);

    /* in-degree: every target gets exactly k distinct sources, never itself */
    s = (snn_conn_spec){"indeg", SNN_RULE_INDEGREE, 0, 300, 0, 200, 0, true, false, 25, NULL, 7, NULL, 0};
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

    s = (snn_conn_spec){"toomany", SNN_RULE_INDEGREE, 0, 10, 0, 10, 0, true, false, 10, NULL, 8, NULL, 0};
    CHECK("csr-indegree-too-large", snn_csr_build(&run, &c, &s) != 0 && strstr(run.err, "toomany"), "err: %s", run.err);

    /* explicit lists */
    const char *path = "test_csr_list.csv";
    FILE *f = fopen(path, "w");
    fprintf(f, "pre,post\n0,1\n2,0\n# comment\n0,2\n");
    fclose(f);
    s = (snn_conn_spec){"list", SNN_RULE_FILE, 0, 3, 0, 3, 0, false, true, 0, path, 9, NULL, 0};
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
    snn_run two = {.seed = 42, .nthreads = 2, .npops = 1, .part = bounds};
    s = (snn_conn_spec){"halves", SNN_RULE_PROB, 0, 30, 0, 40, 0, true, true, 0.3, NULL, 10, NULL, 0};
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
    s = (snn_conn_spec){"list", SNN_RULE_FILE, 0, 3, 0, 3, 0, false, true, 0, "no/such/file.csv", 9, NULL, 0};
    CHECK("csr-file-missing", snn_csr_build(&run, &c, &s) != 0 && strstr(run.err, "no/such/file.csv"), "err: %s",
          run.err);
    return check_done();
}
