/*
 * cgen_plast.c: plasticity rules.  A plastic projection keeps per synapse its
 * weight and the rule's states; the printers here emit the rule's traces, its
 * 'on pre' / 'on post' handlers, the closed-form sync of rules with equations
 * (runtime/lazy_tmpl.h), bounds, and the scan of weights against guards.
 */
#include "cgen.h"

/* A plastic projection keeps one weight per synapse, the rule's per-synapse
 * states, the transposed index, and one value per neuron for each trace. */
void gen_init_plast(Gen *g, Proj *pj)
{
    Model *m = g->m;
    const char *c = pj->cname;

    out(g, "    if (snn_csr_transpose(r, &%s.c, %s, &%s.t))\n        return -1;\n", c, range_n(m, pj->post, pj->post_n), c);

    Node *body = pj->ir->body;
    for (int i = 0; i < body->nkid; i++) {
        Node *st = list_at(body, i);
        if (st->kind == N_STATE) {
            out(g, "    for (uint64_t k = 0; k < %s.c.nnz; k++)\n        %s.S[k].s_%s = ", c, c, st->name);
            expr(g, state_init(st), M_INIT);
            out(g, ";\n");
        } else if (st->kind == N_TRACE) {
            /* a presynaptic trace: one copy per thread (each sees every spike) */
            void (*alloc)(Gen *, const char *, const char *, const char *) = trace_post(st) ? gen_alloc : gen_alloc_copies;
            const char *n = trace_post(st) ? range_n(m, pj->post, pj->post_n) : range_n(m, pj->pre, pj->pre_n);
            alloc(g, arena_printf("%s.tr_%s", c, st->name), "double", n);
            alloc(g, arena_printf("%s.tl_%s", c, st->name), "int64_t", n);
            out(g, "    {\n        const double tau = ");
            expr(g, trace_tau(st), M_INIT);
            out(g, ";\n        if (!(tau > 0))\n            return snn_fail(r, \"projection %%s: trace %%s decays with %%g ms; it must be positive\", %s, %s, tau * 1e3);\n",
                cstr(pj->name), cstr(st->name));
            out(g, "        %s.k_%s = r->dt / tau;\n    }\n", c, st->name);
            /* the decay over d steps, tabulated (snn_decay) */
            out(g, "    for (int d = 0; d < SNN_DECAY_TABLE; d++)\n        %s.dt_%s[d] = exp(-(double)d * %s.k_%s);\n", c,
                st->name, c, st->name);
            out(g, "    for (int d = 0; d < SNN_DECAY_COARSE; d++)\n"
                   "        %s.dt_%s[SNN_DECAY_TABLE + d] = exp(-(double)d * SNN_DECAY_TABLE * %s.k_%s);\n",
                c, st->name, c, st->name);
            if (trace_gap(st)) {
                alloc(g, arena_printf("%s.tp_%s", c, st->name), "double", n);
                out(g, "    %s.gap_%s = (", c, st->name);
                expr(g, trace_gap(st), M_INIT);
                out(g, ") / r->dt;\n");
            }
        }
    }
    if (!pj->eqs)
        return;
    /* the rule's equations: per-step propagator of x, coupling G to the modulator */
    const LinSys *rule = pj->eqs;
    int nx = rule->n;
    Modulator *md = pj->mod >= 0 ? m->mods.v[pj->mod] : NULL;
    int ny = md ? md->sys->n + 1 : 1;
    out(g, "    {\n");
    gen_propagator(g, rule, "        ", arena_printf("projection %s", pj->name));
    out(g, "        double G[%d] = {0};\n", nx * ny);
    for (int i = 0; i < nx; i++) {
        /* dw/dt = sum_i x_i (out_mod_i d + out_i), d = sum_j u_j y_j with y_last = 1 */
        for (int j = 0; j < ny && rule->out_mod[i] && md; j++)
            if (md->sys->out[j]) {
                out(g, "        G[%d] += (", i * ny + j);
                expr(g, rule->out_mod[i], M_INIT);
                out(g, ") * (");
                expr(g, md->sys->out[j], M_INIT);
                out(g, ");\n");
            }
        if (rule->out[i]) {
            out(g, "        G[%d] += ", i * ny + ny - 1);
            expr(g, rule->out[i], M_INIT);
            out(g, ";\n");
        }
    }
    if (md)
        out(g, "        if (snn_lazy_init(&%s.L, %d, P, %d, mod_%s.m.P1, G, r->dt) || snn_lzg_init(&%s.g, &%s.L))\n", c, nx,
            ny, md->name, c, c);
    else
        out(g, "        const double one = 1;\n        if (snn_lazy_init(&%s.L, %d, P, 1, &one, G, r->dt))\n", c, nx);
    out(g, "            return snn_fail(r, \"out of memory\");\n    }\n");
}

