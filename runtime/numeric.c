/*
 * numeric.c: numerics done once at start-up.  The exact propagator of a linear
 * system dx/dt = A x + b over one step is the top block of exp(M dt) with the
 * augmented matrix M = [[A, b], [0, 0]]; GSL computes the matrix exponential,
 * and the augmentation handles singular A (pure integrators) without special
 * cases.
 */
#include "snn.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>

int snn_propagator(int n, const double *A, const double *b, double dt, double *P, double *q)
{
    gsl_set_error_handler_off();
    gsl_matrix *M = gsl_matrix_calloc((size_t)n + 1, (size_t)n + 1);
    gsl_matrix *E = gsl_matrix_alloc((size_t)n + 1, (size_t)n + 1);
    int rc = -1;
    if (!M || !E)
        goto done;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++)
            gsl_matrix_set(M, (size_t)i, (size_t)j, A[i * n + j] * dt);
        gsl_matrix_set(M, (size_t)i, (size_t)n, b[i] * dt);
    }
    if (gsl_linalg_exponential_ss(M, E, GSL_PREC_DOUBLE) != GSL_SUCCESS)
        goto done;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            P[i * n + j] = gsl_matrix_get(E, (size_t)i, (size_t)j);
            if (!isfinite(P[i * n + j]))
                goto done;
        }
        q[i] = gsl_matrix_get(E, (size_t)i, (size_t)n);
        if (!isfinite(q[i]))
            goto done;
    }
    rc = 0;
done:
    gsl_matrix_free(M);
    gsl_matrix_free(E);
    return rc;
}

double snn_draw_normal(gsl_rng *g, double mu, double sigma) { return mu + gsl_ran_gaussian_ziggurat(g, sigma); }
double snn_draw_uniform(gsl_rng *g, double lo, double hi) { return lo + (hi - lo) * gsl_rng_uniform(g); }
double snn_draw_gamma(gsl_rng *g, double k, double theta) { return gsl_ran_gamma(g, k, theta); }
double snn_draw_exponential(gsl_rng *g, double mean) { return gsl_ran_exponential(g, mean); }
