/*
 * cgen.c: the lowered model (ir.h) -> one C file; this part prints the file's
 * frame and calls the printers of the other cgen_*.c files.
 *
 * Layout of the output (read a generated file next to this):
 *   parameter table        names, dimensions, flags; defaults computed in order
 *   one struct per population and per projection (state arrays, constants)
 *   init                   allocation, initial values, connectivity, propagators
 *   update_<pop>           the hot loop (cgen_pop.c)
 *   deliver_<projection>   scatter this step's spikes into delay rings (cgen_proj.c)
 *   step, checkpoint, the model table the runtime drives
 * Everything that is fixed during a run (propagators, refractory steps, delays
 * in steps) is computed once in init, never inside a step.  Every decision was
 * made by lowering: these files only print.
 */
#include "cgen.h"

#include <string.h>


/* The dimension of a connection's weights: its weight expression's. */
static Dim proj_weight_dim(const Proj *pj)
{
    return pj->weight ? pj->weight->ty : DIM_NONE;
}

static void gen_params(Gen *g)
{
    Model *m = g->m;
    out(g, "/* the run's parameters: their slots in r->p (numbers), r->str (strings), r->set */\nenum {\n");
    for (int i = 0; i < m->params.n; i++)
        out(g, "    %s,\n", pslot(m, i));
    out(g, "};\n\n");
    out(g, "static const snn_param_info param_info[%d] = {\n", m->params.n);
    for (int i = 0; i < m->params.n; i++) {
        Param *p = m->params.v[i];
        out(g, "    [%s] = {.name = %s, .dim = ", pslot(m, i), cstr(p->name));
        dim_lit(g, p->dim);
        out(g, ", .flags = %s},\n", p->is_string ? "SNN_P_STRING" : p->fixed ? "SNN_P_FIXED" : p->ir ? "SNN_P_PER_NEURON"
                                     : p->positive ? "SNN_P_POSITIVE" : "0");
    }
    out(g, "};\n\n");
    out(g, "static void defaults(snn_run *r)\n{\n");
    for (int k = 0; k < m->params.n; k++) {
        int i = m->ir->default_order[k];
        Param *p = m->params.v[i];
        out(g, "    if (!r->set[%s])\n        ", pslot(m, i));
        if (p->is_string) {
            out(g, "r->str[%s] = %s;\n", pslot(m, i), cstr(p->def->name));
            continue;
        }
        if (p->ir) { /* one value per neuron: params_POP computes them */
            out(g, "r->p[%s] = NAN;\n", pslot(m, i));
            continue;
        }
        if (!p->value) { /* sim.time, sim.dt, sim.seed not given */
            out(g, "r->p[%s] = %s;\n", pslot(m, i), i == 0 ? "1.0" : i == 1 ? "1e-4" : "1.0");
            continue;
        }
        out(g, "r->p[%s] = ", pslot(m, i));
        expr(g, p->value, M_INIT);
        out(g, ";\n");
    }
    out(g, "}\n\n");
}

/* checkpoint(): every value of the model that changes during a run, as named
 * blocks (checkpoint.c).  What init computes from parameters and never changes
 * (connectivity, static weights and delays, propagators, decay tables) is
 * built again by init on resume and not stored. */
static bool any_sized(const Model *m)
{
    for (int i = 0; i < m->pops.n; i++)
        if (((Pop *)m->pops.v[i])->size_expr)
            return true;
    return false;
}

/* The sizes --set can change, computed before anything is allocated, and
 * written into the tables the runtime reads (sema made every range of such a
 * population the whole of it). */
static void gen_sizes(Gen *g)
{
    Model *m = g->m;
    if (!any_sized(m))
        return;
    out(g, "static int sizes(snn_run *r)\n{\n");
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        if (!p->size_expr)
            continue;
        line_dir(g, p->size_expr->sp);
        out(g, "    {\n        const double n = nearbyint(");
        expr(g, p->ir->size, M_INIT);
        out(g, ");\n        if (!(n >= 1 && n <= 1e9))\n"
               "            return snn_fail(r, \"population %%s: its size comes to %%g neurons; it must be 1 to 1e9\", %s, n);\n",
            cstr(p->name));
        line_back(g);
        out(g, "        %s.n = (uint32_t)n;\n        pop_info[%d].size = %s.n;\n    }\n", p->cname, i, p->cname);
    }
    int k = 0, q = 0;
    for (int i = 0; i < m->records.n; i++) {
        Record *rc = m->records.v[i];
        if (rc->kind == REC_SPIKES && ((Pop *)m->pops.v[rc->pop])->size_expr)
            out(g, "    spike_recs[%d].n = %s.n;\n", k, ((Pop *)m->pops.v[rc->pop])->cname);
        if (rc->kind == REC_STATE && rc->mod < 0 && ((Pop *)m->pops.v[rc->pop])->size_expr)
            out(g, "    state_recs[%d].n = %s.n;\n", q, ((Pop *)m->pops.v[rc->pop])->cname);
        k += rc->kind == REC_SPIKES;
        q += rc->kind == REC_STATE;
    }
    for (int i = 0; i < m->reports.n; i++) {
        Report *rp = m->reports.v[i];
        if (((Pop *)m->pops.v[rp->pop])->size_expr)
            out(g, "    reports[%d].n = %s.n;\n", i, ((Pop *)m->pops.v[rp->pop])->cname);
    }
    for (int i = 0, n = 0; i < m->guards.n; i++) {
        const Guard *gd = m->guards.v[i];
        if (gd->kind != GUARD_RATE)
            continue;
        if (((Pop *)m->pops.v[gd->pop])->size_expr)
            out(g, "    rate_guards[%d].n = %s.n;\n", n, ((Pop *)m->pops.v[gd->pop])->cname);
        n++;
    }
    out(g, "    return 0;\n}\n\n");
}

