/*
 * units.c: dimensions and unit names.  Every quantity in a model carries a
 * dimension (exponents of m, kg, s, A); values are stored in SI so that the
 * generated code never converts.  Exponents are doubled internally so that
 * sqrt(dt) and white noise (s^-1/2) have exact dimensions.  A fifth exponent
 * belongs to the weight of a rule generic over it ('weight'), a variable that
 * each use of the rule replaces with its synapse's weight (dim_subst).
 */
#include "snnc.h"
#include "unit_table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const Dim DIM_NONE = {{0, 0, 0, 0, 0}};

/* doubled exponents: m, kg, s, A */
#define D(m, kg, s, a) ((Dim){{2 * (m), 2 * (kg), 2 * (s), 2 * (a)}})

Dim dim_mul(Dim a, Dim b)
{
    for (int i = 0; i < NDIM; i++)
        a.e[i] = (int8_t)(a.e[i] + b.e[i]);
    return a;
}

Dim dim_div(Dim a, Dim b)
{
    for (int i = 0; i < NDIM; i++)
        a.e[i] = (int8_t)(a.e[i] - b.e[i]);
    return a;
}

bool dim_pow(Dim a, double p, Dim *out)
{
    for (int i = 0; i < NDIM; i++) {
        double e = a.e[i] * p;
        if (fabs(e - round(e)) > 1e-9 || fabs(e) > 100)
            return false;
        out->e[i] = (int8_t)lround(e);
    }
    return true;
}

bool dim_eq(Dim a, Dim b) { return memcmp(a.e, b.e, sizeof a.e) == 0; }
Dim dim_weight(void) { return (Dim){{0, 0, 0, 0, 2}}; }
bool dim_generic(Dim a) { return a.e[DIM_W] != 0; }

/* a = x * weight^k, with w (whole exponents: a synapse's weight) for the weight */
Dim dim_subst(Dim a, Dim w)
{
    int k = a.e[DIM_W];
    a.e[DIM_W] = 0;
    for (int i = 0; i < DIM_W; i++)
        a.e[i] = (int8_t)(a.e[i] + k * w.e[i] / 2);
    return a;
}
bool dim_is_none(Dim a) { return dim_eq(a, DIM_NONE); }
Dim dim_time(void) { return D(0, 0, 1, 0); }
Dim dim_voltage(void) { return D(2, 1, -3, -1); }

static const struct {
    const char *name, *unit;
    Dim d;
} named[] = {
    {"dimensionless", "1", D(0, 0, 0, 0)},
    {"time", "ms", D(0, 0, 1, 0)},
    {"frequency", "Hz", D(0, 0, -1, 0)},
    {"voltage", "mV", D(2, 1, -3, -1)},
    {"current", "nA", D(0, 0, 0, 1)},
    {"conductance", "nS", D(-2, -1, 3, 2)},
    {"capacitance", "pF", D(-2, -1, 4, 2)},
    {"resistance", "MOhm", D(2, 1, -3, -2)},
    {"charge", "pC", D(0, 0, 1, 1)},
    {"length", "um", D(1, 0, 0, 0)},
    {"voltage rate", "mV/ms", D(2, 1, -4, -1)},
    {"current rate", "nA/ms", D(0, 0, -1, 1)},
};

bool dim_by_name(const char *name, Dim *d)
{
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (!strchr(named[i].name, ' ') && strcmp(named[i].name, name) == 0) {
            *d = named[i].d;
            return true;
        }
    return false;
}

const char *dim_names_list(void)
{
    return "dimensionless, time, frequency, voltage, current, conductance, capacitance, "
           "resistance, charge, length";
}

void dim_suggest(Suggest *s)
{
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (!strchr(named[i].name, ' '))
            suggest_offer(s, named[i].name);
}

/* "kg*m^2*s^-3"; the weight of a generic rule first: "weight*s^-1" */
static const char *formula(Dim d)
{
    static const char *base[NDIM] = {"m", "kg", "s", "A", "weight"};
    static const int order[NDIM] = {DIM_W, DIM_M, DIM_KG, DIM_S, DIM_A};
    char buf[128];
    size_t n = 0;
    buf[0] = 0;
    for (int k = 0; k < NDIM; k++) {
        int i = order[k];
        if (!d.e[i])
            continue;
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? "*" : "", base[i]);
        if (d.e[i] % 2)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "^%g", d.e[i] / 2.0);
        else if (d.e[i] != 2)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "^%d", d.e[i] / 2);
    }
    return arena_strdup(n ? buf : "1");
}

const char *dim_short(Dim d)
{
    if (dim_eq(d, dim_weight()))
        return "weight";
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (dim_eq(named[i].d, d))
            return named[i].name;
    return formula(d);
}

const char *dim_str(Dim d)
{
    if (dim_eq(d, dim_weight()))
        return "a weight";
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (dim_eq(named[i].d, d))
            return i == 0 ? "dimensionless" : arena_printf("a %s (%s)", named[i].name, named[i].unit);
    return arena_printf("of dimension %s", formula(d));
}

/* The unit messages show a value of dimension d in ("mV" for a voltage), with
 * its SI value in *scale; NULL for a dimensionless value and a dimension
 * without such a unit. */
const char *dim_unit(Dim d, double *scale)
{
    Dim u;
    for (size_t i = 1; i < sizeof named / sizeof named[0]; i++)
        if (dim_eq(named[i].d, d) && unit_lookup(named[i].unit, scale, &u))
            return named[i].unit;
    return NULL;
}

/* The unit a value of dimension d is written in by a run (reports, edges):
 * the one messages use (mV), "1" if dimensionless, else the SI formula; an SI
 * value times *scale is in it.  The prefixes are powers of ten, and the scale
 * is made exact (1e9, not 1 / 1e-9). */
const char *dim_report_unit(Dim d, double *scale)
{
    double si = 1;
    const char *u = dim_unit(d, &si);
    *scale = u ? pow(10, -round(log10(si))) : 1;
    return u ? u : dim_is_none(d) ? "1" : formula(d);
}

/* Unit symbols come from the table the runtime uses for --set values. */
bool unit_lookup(const char *name, double *scale, Dim *d)
{
    *d = DIM_NONE; /* the table sets m, kg, s, A */
    return snn_unit_lookup(name, scale, d->e);
}

/* Units that stand alone as names (5 * ms): not "h" and "min", which only
 * follow numbers, so that h stays free for gating variables and kernels. */
bool unit_lookup_bare(const char *name, double *scale, Dim *d)
{
    return strcmp(name, "h") != 0 && strcmp(name, "min") != 0 && unit_lookup(name, scale, d);
}

/* Every unit symbol as a candidate for a misspelt one ('mv', 'msec'); bare:
 * only those that may stand alone as a name. */
void unit_suggest(Suggest *s, bool bare)
{
    for (size_t i = 0; i < sizeof snn_unit_bases / sizeof snn_unit_bases[0]; i++) {
        suggest_offer(s, snn_unit_bases[i].sym);
        for (size_t p = 0; p < sizeof snn_unit_prefixes / sizeof snn_unit_prefixes[0]; p++)
            suggest_offer(s, arena_printf("%c%s", snn_unit_prefixes[p].c, snn_unit_bases[i].sym));
    }
    if (!bare) {
        suggest_offer(s, "min");
        suggest_offer(s, "h");
    }
}
