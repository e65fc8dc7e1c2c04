/*
 * snnc_fuzz.c: the libFuzzer target of `make fuzz`.  One input is one model
 * file; it runs every pass of the compiler, from the scanner to the C text
 * (written to memory), as `snnc --emit-c` would.  A crash, a hang, a leak or an
 * internal error (which exits) is a finding.  So is C text that a C compiler
 * would reject in an obvious way: a non-finite number printed as `inf` or `nan`.
 * The rest of that class is found by tests/fuzz/cc_check.sh, which compiles the
 * C of every corpus entry that snnc accepts.
 */
#include "ir.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *stdlib_dir;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *root = getenv("SNNC_ROOT");
    if (!root) {
        fprintf(stderr, "snnc_fuzz: set SNNC_ROOT to the checkout (for the stdlib)\n");
        exit(2);
    }
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s/stdlib", root);
    stdlib_dir = dir;
    devnull = fopen("/dev/null", "w");
    return 0;
}

/* `inf` or `nan` as a word outside a string literal: the C compiler would stop */
static void check_numbers(const char *c, size_t n)
{
    bool str = false;
    for (size_t i = 0; i < n; i++) {
        if (c[i] == '"' && (i == 0 || c[i - 1] != '\\'))
            str = !str;
        if (str || (i && (isalnum((unsigned char)c[i - 1]) || c[i - 1] == '_')))
            continue;
        if ((!strncmp(c + i, "inf", 3) || !strncmp(c + i, "nan", 3)) && i + 3 <= n &&
            !isalnum((unsigned char)c[i + 3]) && c[i + 3] != '_') {
            fprintf(stderr, "snnc_fuzz: non-finite number in the C text: %.60s\n", c + (i > 30 ? i - 30 : 0));
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_set_stream(devnull);
    SearchPath sp = {0};
    sp.stdlib_dir = stdlib_dir;
    vec_push(&sp.include_dirs, (void *)stdlib_dir);
    const char *err;
    Span err_at;
    int root = src_add_bytes("fuzz.snn", data, size, &err, &err_at);
    Model *m = root >= 0 ? sema_load(root, &sp) : NULL;
    bool ok = m != NULL;
    for (int i = 0; ok && i < m->pops.n; i++)
        ok = ode_plan_pop(m, m->pops.v[i]);
    if (ok && lower_model(m)) {
        split_frozen(m);
        char *text = NULL;
        size_t len = 0;
        FILE *o = open_memstream(&text, &len);
        if (o) {
            CgenOptions co = {true, "fuzz.c"};
            cgen_model(o, m, &co);
            fclose(o);
            check_numbers(text, len);
            free(text);
        }
    }
    arena_free_all();
    src_reset();
    diag_reset();
    return 0;
}