static void gen_checkpoint(Gen *g)
{
    Model *m = g->m;
    out(g, "static void checkpoint(snn_run *r, snn_ckpt *k)\n{\n    (void)r;\n    (void)k;\n");
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        const char *c = p->cname;
        if (p->kind == POP_TEMPLATES || p->kind == POP_STIMSET) {
            out(g, "    snn_ckpt_templates(k, %s, &%s.src);\n", cstr(p->name), c);
            continue;
        }
        if (p->kind != POP_NEURON) {
            out(g, "    snn_ckpt_spikefile(k, %s, &%s.src);\n", cstr(p->name), c);
            continue;
        }
        if (p->ir && p->ir->bernoulli) /* drawn afresh every step */
            continue;
        for (int v = 0; v < p->plan->vars.n; v++) {
            OdeVar *x = p->plan->vars.v[v];
            out(g, "    snn_ckpt_fixed(k, %s, %s.%s, sizeof(float) * %s);\n", cstr(arena_printf("%s.%s", p->name, x->cname)), c,
                x->cname, pop_nu(p));
        }
        out(g, "    snn_ckpt_fixed(k, %s, %s.ref, sizeof(int32_t) * %s);\n", cstr(arena_printf("%s.ref", p->name)), c, pop_nu(p));
        out(g, "    snn_ckpt_fixed(k, %s, %s.fired, %s);\n", cstr(arena_printf("%s.fired", p->name)), c, pop_nu(p));
        for (int q = 0; q < p->kernels.n; q++)
            out(g, "    snn_ckpt_fixed(k, %s, %s.ring_%s, sizeof(float) * %s.ring_len_%s * %s);\n",
                cstr(arena_printf("%s.ring_%s", p->name, kname(p, q))), c, kname(p, q), c, kname(p, q), pop_nu(p));
    }
    for (int i = 0; i < m->mods.n; i++) {
        Modulator *md = m->mods.v[i];
        const char *c = arena_printf("mod_%s", md->name);
        out(g, "    snn_ckpt_mod(k, %s, &%s.m);\n", cstr(md->name), c);
        out(g, "    snn_ckpt_fixed(k, %s, %s.ring, sizeof(float) * %s.L);\n", cstr(arena_printf("%s.ring", md->name)), c, c);
        if (md->pop2 >= 0) {
            out(g, "    snn_ckpt_fixed(k, %s, %s.imp, sizeof(double) * %s.L * %d);\n", cstr(arena_printf("%s.impulses", md->name)),
                c, c, md->sys->n);
            out(g, "    snn_ckpt_fixed(k, %s, %s.ha, sizeof(int64_t) * ((size_t)%s.W + 2));\n",
                cstr(arena_printf("%s.spikes_a", md->name)), c, c);
            out(g, "    snn_ckpt_fixed(k, %s, %s.hb, sizeof(int64_t) * ((size_t)%s.W + 2));\n",
                cstr(arena_printf("%s.spikes_b", md->name)), c, c);
            out(g, "    snn_ckpt_fixed(k, %s, &%s.na, sizeof %s.na);\n    snn_ckpt_fixed(k, %s, &%s.nb, sizeof %s.nb);\n",
                cstr(arena_printf("%s.na", md->name)), c, c, cstr(arena_printf("%s.nb", md->name)), c, c);
        }
    }
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        const char *c = pj->cname;
        if (pj->stp) {
            out(g, "    snn_ckpt_fixed(k, %s, %s.u, sizeof(float) * %s.c.nnz);\n", cstr(arena_printf("%s.u", pj->name)), c, c);
            out(g, "    snn_ckpt_fixed(k, %s, %s.R, sizeof(float) * %s.c.nnz);\n", cstr(arena_printf("%s.R", pj->name)), c, c);
            out(g, "    snn_ckpt_copies(k, %s, %s.last, sizeof(int64_t) * %s, r->nthreads);\n", cstr(arena_printf("%s.last", pj->name)),
                c, range_nu(m, pj->pre, pj->pre_n));
        }
        if (!pj->plast)
            continue;
        out(g, "    snn_ckpt_fixed(k, %s, %s.S, sizeof *%s.S * %s.c.nnz);\n", cstr(arena_printf("%s.synapses", pj->name)), c,
            c, c);
        Node *body = pj->ir->body;
        for (int q = 0; q < body->nkid; q++) {
            Node *st = list_at(body, q);
            if (st->kind != N_TRACE)
                continue;
            /* a presynaptic trace: thread 0's copy, the same as every other */
            const char *n = trace_post(st) ? range_nu(m, pj->post, pj->post_n) : range_nu(m, pj->pre, pj->pre_n);
            const char *fn = trace_post(st) ? "snn_ckpt_fixed" : "snn_ckpt_copies", *copies = trace_post(st) ? "" : ", r->nthreads";
            out(g, "    %s(k, %s, %s.tr_%s, sizeof(double) * %s%s);\n", fn, cstr(arena_printf("%s.%s", pj->name, st->name)), c,
                st->name, n, copies);
            out(g, "    %s(k, %s, %s.tl_%s, sizeof(int64_t) * %s%s);\n", fn,
                cstr(arena_printf("%s.%s.last_change", pj->name, st->name)), c, st->name, n, copies);
            if (trace_gap(st))
                out(g, "    %s(k, %s, %s.tp_%s, sizeof(double) * %s%s);\n", fn,
                    cstr(arena_printf("%s.%s.before", pj->name, st->name)), c, st->name, n, copies);
        }
        if (pj->eqs && pj->mod >= 0)
            out(g, "    snn_ckpt_lzg(k, %s, &%s.g, &%s.L);\n", cstr(arena_printf("%s.integral", pj->name)), c, c);
    }
    out(g, "}\n\n");
}

