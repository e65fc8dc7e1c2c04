/*
 * cgen_guards.c: the guards a run checks as it goes ('guard WHAT of TARGET in
 * [lo, hi]'), looked up for the population and projection printers, and their
 * text as messages quote it.
 */
#include "cgen.h"

/* the guard as written, with its place: "guard v of net in [...] (m.snn:3:14)" */
const char *guard_text(const Guard *gd)
{
    const SrcFile *f = src_get(gd->sp.file);
    int line, col;
    src_linecol(f, gd->sp.lo, &line, &col);
    return arena_printf("%s (%s:%d:%d)", gd->text, f->path, line, col);
}

/* the guard on state VAR of population POP, or on the weights of PROJ (var NULL) */
const Guard *find_guard(Model *m, int pop, const Sym *var, int proj)
{
    for (int i = 0; i < m->guards.n; i++) {
        const Guard *gd = m->guards.v[i];
        if ((gd->kind == GUARD_STATE && var && gd->pop == pop && gd->var == var) ||
            (gd->kind == GUARD_WEIGHT && !var && gd->proj == proj))
            return gd;
    }
    return NULL;
}
