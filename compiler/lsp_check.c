/*
 * lsp_check.c: one run of the front end for the language server.  The same
 * passes as 'snnc --check' (sema, then the integration plans and lowering of a
 * model that passed), on the editor's text instead of the file on disk; its
 * imports are read from disk.  Messages reach diag.c's sink here instead of
 * the terminal, every one of them (the command line stops at ten), and an
 * internal error comes back as a message instead of ending the server.  The
 * previous run's memory is freed first, so a long session stays bounded.
 */
#include "ir.h"
#include "lsp.h"

#include <stdlib.h>

static void collect(void *ctx, const char *kind, Span sp, const char *path, const char *msg)
{
    Analysis *a = ctx;
    LspDiag *d = arena_alloc(sizeof *d);
    d->kind = kind;
    d->sp = sp;
    d->path = path ? arena_strdup(path) : NULL;
    d->msg = msg;
    vec_push(&a->diags, d);
}

/* the rest of --check, for a model sema accepted */
static bool plan_and_lower(Model *m)
{
    for (int i = 0; i < m->pops.n; i++)
        if (!ode_plan_pop(m, m->pops.v[i]))
            return false;
    return lower_model(m);
}

void lsp_check(Analysis *a, const char *uri, const char *path, const char *text, size_t len)
{
    arena_free_all();
    src_reset();
    diag_reset();
    *a = (Analysis){.uri = uri, .file = -1};
    jmp_buf escape;
    diag_set_sink(collect, a, &escape);
    if (setjmp(escape) == 0) {
        search_path_finish(&a->sp, paths_find().stdlib); /* none found: imports of stdlib are reported */
        const char *err;
        Span at;
        a->file = src_add_bytes(path, text, len, &err, &at);
        if (a->file < 0) {
            if (at.file >= 0)
                diag_error(at, "%s", err);
            else
                diag_file(path, "%s", err);
        } else {
            a->m = sema_check(a->file, &a->sp, &a->ok);
            a->ok = a->ok && plan_and_lower(a->m);
        }
    } else {
        a->ok = false; /* an internal error, collected */
    }
    diag_set_sink(NULL, NULL, NULL);
}
