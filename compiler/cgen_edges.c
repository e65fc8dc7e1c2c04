/*
 * cgen_edges.c: the table of the connections 'record edges' names (runtime
 * edges.c writes them as SONATA edges): each one's synapses (CSR), the weight
 * and delay of synapse k, and the unit its weights are written in.  A plastic
 * connection's weights come from its snn_plastic_info instead (they change).
 */
#include "cgen.h"

#include <string.h>

/* Whether 'record edges' names projection pj. */
static bool recorded(const Model *m, const Proj *pj)
{
    for (int i = 0; i < m->records.n; i++) {
        const Record *rc = m->records.v[i];
        if (rc->kind == REC_EDGES && rc->proj == pj->index)
            return true;
    }
    return false;
}

int gen_edges(Gen *g)
{
    Model *m = g->m;
    int n = 0;
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (!recorded(m, pj))
            continue;
        const char *c = pj->cname;
        if (!pj->plast) /* plastic ones have theirs (cgen.c) */
            out(g, "static const snn_csr *csr_%s(void) { return &%s.c; }\n"
                   "static double ew_%s(snn_run *r, uint64_t k)\n{\n    (void)r;\n    return %s.w ? %s.w[k] : %s.W;\n}\n",
                c, c, c, c, c, c);
        out(g, "static uint32_t ed_%s(uint64_t k)\n{\n    return %s%s.d ? %s.d[k] : %s.D;\n}\n", c,
            pj->plast ? "" : arena_printf("%s.d8 ? %s.d8[k] : ", c, c), c, c, c);
        n++;
    }
    if (!n)
        return 0;
    out(g, "static const snn_edges_info edges_info[] = {\n");
    for (int i = 0, pidx = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (recorded(m, pj)) {
            double scale;
            const char *unit = dim_report_unit(pj->weight ? pj->weight->ty : DIM_NONE, &scale);
            out(g, "    {.name = %s, .pre = %d, .post = %d, .pre_lo = %d, .post_lo = %d, .csr = csr_%s, .weight = %s, "
                   ".delay = ed_%s, .plastic = %d, .unit = %s, .scale = %s},\n",
                cstr(pj->name), pj->pre, pj->post, pj->pre_lo, pj->post_lo, pj->cname,
                pj->plast ? "NULL" : arena_printf("ew_%s", pj->cname), pj->cname, pj->plast ? pidx : -1, cstr(unit),
                cnum(scale));
        }
        pidx += pj->plast != NULL;
    }
    out(g, "};\n\n");
    return n;
}
