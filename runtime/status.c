/*
 * status.c: how the runtime's functions and the generated code report trouble
 * to the driver (sim.c).  Nothing below the driver prints or exits: a failing
 * call records its message in the run with snn_fail and returns -1, and a value
 * that leaves its bounds during the steps stops the run with snn_halt, which the
 * step loop sees after the step.  Every other runtime file may call these, and
 * they call nothing back, so this file sits at the bottom of the runtime's
 * dependencies.
 */
#include "snn.h"

#include <pthread.h>
#include <stdarg.h>

/* threads may find values out of bounds in the same step: the first one holds */
static pthread_mutex_t halt_lock = PTHREAD_MUTEX_INITIALIZER;

int snn_fail(snn_run *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, sizeof r->err, fmt, ap);
    va_end(ap);
    return -1;
}

void snn_halt(snn_run *r, int64_t first, int64_t step, const char *what, double value, double lo, double hi,
              const char *guard)
{
    pthread_mutex_lock(&halt_lock);
    if (r->halt_at) {
        pthread_mutex_unlock(&halt_lock);
        return;
    }
    char when[96], how[512];
    if (first < step)
        snprintf(when, sizeof when, "between t = %.10g s and %.10g s", (double)(first + 1) * r->dt,
                 (double)(step + 1) * r->dt);
    else
        snprintf(when, sizeof when, "at t = %.10g s", (double)(step + 1) * r->dt);
    if (!isfinite(value))
        snprintf(how, sizeof how, "became %s", isnan(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf");
    else
        snprintf(how, sizeof how, "is %.9g (SI units), outside [%.9g, %.9g] of %s", value, lo, hi, guard ? guard : "its bounds");
    snprintf(r->err, sizeof r->err, "%s %s %s", what, how, when);
    __atomic_store_n(&r->halt_at, step + 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&halt_lock);
}