/* VALUE clipped to the rule's bounds on w, if it has any */
static void gen_bounded_w(Gen *g, Proj *pj, const char *value)
{
    Node *body = pj->ir->body;
    for (int i = 0; i < body->nkid; i++) {
        Node *b = list_at(body, i);
        if (b->kind == N_BOUNDS && b->sym->kind == SYM_WEIGHT) {
            out(g, "snn_clip(%s, ", value);
            expr(g, bounds_lo(b), M_INIT);
            out(g, ", ");
            expr(g, bounds_hi(b), M_INIT);
            out(g, ")");
            return;
        }
    }
    out(g, "%s", value);
}

static void gen_assign(Gen *g, Proj *pj, Node *as, const char *target, const char *indent)
{
    Node *v = assign_value(as);
    out(g, "%s%s = ", indent, target);
    if (as->op != OP_ASSIGN)
        out(g, "%s %c ", target, as->op == OP_ADDEQ ? '+' : as->op == OP_SUBEQ ? '-' : '*');
    expr(g, v, M_INIT);
    out(g, ";\n");
    Node *body = pj->ir->body;
    for (int i = 0; i < body->nkid; i++) {
        Node *b = list_at(body, i);
        if (b->kind == N_BOUNDS && b->sym == as->sym) {
            out(g, "%s%s = snn_clip(%s, ", indent, target, target);
            expr(g, bounds_lo(b), M_INIT);
            out(g, ", ");
            expr(g, bounds_hi(b), M_INIT);
            out(g, ");\n");
        }
    }
}

/* Whether the handler ON reads or sets trace NAME: in its synapse statements
 * only (SYNAPSES) or in any of them. */
static bool handler_uses(const Node *on, const char *name, bool synapses)
{
    for (int i = 0; on && i < on_assigns(on)->nkid; i++) {
        const Node *as = list_at(on_assigns(on), i);
        if (!(synapses && as->sym->kind == SYM_TRACE) && mentions(as, SYM_TRACE, name))
            return true;
    }
    return false;
}

/* How many traces of one side the handler ON uses (in its synapse statements
 * only: SYNAPSES). */
int traces_used(Proj *pj, int side, const Node *on, bool synapses)
{
    Node *body = pj->ir->body;
    int n = 0;
    for (int i = 0; i < body->nkid; i++) {
        Node *st = list_at(body, i);
        n += st->kind == N_TRACE && trace_post(st) == side && handler_uses(on, st->name, synapses);
    }
    return n;
}

/* Declarations of the decayed traces of one side for neuron index IDX, those
 * the handler ON uses (in its synapse statements only: SYNAPSES). */
