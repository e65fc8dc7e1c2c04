/*
 * check.h - the unit-test convention shared by every tests/unit/ program.
 *
 * Each check prints one line, "PASS <name>" or "FAIL <name>: <why>", which
 * the test driver greps; main() ends with `return check_done();`, giving exit
 * status 0 if every check passed and 1 otherwise.  Header-only on purpose:
 * each test is a single C file plus the runtime (or compiler) objects it exercises.
 */
#ifndef SNN_CHECK_H
#define SNN_CHECK_H

#include <stdio.h>

static int check_failures;

/* CHECK(name, cond, fmt, ...): fmt and its arguments explain a failure. */
#define CHECK(name, cond, ...)                                   \
    do {                                                         \
        if (cond) {                                              \
            printf("PASS %s\n", (name));                         \
        } else {                                                 \
            check_failures++;                                    \
            printf("FAIL %s: ", (name));                         \
            printf(__VA_ARGS__);                                 \
            printf("\n");                                        \
        }                                                        \
        fflush(stdout);                                          \
    } while (0)

/* A check that cannot run here (say why): counted as skipped, never as passed. */
#define SKIP(name, ...)                \
    do {                               \
        printf("SKIP %s: ", (name));   \
        printf(__VA_ARGS__);           \
        printf("\n");                  \
    } while (0)

static inline int check_done(void)
{
    return check_failures ? 1 : 0;
}

#endif /* SNN_CHECK_H */
