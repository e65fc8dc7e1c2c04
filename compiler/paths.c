/*
 * paths.c: where snnc finds its own files -- the stdlib, the runtime headers
 * the generated C includes and the runtime libraries it is linked with.
 *
 * They are found from where the snnc executable is (/proc/self/exe), not from
 * paths compiled in, so that one binary works wherever it is put: installed
 * (PREFIX/bin/snnc beside PREFIX/share/snnc/stdlib, PREFIX/include/snnc and
 * PREFIX/lib/snnc, also under a DESTDIR or after the prefix was moved), or as
 * built in a checkout (build/snnc or build/asan/snnc: the checkout's stdlib/
 * and runtime/ above it, the libraries beside it).  Which of the two is told
 * by the files that are there.  SNNC_ROOT (a checkout) and SNNC_LIBDIR (a
 * build folder) override, for tests that build the runtime another way.
 */
#define _DEFAULT_SOURCE /* realpath */
#include "snnc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* the folder as an absolute path without "..", for messages and --help */
static const char *clean(const char *path)
{
    char *real = realpath(path, NULL);
    if (!real)
        return path;
    const char *copy = arena_strdup(real);
    free(real);
    return copy;
}

/* the folder snnc runs from, symbolic links resolved */
static const char *self_dir(void)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf);
    if (n <= 0 || n == (ssize_t)sizeof buf)
        return NULL;
    buf[n] = 0;
    char *slash = strrchr(buf, '/');
    if (!slash)
        return NULL;
    *slash = 0;
    return arena_strdup(buf);
}

/* a checkout: the folder BIN or one up to three levels above it */
static const char *checkout_above(const char *bin)
{
    const char *dir = bin;
    for (int up = 0; up <= 3; up++) {
        if (is_file(arena_printf("%s/runtime/snn.h", dir)) && is_file(arena_printf("%s/stdlib/neurons.snn", dir)))
            return clean(dir);
        dir = arena_printf("%s/..", dir);
    }
    return NULL;
}

SnncPaths paths_find(void)
{
    SnncPaths p = {0};
    const char *bin = self_dir();
    const char *prefix = bin ? arena_printf("%s/..", bin) : NULL;
    const char *root;
    if (prefix && is_file(arena_printf("%s/include/snnc/snn.h", prefix)) &&
        is_dir(arena_printf("%s/share/snnc/stdlib", prefix))) {
        prefix = clean(prefix);
        p.stdlib = arena_printf("%s/share/snnc/stdlib", prefix);
        p.include = arena_printf("%s/include/snnc", prefix);
        p.libdir = arena_printf("%s/lib/snnc", prefix);
    } else if (bin && (root = checkout_above(bin))) {
        p.stdlib = arena_printf("%s/stdlib", root);
        p.include = arena_printf("%s/runtime", root);
        p.libdir = clean(bin);
    }
    const char *env_root = getenv("SNNC_ROOT"), *env_lib = getenv("SNNC_LIBDIR");
    if (env_root && *env_root) {
        p.stdlib = arena_printf("%s/stdlib", env_root);
        p.include = arena_printf("%s/runtime", env_root);
    }
    if (env_lib && *env_lib)
        p.libdir = env_lib;
    p.bin = bin ? bin : "(unknown)";
    return p;
}

int paths_missing(const char *what)
{
    fprintf(stderr, "snnc: error: cannot find %s: snnc in %s is neither installed (PREFIX/bin beside "
                    "PREFIX/share/snnc, PREFIX/include/snnc, PREFIX/lib/snnc) nor built in a checkout; "
                    "set SNNC_ROOT to a checkout and SNNC_LIBDIR to its build folder\n",
            what, paths_find().bin);
    return EXIT_USER;
}