void gen_traces(Gen *g, Proj *pj, int side, const char *idx, const char *indent, const Node *on, bool synapses)
{
    Node *body = pj->ir->body;
    for (int i = 0; i < body->nkid; i++) {
        Node *st = list_at(body, i);
        if (st->kind != N_TRACE || trace_post(st) != side || !handler_uses(on, st->name, synapses))
            continue;
        if (!trace_gap(st))
            out(g, "%sdouble tr_%s = %s.tr_%s[%s] * snn_decay(%s.dt_%s, %s.k_%s, step - %s.tl_%s[%s]);\n", indent, st->name,
                pj->cname, st->name, idx, pj->cname, st->name, pj->cname, st->name, pj->cname, st->name, idx);
        else /* a spike less than the gap ago does not count */
            out(g, "%sdouble tr_%s = ((double)(step - %s.tl_%s[%s]) < %s.gap_%s ? %s.tp_%s[%s] : %s.tr_%s[%s]) *\n"
                   "%s    snn_decay(%s.dt_%s, %s.k_%s, step - %s.tl_%s[%s]);\n",
                indent, st->name, pj->cname, st->name, idx, pj->cname, st->name, pj->cname, st->name, idx, pj->cname,
                st->name, idx, indent, pj->cname, st->name, pj->cname, st->name, pj->cname, st->name, idx);
    }
}

/* Rule statements run in double precision and read parameters from r->p. */
void gen_rule_params(Gen *g, Proj *pj, const Node *on)
{
    bool sets_w = false;
    for (int i = 0; on && i < on_assigns(on)->nkid; i++)
        sets_w |= list_at(on_assigns(on), i)->sym->kind == SYM_WEIGHT;
    if (pj->eqs || sets_w) /* learning switches what changes w */
        out(g, "    const int learn = r->p[%s] != 0;\n", pslot(g->m, pj->learning_param));
}

/* The allowed range of the weights of PJ: its guard's, else every finite double. */
static void weight_range(Gen *g, Proj *pj, const char **lo, const char **hi)
{
    const Guard *gd = find_guard(g->m, -1, NULL, pj->index);
    *lo = gd ? arena_printf("%.17g", gd->min) : "-DBL_MAX";
    *hi = gd ? arena_printf("%.17g", gd->max) : "DBL_MAX";
}

/* check_PRJ: the first weight, synapse state or trace of PJ out of its range
 * (its guard's, else every finite double) stops the run.  A scan every
 * SNN_SCAN_SYNAPSES steps and at the end: testing each value where it changes
 * slowed COBA with RM-STDP by 15 %, the scan costs a few bytes per step. */
void gen_check_proj(Gen *g, Proj *pj)
{
    const char *c = pj->cname, *lo, *hi;
    weight_range(g, pj, &lo, &hi);
    const Guard *gd = find_guard(g->m, -1, NULL, pj->index);
    out(g, "static void check_%s(snn_run *r, int64_t first, int64_t step)\n{\n    char what[512];\n", c);
    out(g, "    for (uint32_t i = 0; i < %s.c.nrows; i++)\n        for (uint64_t k = %s.c.row[i]; k < %s.c.row[i + 1]; k++) {\n", c, c, c);
    out(g, "            const uint32_t j = %s.c.col[k];\n", c);
    out(g, "            if (!(%s.S[k].w >= %s && %s.S[k].w <= %s)) {\n", c, lo, c, hi);
    out(g, "                snprintf(what, sizeof what, \"w of synapse %%u -> %%u of connection %%s\", i + %du, j + %du, %s);\n",
        pj->pre_lo, pj->post_lo, cstr(pj->name));
    out(g, "                snn_halt(r, first, step, what, %s.S[k].w, %s, %s, %s);\n                return;\n            }\n", c, lo, hi,
        gd ? cstr(guard_text(gd)) : "NULL");
    Node *body = pj->ir->body;
    for (int q = 0; q < body->nkid; q++) {
        Node *st = list_at(body, q);
        if (st->kind != N_STATE)
            continue;
        out(g, "            if (!(fabs(%s.S[k].s_%s) <= DBL_MAX)) {\n", c, st->name);
        out(g, "                snprintf(what, sizeof what, \"%%s of synapse %%u -> %%u of connection %%s\", %s, i + %du, j + %du, %s);\n",
            cstr(st->name), pj->pre_lo, pj->post_lo, cstr(pj->name));
        out(g, "                snn_halt(r, first, step, what, %s.S[k].s_%s, -DBL_MAX, DBL_MAX, NULL);\n                return;\n"
               "            }\n", c, st->name);
    }
    out(g, "        }\n");
    for (int q = 0; q < body->nkid; q++) {
        Node *st = list_at(body, q);
        if (st->kind != N_TRACE)
            continue;
        out(g, "    for (uint32_t i = 0; i < %s; i++)\n        if (!(fabs(%s.tr_%s[i]) <= DBL_MAX)) {\n",
            trace_post(st) ? range_nu(g->m, pj->post, pj->post_n) : range_nu(g->m, pj->pre, pj->pre_n),
            c, st->name);
        out(g, "            snprintf(what, sizeof what, \"trace %%s of neuron %%u of connection %%s\", %s, i + %du, %s);\n",
            cstr(st->name), trace_post(st) ? pj->post_lo : pj->pre_lo, cstr(pj->name));
        out(g, "            snn_halt(r, first, step, what, %s.tr_%s[i], -DBL_MAX, DBL_MAX, NULL);\n            return;\n        }\n", c,
            st->name);
    }
    out(g, "}\n\n");
}