/* A whole population (a source) is updated by thread 0 alone; neurons by
 * every thread, each its own range (runtime/team.c). */
static void call_update(Gen *g, Pop *p, const char *indent)
{
    if (p->kind == POP_NEURON && !p->ir->bernoulli)
        out(g, "%supdate_%s(r, step, tid);\n", indent, p->cname);
    else
        out(g, "%sif (tid == 0)\n%s    update_%s(r, step);\n", indent, indent, p->cname);
}

/* One time step, in three parts the threads share (see snn_model in snn.h):
 * the updates, the deliveries and 'on post' handlers, and the serial end.
 * With a frozen sub-network (split.c) two more functions step the stimuli
 * that feed it and the frozen part itself (thread 0; the driver either calls
 * them or replaces them by spikes computed ahead, and then passes REST to
 * the shared parts).  Either way every ring slot receives the same additions
 * in the same order. */
static void gen_step(Gen *g)
{
    Model *m = g->m;
    bool split = false;
    int *feeds = arena_alloc(sizeof(int) * (size_t)(m->pops.n ? m->pops.n : 1)); /* a stimulus of the frozen part */
    for (int i = 0; i < m->pops.n; i++)
        split |= ((Pop *)m->pops.v[i])->frozen;
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        feeds[pj->pre] |= ((Pop *)m->pops.v[pj->post])->frozen && !((Pop *)m->pops.v[pj->pre])->frozen;
    }
    if (split) {
        out(g, "static void step_sources(snn_run *r, int64_t step)\n{\n    const int tid = 0;\n");
        for (int i = 0; i < m->pops.n; i++)
            if (feeds[i])
                call_update(g, m->pops.v[i], "    ");
        out(g, "}\n\nstatic void step_frozen(snn_run *r, int64_t step)\n{\n    const int tid = 0; /* the frozen part is whole */\n");
        for (int i = 0; i < m->pops.n; i++)
            if (((Pop *)m->pops.v[i])->frozen)
                call_update(g, m->pops.v[i], "    ");
        for (int i = 0; i < m->projs.n; i++)
            if (((Pop *)m->pops.v[((Proj *)m->projs.v[i])->post])->frozen)
                out(g, "    deliver_%s(r, step, tid);\n", ((Proj *)m->projs.v[i])->cname);
        out(g, "}\n\n");
    }
    for (int i = 0; i < m->projs.n; i++)
        if (((Proj *)m->projs.v[i])->plast)
            gen_check_proj(g, m->projs.v[i]);
    out(g, "static void step_update(snn_run *r, int64_t step, int tid, bool rest)\n{\n");
    if (!split)
        out(g, "    (void)rest;\n");
    if (m->mods.n)
        out(g, "    if (tid == 0) {\n");
    for (int i = 0; i < m->mods.n; i++)
        out(g, "        step_mod_%s(r, step);\n", ((Modulator *)m->mods.v[i])->name);
    if (m->mods.n)
        out(g, "    }\n");
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        if (split && (p->frozen || feeds[i])) {
            out(g, "    if (!rest) {\n");
            call_update(g, p, "        ");
            out(g, "    }\n");
        } else
            call_update(g, p, "    ");
    }
    out(g, "}\n\nstatic void step_deliver(snn_run *r, int64_t step, int tid, bool rest)\n{\n");
    if (!split)
        out(g, "    (void)rest;\n");
    if (!m->projs.n)
        out(g, "    (void)r;\n    (void)step;\n    (void)tid;\n");
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (((Pop *)m->pops.v[pj->post])->frozen)
            out(g, "    if (!rest)\n        deliver_%s(r, step, tid);\n", pj->cname);
        else
            out(g, "    deliver_%s(r, step, tid);\n", pj->cname);
    }
    for (int i = 0; i < m->projs.n; i++)
        if (((Proj *)m->projs.v[i])->plast && ((Proj *)m->projs.v[i])->ir->on[1])
            out(g, "    post_%s(r, step, tid);\n", ((Proj *)m->projs.v[i])->cname);
    out(g, "}\n\n");
    /* thread 0 alone, with every thread's spikes in r->now */
    out(g, "static void step_end(snn_run *r, int64_t step)\n{\n");
    bool any = false;
    for (int i = 0; i < m->mods.n; i++, any = true)
        out(g, "    push_mod_%s(r, step);\n", ((Modulator *)m->mods.v[i])->name);
    for (int i = 0; i < m->projs.n; i++) { /* after every update of this step: its term of the running integrals */
        Proj *pj = m->projs.v[i];
        if (pj->plast && pj->eqs && pj->mod >= 0) {
            out(g, "    snn_lzg_step(&%s.g, &%s.L, mod_%s.m.y);\n", pj->cname, pj->cname,
                ((Modulator *)m->mods.v[pj->mod])->name);
            any = true;
        }
    }
    bool plastic = false;
    for (int i = 0; i < m->projs.n; i++)
        plastic |= ((Proj *)m->projs.v[i])->plast != NULL;
    if (plastic) {
        out(g, "    if ((step + 1) %% SNN_SCAN_SYNAPSES == 0) {\n");
        for (int i = 0; i < m->projs.n; i++)
            if (((Proj *)m->projs.v[i])->plast)
                out(g, "        check_%s(r, step + 1 - SNN_SCAN_SYNAPSES, step);\n", ((Proj *)m->projs.v[i])->cname);
        out(g, "    }\n");
        any = true;
    }
    if (!any)
        out(g, "    (void)r;\n    (void)step;\n");
    out(g, "}\n\n");
}

