/*
 * cgen_drive.c: Poisson drives in generated C.  The target population's
 * struct holds each drive's table (runtime/drive.c); its update function adds
 * every neuron's weighted count for this step to the kernel's input, before
 * the step's arrivals are taken in, from the neuron's own stream (purpose,
 * neuron, step), so the counts do not depend on threads or ranks.
 */
#include "cgen.h"

void gen_drive_fields(Gen *g, Pop *p)
{
    for (int i = 0; i < g->m->drives.n; i++) {
        Drive *d = g->m->drives.v[i];
        if (d->post == p->index)
            out(g, "    snn_drive %s; /* %s */\n", d->cname, ctext(d->name));
    }
}

void gen_drive_update(Gen *g, Pop *p)
{
    for (int i = 0; i < g->m->drives.n; i++) {
        Drive *d = g->m->drives.v[i];
        if (d->post != p->index)
            continue;
        const char *dv = arena_printf("%s.%s", p->cname, d->cname);
        bool whole = p->size_expr || (d->lo == 0 && d->n == p->size); /* sema: a size set at run time is taken whole */
        out(g, "    { /* %s: each neuron's Poisson count this step */\n", ctext(d->name));
        if (whole)
            out(g, "        const uint32_t a_ = lo, z_ = hi;\n");
        else
            out(g, "        const uint32_t a_ = lo > %du ? lo : %du, z_ = hi < %du ? hi : %du;\n", d->lo, d->lo, d->lo + d->n,
                d->lo + d->n);
        out(g, "        snn_drive_add(&%s, r->seed, step, a_, z_, in_%s);\n    }\n", dv, kname(p, d->kernel));
    }
}

/* after the populations: the tables, from the rates and weights of this run */
void gen_drive_init(Gen *g)
{
    Model *m = g->m;
    out(g, "static int init_drives(snn_run *r)\n{\n");
    for (int i = 0; i < m->drives.n; i++) {
        Drive *d = m->drives.v[i];
        Pop *p = m->pops.v[d->post];
        line_dir(g, d->decl->sp);
        out(g, "    if (snn_drive_init(r, &%s.%s, ", p->cname, d->cname);
        expr(g, d->rate_b, M_INIT);
        out(g, ", ");
        expr(g, d->weight_b, M_INIT);
        out(g, ", snn_purpose(SNN_RNG_DRIVE, %d, 0), %s))\n        return -1;\n", d->index, cstr(d->name));
        line_back(g);
    }
    out(g, "    return 0;\n}\n\n");
}

void gen_drive_free(Gen *g)
{
    for (int i = 0; i < g->m->drives.n; i++) {
        Drive *d = g->m->drives.v[i];
        out(g, "    snn_drive_free(&%s.%s);\n", ((Pop *)g->m->pops.v[d->post])->cname, d->cname);
    }
}