/* Neuron-level trace updates of a handler, once per spike. */
void gen_trace_updates(Gen *g, Proj *pj, Node *on, const char *idx)
{
    if (!on)
        return;
    Node *list = on_assigns(on);
    for (int i = 0; i < list->nkid; i++) {
        Node *as = list_at(list, i);
        if (as->sym->kind != SYM_TRACE)
            continue;
        if (trace_gap(as->sym->decl)) /* the value without this spike, for readers within the gap; the update
                                      itself starts from the full value, not the one the handler read */
            out(g, "        %s.tp_%s[%s] = %s.tr_%s[%s] * snn_decay(%s.dt_%s, %s.k_%s, step - %s.tl_%s[%s]);\n"
                   "        tr_%s = %s.tp_%s[%s];\n",
                pj->cname, as->name, idx, pj->cname, as->name, idx, pj->cname, as->name, pj->cname, as->name, pj->cname,
                as->name, idx, as->name, pj->cname, as->name, idx);
        gen_assign(g, pj, as, arena_printf("tr_%s", as->name), "        ");
        out(g, "        %s.tr_%s[%s] = tr_%s;\n        %s.tl_%s[%s] = step;\n", pj->cname, as->name, idx, as->name,
            pj->cname, as->name, idx);
    }
}

/* Bring synapse k up to this step: the weight change since its last update,
 * in closed form, and its states propagated (rules with equations only). */
void gen_sync(Gen *g, Proj *pj, const char *indent)
{
    const char *now = "step";
    if (!pj->eqs)
        return;
    Modulator *md = pj->mod >= 0 ? g->m->mods.v[pj->mod] : NULL;
    out(g, "%s{\n%s    double x_[%d] = {", indent, indent, pj->eqs->n);
    for (int i = 0; i < pj->eqs->n; i++)
        out(g, "%sS[k].s_%s", i ? ", " : "", pj->eqs->x[i]->name);
    out(g, "};\n%s    const double dw_ = lz_sync_%s(&%s.L, %s, %s, x_, S[k].t, %s);\n", indent, pj->cname, pj->cname,
        md ? arena_printf("&%s.g", pj->cname) : "NULL", md ? arena_printf("&mod_%s.m", md->name) : "NULL", now);
    for (int i = 0; i < pj->eqs->n; i++)
        out(g, "%s    S[k].s_%s = x_[%d];\n", indent, pj->eqs->x[i]->name, i);
    out(g, "%s    S[k].t = %s;\n%s    if (learn)\n%s        S[k].w = ", indent, now, indent, indent);
    gen_bounded_w(g, pj, "S[k].w + dw_");
    out(g, ";\n%s}\n", indent);
}