/* Whether the serial end of a step touches what the threads work on every
 * step: the modulators' states, which plastic synapses read. */
static bool sync_each_step(const Model *m)
{
    bool plastic = false;
    for (int i = 0; i < m->projs.n; i++)
        plastic |= ((Proj *)m->projs.v[i])->plast != NULL;
    return plastic && m->mods.n;
}

bool cgen_model(FILE *o, Model *m, const CgenOptions *opt)
{
    if (opt->line_directives && !opt->c_name)
        diag_internal("line directives need the generated file's name");
    Gen g0 = {.o = o, .m = m, .opt = opt}, *g = &g0;
    const char *base = strrchr(m->path, '/');
    out(g, "/* Generated by snnc %s from %s. Do not edit: change the .snn and recompile. */\n", snn_version,
        cstr(base ? base + 1 : m->path));
    out(g, "#include \"snn.h\"\n\n");
    gen_params(g);
    if (m->trial)
        out(g, "static double trial_length(snn_run *r);\nstatic int trial_label(int64_t trial);\n\n");
    for (int i = 0; i < m->pops.n; i++)
        gen_pop_struct(g, m->pops.v[i]);
    for (int i = 0; i < m->mods.n; i++)
        gen_mod(g, m->mods.v[i]);
    for (int i = 0; i < m->projs.n; i++)
        gen_proj_struct(g, m->projs.v[i]);
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        for (int k = 0; p->ir && k < p->plan->vars.n; k++)
            bounded_fns(g, p->ir->init[k]);
    }
    for (int i = 0; i < m->projs.n; i++) {
        const IrProj *ir = ((Proj *)m->projs.v[i])->ir;
        bounded_fns(g, ir->weight);
        for (int k = 0; k < 3; k++)
            bounded_fns(g, ir->stp[k]);
        bounded_fns(g, ir->delay);
    }
    for (int i = 0; i < m->pops.n; i++) {
        if (((Pop *)m->pops.v[i])->ir && ((Pop *)m->pops.v[i])->ir->has_consts)
            gen_consts_pop(g, m->pops.v[i]);
        gen_place(g, m->pops.v[i]);
        gen_params_pop(g, m->pops.v[i]);
        gen_init_pop(g, m->pops.v[i]);
    }
    bool resets = false;
    for (int i = 0; i < m->pops.n; i++)
        if (((Pop *)m->pops.v[i])->reset_trial) {
            gen_reset_pop(g, m->pops.v[i]);
            resets = true;
        }
    if (resets) {
        out(g, "static int trial_start(snn_run *r, int64_t trial, int which)\n{\n");
        for (int i = 0; i < m->pops.n; i++)
            if (((Pop *)m->pops.v[i])->reset_trial)
                out(g, "    if (reset_%s(r, trial, which))\n        return -1;\n", ((Pop *)m->pops.v[i])->cname);
        out(g, "    return 0;\n}\n\n");
    }
    /* at a phase start, after its 'set's: the values computed from neuron parameters */
    bool any = false;
    for (int i = 0; i < m->pops.n; i++)
        any |= ((Pop *)m->pops.v[i])->ir && ((Pop *)m->pops.v[i])->ir->refresh;
    out(g, "static int refresh(snn_run *r)\n{\n%s", any ? "" : "    (void)r;\n");
    for (int i = 0; i < m->pops.n; i++) {
        const Pop *p = m->pops.v[i];
        if (!p->ir || !p->ir->refresh)
            continue;
        if (p->ir->neuron_params.n) /* first: the folded values may read them */
            out(g, "    if (params_%s(r))\n        return -1;\n", p->cname);
        if (p->ir->has_consts)
            out(g, "    if (consts_%s(r))\n        return -1;\n", p->cname);
    }
    out(g, "    return 0;\n}\n\n");
    for (int i = 0; i < m->projs.n; i++)
        gen_init_proj(g, m->projs.v[i]);
    for (int i = 0; i < m->pops.n; i++)
        gen_update(g, m->pops.v[i]);
    for (int i = 0; i < m->projs.n; i++)
        gen_deliver(g, m->projs.v[i]);

    /* init: populations, projections, then the delay rings sized by the delays:
     * a power of two of slots, so that a synapse's slot is a mask, not a division */
    if (m->drives.n)
        gen_drive_init(g);
    out(g, "static void rec_intervals(snn_run *r);\n\n");
    out(g, "static int init(snn_run *r)\n{\n    rec_intervals(r);\n");
    for (int i = 0; i < m->pops.n; i++)
        out(g, "    if (init_%s(r))\n        return -1;\n", ((Pop *)m->pops.v[i])->cname);
    for (int i = 0; i < m->mods.n; i++)
        out(g, "    if (init_mod_%s(r))\n        return -1;\n", ((Modulator *)m->mods.v[i])->name);
    for (int i = 0; i < m->projs.n; i++)
        out(g, "    if (init_%s(r))\n        return -1;\n", ((Proj *)m->projs.v[i])->cname);
    if (m->drives.n)
        out(g, "    if (init_drives(r))\n        return -1;\n");
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        for (int k = 0; k < p->kernels.n; k++)
            out(g, "    %s.ring_len_%s = snn_pow2(%s.ring_len_%s);\n"
                   "    if (snn_budget_add(r, 4.0 * %s.ring_len_%s * %s, %s))\n        return -1;\n"
                   "    if (!(%s.ring_%s = snn_zalloc((size_t)%s.ring_len_%s * %s, sizeof(float))))\n"
                   "        return snn_fail(r, \"out of memory\");\n",
                p->cname, kname(p, k), p->cname, kname(p, k), p->cname, kname(p, k), pop_n(p),
                cstr(arena_printf("the delay ring of %s, kernel %d", p->name, k)), p->cname, kname(p, k), p->cname, kname(p, k),
                pop_n(p));
    }
    out(g, "    return 0;\n}\n\n");
    gen_step(g);

    /* recorded state variables */
    out(g, "static const float *state_ptr(snn_run *r, int rec)\n{\n    (void)r;\n    switch (rec) {\n");
    int nsr = 0;
    for (int i = 0; i < m->records.n; i++) {
        Record *rc = m->records.v[i];
        if (rc->kind != REC_STATE)
            continue;
        if (rc->mod >= 0) {
            Modulator *md = m->mods.v[rc->mod];
            out(g, "    case %d:\n        return mod_%s.rec + %d;\n", nsr++, md->name, rc->mvar < 0 ? md->sys->n : rc->mvar);
            continue;
        }
        Pop *p = m->pops.v[rc->pop];
        OdeVar *v = ode_find_var(p->plan, rc->var, -1);
        for (int k = 0; !v && k < p->kernels.n; k++) {
            Kernel *ker = p->kernels.v[k];
            Node *out_stmt = def_stmt(ker->def, N_OUTPUT);
            if (ker->port == rc->var)
                v = ode_find_var(p->plan, out_stmt->sym, k);
        }
        out(g, "    case %d:\n        return %s.%s + %d;\n", nsr++, p->cname, v->cname, rc->lo);
    }
    out(g, "    default:\n        return NULL;\n    }\n}\n\n");

    /* after the last step: every synapse's weight brought up to the end of the run */
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (!pj->plast)
            continue;
        out(g, "static void sync_%s(snn_run *r, int64_t step)\n{\n%s", pj->cname, pj->eqs ? "" : "    (void)r;\n    (void)step;\n");
        if (pj->eqs) {
            gen_rule_params(g, pj, NULL);
            gen_state_ptrs(g, pj);
            out(g, "    for (uint64_t k = 0; k < %s.c.nnz; k++)\n", pj->cname);
            gen_sync(g, pj, "        ");
        }
        out(g, "}\n\n");
    }
    out(g, "static void finish(snn_run *r)\n{\n    (void)r;\n");
    for (int i = 0; i < m->projs.n; i++)
        if (((Proj *)m->projs.v[i])->plast) /* and the values since the last scan */
            out(g, "    sync_%s(r, r->nsteps);\n    check_%s(r, snn_check_first(r->nsteps - 1, SNN_SCAN_SYNAPSES), r->nsteps - 1);\n",
                ((Proj *)m->projs.v[i])->cname, ((Proj *)m->projs.v[i])->cname);
    out(g, "}\n\n");
    out(g, "static void model_free(snn_run *r)\n{\n    (void)r;\n");
    gen_drive_free(g);
    for (int i = 0; i < m->mods.n; i++) {
        Modulator *md = m->mods.v[i];
        out(g, "    snn_mod_free(&mod_%s.m);\n    free(mod_%s.ring);\n", md->name, md->name);
        if (md->pop2 >= 0)
            out(g, "    free(mod_%s.imp);\n    free(mod_%s.ha);\n    free(mod_%s.hb);\n", md->name, md->name, md->name);
    }
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        if (p->kind != POP_NEURON) {
            out(g, "    snn_%s_free(&%s.src);\n", p->kind == POP_TEMPLATES || p->kind == POP_STIMSET ? "templates" : "spikefile", p->cname);
            continue;
        }
        for (int j = 0; j < p->plan->vars.n; j++)
            out(g, "    free(%s.%s);\n", p->cname, ((OdeVar *)p->plan->vars.v[j])->cname);
        for (int j = 0; j < p->init_files.n; j++)
            out(g, "    free(%s.init_%s);\n", p->cname, ((InitFile *)p->init_files.v[j])->var->name);
        Vec each = per_neuron_arrays(p);
        for (int j = 0; j < each.n; j++)
            out(g, "    free(%s.%s);\n", p->cname, (char *)each.v[j]);
        out(g, "    free(%s.ref);\n    free(%s.fired);\n", p->cname, p->cname);
        for (int k = 0; k < p->kernels.n; k++)
            out(g, "    free(%s.ring_%s);\n", p->cname, kname(p, k));
    }
    for (int i = 0; i < m->projs.n; i++) {
        const char *c = ((Proj *)m->projs.v[i])->cname;
        out(g, "    snn_csr_free(&%s.c);\n    free(%s.w);\n    free(%s.d);\n", c, c, c);
        if (!((Proj *)m->projs.v[i])->plast)
            out(g, "    free(%s.d8);\n", c);
        if (((Proj *)m->projs.v[i])->stp)
            out(g, "    free(%s.U);\n    free(%s.iD);\n    free(%s.iF);\n    free(%s.u);\n    free(%s.R);\n    free(%s.last);\n", c,
                c, c, c, c, c);
        Proj *pj = m->projs.v[i];
        if (pj->plast) {
            out(g, "    snn_csr_t_free(&%s.t);\n    free(%s.S);\n", c, c);

            if (pj->eqs)
                out(g, "    snn_lazy_free(&%s.L);\n", c);
            if (pj->eqs && pj->mod >= 0)
                out(g, "    snn_lzg_free(&%s.g);\n", c);
            Node *body = pj->ir->body;
            for (int k = 0; k < body->nkid; k++) {
                Node *st = list_at(body, k);
                if (st->kind == N_TRACE)
                    out(g, "    free(%s.tr_%s);\n    free(%s.tl_%s);\n", c, st->name, c, st->name);
                if (st->kind == N_TRACE && trace_gap(st))
                    out(g, "    free(%s.tp_%s);\n", c, st->name);
            }
        }
    }
    out(g, "}\n\n");

    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        if (!p->families.n)
            continue;
        out(g, "static const snn_family_info fam_%s[] = {\n", p->name);
        for (int k = 0; k < p->families.n; k++) {
            Family *f = p->families.v[k];
            out(g, "    {.name = %s, .start = %d, .count = %d},\n", cstr(f->name), f->start, f->count);
        }
        out(g, "};\n");
    }
    const char *fill = any_sized(m) ? "" : "const "; /* sizes() fills in the sizes --set changes */
    out(g, "static %ssnn_pop_info pop_info[] = {\n", fill);
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        out(g, "    {.name = %s, .size = %d, .nfamilies = %d, .families = %s, .grid = {%d, %d, %d}, .place = %s, .split = %s},\n",
            cstr(p->name), p->size, p->families.n,
            p->families.n ? arena_printf("fam_%s", p->name) : "NULL", p->grid[0], p->grid[1], p->grid[2],
            p->grid_shuffled ? arena_printf("place_%s", p->cname) : "NULL",
            p->kind == POP_NEURON && !p->ir->bernoulli ? "true" : "false");
    }
    out(g, "};\n");
    int nspk = 0;
    out(g, "static %ssnn_range spike_recs[] = {\n", fill);
    for (int i = 0; i < m->records.n; i++) {
        Record *rc = m->records.v[i];
        if (rc->kind == REC_SPIKES) {
            out(g, "    {.pop = %d, .lo = %d, .n = %d, .label = %s, .phase = %d},\n", rc->pop, rc->lo, rc->n, cstr(rc->label),
                rc->phase);
            nspk++;
        }
    }
    out(g, "    {.phase = -1}\n};\n");
    out(g, "static snn_state_rec state_recs[] = { /* intervals filled in by init */\n");
    for (int i = 0; i < m->records.n; i++) {
        Record *rc = m->records.v[i];
        if (rc->kind != REC_STATE)
            continue;
        double scale;
        if (rc->mod >= 0) {
            Modulator *md = m->mods.v[rc->mod];
            Node *ost = rc->mvar < 0 ? def_stmt(md->def, N_OUTPUT) : NULL;
            const char *unit = dim_report_unit(ost ? output_value(ost)->ty : rc->mvar < 0 ? DIM_NONE : md->sys->x[rc->mvar]->dim, &scale);
            out(g, "    {.pop = -1, .var = %s, .lo = 0, .n = 1, .phase = %d, .owner = %s, .unit = %s, .scale = %s},\n",
                cstr(rc->mvar < 0 ? "output" : md->sys->x[rc->mvar]->name), rc->phase, cstr(md->name), cstr(unit), cnum(scale));
        } else {
            const char *unit = dim_report_unit(rc->var->dim, &scale);
            out(g, "    {.pop = %d, .var = %s, .lo = %d, .n = %d, .phase = %d, .owner = %s, .unit = %s, .scale = %s},\n", rc->pop,
                cstr(rc->var->name), rc->lo, rc->n, rc->phase, cstr(((Pop *)m->pops.v[rc->pop])->name), cstr(unit), cnum(scale));
        }
    }
    out(g, "    {.phase = -1}\n};\n");
    int nwr = 0;
    out(g, "static snn_weight_rec weight_recs[] = { /* intervals filled in by init */\n");
    for (int i = 0, pidx = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (!pj->plast)
            continue;
        for (int k = 0; k < m->records.n; k++) {
            Record *rc = m->records.v[k];
            if ((rc->kind == REC_WEIGHTS || rc->kind == REC_EDGES) && rc->proj == pj->index) {
                const char *var = "w";
                Dim d = proj_weight_dim(pj);
                Node *body = pj->ir->body;
                for (int q = 0, n = 0; q < body->nkid; q++)
                    if (list_at(body, q)->kind == N_STATE && ++n == rc->svar) {
                        var = list_at(body, q)->name;
                        d = dim_subst(list_at(body, q)->sym ? list_at(body, q)->sym->dim : DIM_NONE, proj_weight_dim(pj));
                    }
                double scale;
                const char *unit = dim_report_unit(d, &scale);
                /* record edges: the weights at the start, every T (0: the whole run) and at the end */
                out(g, "    {.plastic = %d, .phase = %d, .var = %d, .var_name = %s, .unit = %s, .scale = %s%s},\n", pidx, rc->phase,
                    rc->svar, cstr(var), cstr(unit), cnum(scale), rc->kind == REC_EDGES ? ", .edges = true" : "");
                nwr++;
            }
        }
        pidx++;
    }
    out(g, "    {.phase = -1}\n};\n");
    out(g, "static %ssnn_range reports[] = {\n", fill);
    for (int i = 0; i < m->reports.n; i++) {
        Report *rp = m->reports.v[i];
        double t0 = 0, t1 = 0;
        if (rp->t0) {
            sema_const_eval(rp->t0, &t0);
            sema_const_eval(rp->t1, &t1);
        }
        out(g, "    {.pop = %d, .lo = %d, .n = %d, .label = %s, .t0 = %s, .t1 = %s, .phase = -1},\n", rp->pop, rp->lo, rp->n,
            cstr(rp->label), cnum(t0), cnum(t1));
    }
    out(g, "    {.phase = -1}\n};\n\n");
    /* the phase schedule */
    for (int i = 0; i < m->phases.n; i++) {
        Phase *ph = m->phases.v[i];
        out(g, "static const int phase%d_set[] = {", i);
        for (int k = 0; k < ph->sets.n; k++)
            out(g, "%d, ", ((Param *)ph->sets.v[k])->index);
        out(g, "-1};\nstatic double phase%d_val[%d];\n", i, ph->sets.n + 1);
    }
    out(g, "static const snn_phase phases[] = {\n");
    for (int i = 0; i < m->phases.n; i++) {
        Phase *ph = m->phases.v[i];
        out(g, "    {.name = %s, .trials = %d, .learning = %d, .nsets = %d, .set_param = phase%d_set, .set_value = phase%d_val, "
               ".order = %d},\n",
            cstr(ph->name), ph->trials, ph->learning, ph->sets.n, i, i, ph->order);
    }
    out(g, "    {.name = NULL}\n};\n");
    out(g, "static const int learning_params[] = {");
    for (int i = 0; i < m->projs.n; i++)
        if (((Proj *)m->projs.v[i])->plast)
            out(g, "%d, ", ((Proj *)m->projs.v[i])->learning_param);
    out(g, "-1};\n");
    if (m->trial) {
        out(g, "static double trial_length(snn_run *r)\n{\n    (void)r;\n    return ");
        expr(g, m->ir->trial, M_INIT);
        out(g, ";\n}\n\n");
        /* a trial's label: that of the template or entry it shows (the first templates
         * or stimulus_set population), else -1 */
        const char *src = NULL;
        for (int i = 0; i < m->pops.n && !src; i++) {
            Pop *p = m->pops.v[i];
            if (p->kind == POP_TEMPLATES || p->kind == POP_STIMSET)
                src = p->cname;
        }
        out(g, "static int trial_label(int64_t trial)\n{\n    (void)trial;\n    return %s;\n}\n\n",
            src ? arena_printf("%s.src.label[snn_templates_entry(&%s.src, trial)]", src, src) : "-1");
        /* the stimulus the phases' 'order' applies to */
        out(g, "static snn_templates *stimulus(void)\n{\n    return %s;\n}\n\n", src ? arena_printf("&%s.src", src) : "NULL");
    }
    out(g, "static void rec_intervals(snn_run *r)\n{\n    (void)r;\n");
    for (int i = 0; i < m->phases.n; i++) {
        Phase *ph = m->phases.v[i];
        for (int k = 0; k < ph->values.n; k++) {
            out(g, "    phase%d_val[%d] = ", i, k);
            expr(g, m->ir->phase_values[i][k], M_INIT);
            out(g, ";\n");
        }
    }
    for (int i = 0, k = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        for (int q = 0; pj->plast && q < m->records.n; q++) {
            Record *rc = m->records.v[q];
            if ((rc->kind == REC_WEIGHTS || rc->kind == REC_EDGES) && rc->proj == pj->index) {
                if (rc->every) {
                    out(g, "    weight_recs[%d].every = ", k);
                    expr(g, m->ir->record_every[q], M_INIT);
                    out(g, ";\n");
                }
                k++;
            }
        }
    }
    for (int i = 0, k = 0; i < m->records.n; i++) {
        Record *rc = m->records.v[i];
        if (rc->kind != REC_STATE)
            continue;
        if (rc->every) {
            out(g, "    state_recs[%d].every = ", k);
            expr(g, m->ir->record_every[i], M_INIT);
            out(g, ";\n");
        }
        k++;
    }
    out(g, "}\n");
    /* plastic projections: their final weights are written after the run */
    int np = 0;
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (!pj->plast)
            continue;
        out(g, "static const snn_csr *csr_%s(void) { return &%s.c; }\n", pj->cname, pj->cname);
        /* w (var 0) or the rule's var-th per-synapse state as it will be at
         * `step`, computed on a copy: sampling never writes a synapse, so a
         * recorded run has the same weights as an unrecorded one */
        out(g, "static double w_%s(snn_run *r, uint64_t k_, int var, int64_t step)\n{\n", pj->cname);
        out(g, "    syn_%s S[1] = {%s.S[k_]}; /* the copy, as S[k] for the sync below */\n    const uint64_t k = 0;\n",
            pj->cname, pj->cname);
        if (pj->eqs) {
            g->peek = true;
            gen_rule_params(g, pj, NULL);
            gen_sync(g, pj, "    ");
            g->peek = false;
        }
        out(g, "%s    switch (var) {\n", pj->eqs ? "" : "    (void)r;\n    (void)step;\n");
        Node *body = pj->ir->body;
        for (int q = 0, n = 0; q < body->nkid; q++)
            if (list_at(body, q)->kind == N_STATE)
                out(g, "    case %d:\n        return S[k].s_%s;\n", ++n, list_at(body, q)->name);
        out(g, "    default:\n        return S[k].w;\n    }\n}\n");
        np++;
    }
    if (np) {
        out(g, "static const snn_plastic_info plastic[] = {\n");
        for (int i = 0; i < m->projs.n; i++) {
            Proj *pj = m->projs.v[i];
            double scale;
            const char *unit = dim_report_unit(proj_weight_dim(pj), &scale);
            if (pj->plast)
                out(g, "    {.name = %s, .pre = %d, .post = %d, .pre_lo = %d, .post_lo = %d, .csr = csr_%s, .value = w_%s, .sync = sync_%s, "
                       ".unit = %s, .scale = %s},\n",
                    cstr(pj->name), pj->pre, pj->post, pj->pre_lo, pj->post_lo, pj->cname, pj->cname, pj->cname, cstr(unit),
                    cnum(scale));
        }
        out(g, "};\n\n");
    }
    for (int i = 0, n = 0; i < m->pops.n; i++) /* the frozen sub-network's populations (split.c) */
        if (((Pop *)m->pops.v[i])->frozen)
            out(g, "%s%d", n++ ? ", " : "static const int frozen_pops[] = {", i);
    for (int i = 0; i < m->pops.n; i++)
        if (((Pop *)m->pops.v[i])->frozen) {
            out(g, "};\n");
            break;
        }
    if (m->labels.n) { /* the labels the model compares 'label' with, and where */
        out(g, "static const int labels_asked[] = {");
        for (int i = 0; i < m->labels.n; i++) {
            double v = 0;
            sema_const_eval(m->labels.v[i], &v);
            out(g, "%s%d", i ? ", " : "", (int)v);
        }
        out(g, "};\nstatic const char *const labels_asked_at[] = {");
        for (int i = 0; i < m->labels.n; i++) {
            Span sp = ((Node *)m->labels.v[i])->sp;
            const SrcFile *f = src_get(sp.file);
            int line, col;
            src_linecol(f, sp.lo, &line, &col);
            out(g, "%s%s", i ? ", " : "", cstr(arena_printf("%s:%d:%d", f->path, line, col)));
        }
        out(g, "};\n");
    }
    gen_checkpoint(g);
    int nrg = 0; /* rate guards: checked by the driver, which counts the spikes */
    for (int i = 0; i < m->guards.n; i++) {
        const Guard *gd = m->guards.v[i];
        if (gd->kind != GUARD_RATE)
            continue;
        out(g, "%s    {.pop = %d, .lo = %du, .n = %du, .min = %s, .max = %s, .every = %s, .label = %s, .text = %s},\n",
            nrg++ ? "" : arena_printf("static %ssnn_rate_guard rate_guards[] = {\n", fill), gd->pop, gd->lo, gd->n, cnum(gd->min), cnum(gd->max),
            cnum(gd->window), cstr(gd->label), cstr(guard_text(gd)));
    }
    if (nrg)
        out(g, "};\n\n");
    gen_sizes(g);
    const int nedges = gen_edges(g);
    out(g, "static const snn_model model = {\n    .source = %s,\n    .hash = \"%016llx\",\n    .compiler = \"snnc %s\",\n",
        cstr(base ? base + 1 : m->path), (unsigned long long)m->hash, snn_version);
    out(g, "    .nparams = %d,\n    .params = param_info,\n    .npops = %d,\n    .pops = pop_info,\n", m->params.n, m->pops.n);
    out(g, "    .nspike_recs = %d,\n    .spike_recs = spike_recs,\n    .nstate_recs = %d,\n    .state_recs = state_recs,\n"
           "    .nreports = %d,\n    .reports = reports,\n",
        nspk, nsr, m->reports.n);
    out(g, "    .defaults = defaults,\n    .init = init,\n    .step_update = step_update,\n    .step_deliver = step_deliver,\n"
           "    .step_end = step_end,\n    .sync_each_step = %s,\n    .state_ptr = state_ptr,\n    .finish = finish,\n"
           "    .free = model_free,\n",
        sync_each_step(m) ? "true" : "false");
    int nplastic = 0;
    for (int i = 0; i < m->projs.n; i++)
        nplastic += ((Proj *)m->projs.v[i])->plast != NULL;
    out(g, "    .nplastic = %d,\n    .plastic = %s,\n    .nweight_recs = %d,\n    .weight_recs = weight_recs,\n", nplastic,
        nplastic ? "plastic" : "NULL", nwr);
    if (nedges)
        out(g, "    .nedges = %d,\n    .edges = edges_info,\n", nedges);
    resets = false;
    for (int i = 0; i < m->pops.n; i++)
        resets |= ((Pop *)m->pops.v[i])->reset_trial;
    int nfrozen = 0;
    for (int i = 0; i < m->pops.n; i++)
        nfrozen += ((Pop *)m->pops.v[i])->frozen;
    out(g, "    .nphases = %d,\n    .phases = phases,\n    .learning_params = learning_params,\n    .refresh = refresh,\n",
        m->phases.n);
    if (m->trial)
        out(g, "    .trial_length = trial_length,\n    .trial_label = trial_label,\n    .stimulus = stimulus,\n");
    if (resets)
        out(g, "    .trial_start = trial_start,\n");
    if (nfrozen)
        out(g, "    .nfrozen = %d,\n    .frozen = frozen_pops,\n    .step_sources = step_sources,\n    .step_frozen = step_frozen,\n",
            nfrozen);
    if (m->labels.n)
        out(g, "    .nlabels = %d,\n    .labels = labels_asked,\n    .label_at = labels_asked_at,\n", m->labels.n);
    if (nrg)
        out(g, "    .nrate_guards = %d,\n    .rate_guards = rate_guards,\n", nrg);
    out(g, "    .checkpoint = checkpoint,\n");
    if (any_sized(m))
        out(g, "    .sizes = sizes,\n");
    out(g, "};\n\n");
    out(g, "int main(int argc, char **argv)\n{\n    return snn_main(argc, argv, &model);\n}\n");
    return true;
}
