/*
 * unit_table.h: unit symbols with SI prefixes, shared by the compiler (unit
 * literals in .snn files) and the runtime (--set name=value).  Dimensions are
 * doubled exponents of m, kg, s, A, the encoding of both.
 */
#ifndef SNN_UNIT_TABLE_H
#define SNN_UNIT_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static const struct {
    const char *sym;
    int8_t e[4];
} snn_unit_bases[] = {
    {"V", {4, 2, -6, -2}}, {"A", {0, 0, 0, 2}},   {"S", {-4, -2, 6, 4}},
    {"F", {-4, -2, 8, 4}}, {"Ohm", {4, 2, -6, -4}}, {"s", {0, 0, 2, 0}},
    {"Hz", {0, 0, -2, 0}}, {"C", {0, 0, 2, 2}},   {"m", {2, 0, 0, 0}},
};

static const struct {
    char c;
    double f;
} snn_unit_prefixes[] = {{'p', 1e-12}, {'n', 1e-9}, {'u', 1e-6}, {'m', 1e-3}, {'k', 1e3}, {'M', 1e6}, {'G', 1e9}};

/* "mV" -> 1e-3 and the dimension of a voltage; "%" -> 0.01, dimensionless;
 * "min" and "h" (no prefixes) for the long runs of learning experiments. */
static inline bool snn_unit_lookup(const char *name, double *scale, int8_t e[4])
{
    if (strcmp(name, "%") == 0) {
        *scale = 0.01;
        memset(e, 0, 4);
        return true;
    }
    if (strcmp(name, "min") == 0 || strcmp(name, "h") == 0) {
        *scale = name[0] == 'h' ? 3600 : 60;
        static const int8_t time[4] = {0, 0, 2, 0};
        memcpy(e, time, 4);
        return true;
    }
    for (size_t i = 0; i < sizeof snn_unit_bases / sizeof snn_unit_bases[0]; i++) {
        const char *b = snn_unit_bases[i].sym;
        double f = 0;
        if (strcmp(name, b) == 0)
            f = 1;
        for (size_t p = 0; !f && p < sizeof snn_unit_prefixes / sizeof snn_unit_prefixes[0]; p++)
            if (name[0] == snn_unit_prefixes[p].c && strcmp(name + 1, b) == 0)
                f = snn_unit_prefixes[p].f;
        if (f) {
            *scale = f;
            memcpy(e, snn_unit_bases[i].e, 4);
            return true;
        }
    }
    return false;
}

#endif