static void gen_synapse_updates(Gen *g, Proj *pj, Node *on, const char *indent)
{
    Node *list = on_assigns(on);
    for (int i = 0; i < list->nkid; i++) {
        Node *as = list_at(list, i);
        if (as->sym->kind == SYM_TRACE)
            continue;
        if (as->sym->kind == SYM_WEIGHT) {
            out(g, "%sif (learn) {\n", indent);
            gen_assign(g, pj, as, "S[k].w", arena_printf("%s    ", indent));
            out(g, "%s}\n", indent);
        } else {
            gen_assign(g, pj, as, arena_printf("S[k].s_%s", as->name), indent);
        }
    }
}

/* The synapse statements of handler ON for synapse k, with the traces of the
 * other neuron (SIDE: 0 = pre, 1 = post) they read, that neuron's index being
 * declared by DECL and read as IDX. */
void gen_handler_synapse(Gen *g, Proj *pj, Node *on, int side, const char *decl, const char *idx)
{
    const char *indent = "            ";
    if (traces_used(pj, side, on, true))
        out(g, "%s%s;\n", indent, decl);
    gen_traces(g, pj, side, idx, indent, on, true);
    gen_synapse_updates(g, pj, on, indent);
}


void gen_state_ptrs(Gen *g, Proj *pj)
{
    out(g, "    syn_%s *restrict S = %s.S;\n", pj->cname, pj->cname);
}

/* 'on post': after this step's deliveries, every synapse onto a neuron that
 * fired, reached through the transposed index. */
void gen_post_handler(Gen *g, Proj *pj)
{
    Node *on = pj->ir->on[1];
    const char *c = pj->cname;
    out(g, "static void post_%s(snn_run *r, int64_t step, int tid)\n{\n", c);
    bool updates = false; /* trace updates, which write the time of the change */
    for (int i = 0; on && i < on_assigns(on)->nkid; i++)
        updates |= list_at(on_assigns(on), i)->sym->kind == SYM_TRACE;
    if (!pj->eqs && !updates && !traces_used(pj, 1, on, false) && !traces_used(pj, 0, on, true))
        out(g, "    (void)step;\n");
    gen_rule_params(g, pj, on);
    /* this thread's spikes: the neurons whose synapses are its own */
    out(g, "    const snn_spikelist *sl = snn_spikes_of(r, %d, tid, step);\n", pj->post);
    if (traces_used(pj, 0, on, true))
        out(g, "    const size_t o_ = (size_t)tid * %s; /* this thread's copy of the presynaptic values */\n",
            range_nu(g->m, pj->pre, pj->pre_n));
    gen_state_ptrs(g, pj);
    out(g, "    for (uint32_t s = 0; s < sl->n; s++) {\n        const uint32_t j = sl->idx[s] - %du;\n", pj->post_lo);
    out(g, "        if (j >= %s)\n            continue;\n", range_nu(g->m, pj->post, pj->post_n));
    gen_traces(g, pj, 1, "j", "        ", on, false);
    if (on) {
        /* the synapses of one column lie far apart in S: without a prefetch a
         * few ahead, every one of them is a cache miss taken in turn */
        out(g, "        const uint64_t q_end = %s.t.row[j + 1];\n", c);
        out(g, "        for (uint64_t q = %s.t.row[j]; q < q_end; q++) {\n", c);
        out(g, "            if (q + SNN_PREFETCH_AHEAD < q_end)\n"
               "                __builtin_prefetch(&S[%s.t.syn[q + SNN_PREFETCH_AHEAD]], 1);\n", c);
        out(g, "            const uint64_t k = %s.t.syn[q];\n", c);
        gen_sync(g, pj, "            ");
        gen_handler_synapse(g, pj, on, 0, arena_printf("const uint32_t i = %s.t.pre[q]", c), "o_ + i");
        out(g, "        }\n");
    }
    gen_trace_updates(g, pj, on, "j");
    out(g, "    }\n");
    out(g, "}\n\n");
}
