/*
 * cgen_proj.c: projections.  Per projection its struct (CSR connectivity,
 * weights, delays, short-term state), the init that builds the synapses, and
 * the delivery that scatters this step's spikes into the targets' delay rings.
 */
#include "cgen.h"

static const char *rule_enum(RuleKind k)
{
    static const char *names[] = {"SNN_RULE_ALL", "SNN_RULE_ONE_TO_ONE", "SNN_RULE_PROB", "SNN_RULE_INDEGREE",
                                  "SNN_RULE_FILE", "SNN_RULE_WHEN", "SNN_RULE_TOTAL"};
    return names[k];
}

void gen_proj_struct(Gen *g, Proj *pj)
{
    Pop *pre = g->m->pops.v[pj->pre], *post = g->m->pops.v[pj->post];
    out(g, "/* projection %s: %s -> %s%s */\n", ctext(pj->name), ctext(pre->name), ctext(post->name),
        pj->plast ? ctext(arena_printf(", plasticity %s", pj->plast->name)) : "");
    if (pj->plast) {
        out(g, "typedef struct {\n    double w;\n");
        Node *body = pj->ir->body;
        for (int i = 0; i < body->nkid; i++)
            if (list_at(body, i)->kind == N_STATE)
                out(g, "    double s_%s;\n", list_at(body, i)->name);
        if (pj->eqs)
            out(g, "    int64_t t; /* the weight includes every step before this */\n");
        out(g, "} syn_%s;\n\n", pj->cname);
    }
    out(g, "static struct {\n    snn_csr c;\n    float *w, W;\n    uint16_t *d;\n%s    uint32_t D;\n",
        pj->plast ? "" : "    uint8_t *d8; /* the delays instead of d when all are below 256 steps */\n");
    if (pj->stp)
        out(g, "    float *U, *iD, *iF, *u, *R; /* short-term dynamics per synapse (1/D, 1/F) */\n"
               "    int64_t *last; /* per presynaptic neuron: its previous spike, -1 = none */\n");
    if (pj->plast) {
        out(g, "    snn_csr_t t; /* synapses by target, for 'on post' */\n");
        out(g, "    syn_%s *S; /* per synapse: weight and rule states, together in memory */\n", pj->cname);

        if (pj->eqs)
            out(g, "    snn_lazy L;\n");
        if (pj->eqs && pj->mod >= 0)
            out(g, "    snn_lzg g; /* the modulator's running integral */\n");
        Node *body = pj->ir->body;
        for (int i = 0; i < body->nkid; i++) {
            Node *st = list_at(body, i);
            if (st->kind == N_TRACE)
                out(g, "    double *tr_%s, k_%s; /* value at the last change, and dt / tau */\n    int64_t *tl_%s; /* step of the last change */\n"
                       "    double dt_%s[SNN_DECAY_TABLE + SNN_DECAY_COARSE]; /* exp(-d k), then exp(-m T k) */\n",
                    st->name, st->name, st->name, st->name);
            if (st->kind == N_TRACE && trace_gap(st))
                out(g, "    double *tp_%s, gap_%s; /* value before the last change; the gap in steps */\n", st->name, st->name);
        }
    }
    out(g, "} %s;\n\n", pj->cname);
    if (pj->plast && pj->eqs) {
        Modulator *md = pj->mod >= 0 ? g->m->mods.v[pj->mod] : NULL;
        out(g, "#define SNN_LZ_NX %d\n#define SNN_LZ_NY %d\n#define SNN_LZ_ID %s\n#include \"lazy_tmpl.h\"\n\n", pj->eqs->n,
            md ? md->sys->n + 1 : 1, pj->cname);
    }
}

/* Tsodyks-Markram parameters, one value per synapse (drawn when random) */
/* Inside a row's loop of per-synapse draws: the draws of the row's synapses
 * that lower MPI ranks keep, made and dropped, so that this rank's are those
 * of a single process (runtime/connect.c, skip). */
static void gen_skip(Gen *g, const char *c, Node *e)
{
    out(g, "            for (uint64_t s_ = %s.c.skip ? %s.c.skip[i] : 0; s_ > 0; s_--)\n                (void)(", c, c);
    expr(g, e, M_INIT);
    out(g, ");\n");
}

static void gen_init_stp(Gen *g, Proj *pj)
{
    const char *c = pj->cname;
    static const char *field[] = {"U", "iD", "iF", "u", "R"};
    for (int i = 0; i < 5; i++)
        out(g, "    if (!(%s.%s = malloc(sizeof(float) * (%s.c.nnz ? %s.c.nnz : 1))))\n        return snn_fail(r, \"out of memory\");\n",
            c, field[i], c, c);
    gen_alloc_copies(g, arena_printf("%s.last", c), "int64_t", range_n(g->m, pj->pre, pj->pre_n));
    out(g, "    for (size_t i = 0; i < (size_t)r->nthreads * %s; i++)\n        %s.last[i] = -1;\n", range_nu(g->m, pj->pre, pj->pre_n), c);
    Node *const *vals = pj->ir->stp;
    for (int v = 0; v < 3; v++) {
        out(g, "    {\n        gsl_rng *rng = snn_rng_alloc(r->seed, snn_purpose(SNN_RNG_WEIGHT, %d, %d), 0);\n"
               "        if (!rng)\n            return snn_fail(r, \"out of memory\");\n",
            pj->index, v + 1);
        out(g, "        for (uint32_t i = 0; i < %s.c.nrows; i++) {\n            snn_rng_reset(rng, r->seed, snn_purpose(SNN_RNG_WEIGHT, %d, %d), i);\n",
            c, pj->index, v + 1);
        gen_skip(g, c, vals[v]);
        out(g, "            for (uint64_t k = %s.c.row[i]; k < %s.c.row[i + 1]; k++) {\n                const double x = ", c, c);
        expr(g, vals[v], M_INIT);
        out(g, ";\n");
        if (v == 0)
            out(g, "                if (!(x >= 0 && x <= 1))\n                    ok = false;\n                %s.U[k] = (float)x;\n", c);
        else
            out(g, "                if (!(x > 0))\n                    ok = false;\n                %s.%s[k] = (float)(1 / x);\n", c,
                v == 1 ? "iD" : "iF");
        out(g, "            }\n        }\n        snn_rng_free(rng);\n    }\n");
    }
    out(g, "    if (!ok)\n        return snn_fail(r, \"projection %%s: tsodyks needs 0 <= U <= 1 and D, F > 0\", %s);\n", cstr(pj->name));
}

/* when(CONDITION): the condition for one pair, with its grid coordinates and
 * one uniform draw from the row's stream (rand()) */
static void gen_when(Gen *g, Proj *pj)
{
    Model *m = g->m;
    const Node *cond = pj->ir->rule_arg;
    out(g, "static bool when_%s(snn_run *r, gsl_rng *rng, uint32_t w_i, uint32_t w_j)\n{\n    (void)r;\n", pj->cname);
    for (int side = 0; side < 2; side++) {
        Pop *p = m->pops.v[side ? pj->post : pj->pre];
        const char *sfx = side ? "post" : "pre", *idx = side ? "w_j" : "w_i";
        int lo = side ? pj->post_lo : pj->pre_lo;
        const char *x = arena_printf("x_%s", sfx), *y = arena_printf("y_%s", sfx), *z = arena_printf("z_%s", sfx);
        bool rx = mentions(cond, SYM_BUILTIN, x), ry = mentions(cond, SYM_BUILTIN, y), rz = mentions(cond, SYM_BUILTIN, z);
        if (!p->grid[0] || !(rx || ry || rz)) {
            if (!mentions(cond, SYM_BUILTIN, side ? "j" : "i"))
                out(g, "    (void)%s;\n", idx);
            continue;
        }
        if (p->grid_shuffled)
            out(g, "    const uint32_t w_p_%s = place_%s[%s + %du];\n", sfx, p->cname, idx, lo);
        else
            out(g, "    const uint32_t w_p_%s = %s + %du;\n", sfx, idx, lo);
        if (rx)
            out(g, "    const double w_%s = (double)(w_p_%s %% %du);\n", x, sfx, p->grid[0]);
        if (ry)
            out(g, "    const double w_%s = (double)(w_p_%s / %du %% %du);\n", y, sfx, p->grid[0], p->grid[1]);
        if (rz)
            out(g, "    const double w_%s = (double)(w_p_%s / %du);\n", z, sfx, p->grid[0] * p->grid[1]);
    }
    /* one draw per pair, used or not, so that the stream is the same */
    if (ast_calls(cond, "rand"))
        out(g, "    const double u_rand = gsl_rng_uniform(rng);\n    return ");
    else
        out(g, "    gsl_rng_uniform(rng);\n    return ");
    expr(g, pj->ir->rule_arg, M_INIT);
    out(g, ";\n}\n\n");
}

void gen_init_proj(Gen *g, Proj *pj)
{
    Model *m = g->m;
    Pop *post = m->pops.v[pj->post];
    const char *c = pj->cname;
    if (pj->rule == RULE_WHEN)
        gen_when(g, pj);
    out(g, "static int init_%s(snn_run *r)\n{\n", c);
    if (!pj->weight_shared || !pj->delay_shared || pj->stp) /* values drawn per synapse */
        out(g, "    bool ok = true;\n");
    out(g, "    snn_conn_spec spec = {\n        .name = %s,\n        .rule = %s,\n        .pre_lo = %d,\n        .pre_n = %s,\n"
           "        .post_lo = %d,\n        .post_n = %s,\n        .post_pop = %d,\n        .same_pop = %s,\n"
           "        .autapses = %s,\n        .purpose = snn_purpose(SNN_RNG_CONNECT, %d, 0),\n    };\n",
        cstr(pj->name), rule_enum(pj->rule), pj->pre_lo, range_n(m, pj->pre, pj->pre_n), pj->post_lo,
        range_n(m, pj->post, pj->post_n), pj->post,
        pj->pre == pj->post ? "true" : "false", pj->autapses ? "true" : "false", pj->index);
    if (pj->rule == RULE_PROB || pj->rule == RULE_INDEGREE || pj->rule == RULE_TOTAL) {
        out(g, "    spec.p = ");
        expr(g, pj->ir->rule_arg, M_INIT);
        out(g, ";\n    spec.rule_text = %s;\n", cstr(pj->rule_text));
    }
    if (pj->rule == RULE_WHEN)
        out(g, "    spec.when = when_%s;\n", c);
    { /* what a synapse costs besides its target index: weight, delay, short-term state, rule state */
        int bytes = (pj->plast || pj->weight_shared ? 0 : 4) + (pj->delay_shared ? 0 : 2) + (pj->stp ? 20 : 0);
        if (pj->plast) {
            Node *body = pj->ir->body;
            bytes += 8 + (pj->eqs ? 8 : 0) + 12; /* w, the step it is up to date for, the transposed index */
            for (int i = 0; i < body->nkid; i++)
                bytes += list_at(body, i)->kind == N_STATE ? 8 : 0;
        }
        out(g, "    spec.synapse_bytes = %d;\n", bytes);
    }
    if (pj->rule == RULE_FILE) {
        for (int i = 0; i < m->params.n; i++) {
            Param *p = m->params.v[i];
            if (p->is_string && p->def == pj->rule_arg)
                out(g, "    spec.path = r->str[%s];\n", pslot(m, i));
        }
    }
    out(g, "    if (snn_csr_build(r, &%s.c, &spec))\n        return -1;\n", c);
    const char *wp = arena_printf("snn_purpose(SNN_RNG_WEIGHT, %d, 0)", pj->index);
    const char *dp = arena_printf("snn_purpose(SNN_RNG_DELAY, %d, 0)", pj->index);
    line_dir(g, pj->weight->sp);
    Node *wb = pj->ir->weight;
    if (pj->weight_shared) {
        out(g, "    {\n        const double x = ");
        expr(g, wb, M_INIT);
        out(g, ";\n        if (!isfinite(x))\n            return snn_fail(r, \"projection %%s: the weight is not a finite number\", %s);\n",
            cstr(pj->name));
        out(g, "        %s.W = (float)x;\n", c);
        if (pj->plast) /* plastic weights start from the double value */
            out(g, "        if (!(%s.S = snn_zalloc(%s.c.nnz, sizeof *%s.S)))\n            return snn_fail(r, \"out of memory\");\n"
                   "        for (uint64_t k = 0; k < %s.c.nnz; k++)\n            %s.S[k].w = x;\n",
                c, c, c, c, c);
        out(g, "    }\n");
    } else {
        out(g, "    {\n        if (!(%s.w = snn_zalloc(%s.c.nnz, sizeof(float))))\n"
               "            return snn_fail(r, \"out of memory\");\n",
            c, c);
        if (pj->plast)
            out(g, "        if (!(%s.S = snn_zalloc(%s.c.nnz, sizeof *%s.S)))\n            return snn_fail(r, \"out of memory\");\n",
                c, c, c);
        out(g, "        gsl_rng *rng = snn_rng_alloc(r->seed, %s, 0);\n        if (!rng)\n            return snn_fail(r, \"out of memory\");\n", wp);
        out(g, "        for (uint32_t i = 0; i < %s.c.nrows; i++) {\n            snn_rng_reset(rng, r->seed, %s, i);\n", c, wp);
        gen_skip(g, c, wb);
        out(g, "            for (uint64_t k = %s.c.row[i]; k < %s.c.row[i + 1]; k++) {\n                const double x = ", c, c);
        expr(g, wb, M_INIT);
        out(g, ";\n                if (!isfinite(x))\n                    ok = false;\n                %s.w[k] = (float)x;\n", c);
        if (pj->plast)
            out(g, "                %s.S[k].w = x;\n", c);
        out(g, "            }\n        }\n");
        out(g, "        snn_rng_free(rng);\n        if (!ok)\n"
               "            return snn_fail(r, \"projection %%s: a weight could not be drawn within its bounds or is not finite\", %s);\n    }\n",
            cstr(pj->name));
    }
    line_back(g);
    /* delays in whole steps, at least one */
    Node *db = pj->ir->delay;
    out(g, "    {\n        uint32_t dmax = 0;\n");
    if (pj->delay_shared) {
        out(g, "        const double d = ");
        if (db)
            expr(g, db, M_INIT);
        else
            out(g, "r->dt");
        out(g, ";\n        if (!(d >= r->dt * (1 - 1e-9)) || d / r->dt > 60000)\n"
               "            return snn_fail(r, \"projection %%s: delay %%g ms is shorter than the time step %%g ms (or too long)\", %s, d * 1e3, r->dt * 1e3);\n",
            cstr(pj->name));
        out(g, "        %s.D = (uint32_t)lround(d / r->dt);\n        dmax = %s.D;\n", c, c);
    } else {
        out(g, "        if (!(%s.d = malloc(sizeof(uint16_t) * (%s.c.nnz ? %s.c.nnz : 1))))\n"
               "            return snn_fail(r, \"out of memory\");\n",
            c, c, c);
        out(g, "        gsl_rng *rng = snn_rng_alloc(r->seed, %s, 0);\n        if (!rng)\n            return snn_fail(r, \"out of memory\");\n", dp);
        out(g, "        double bad = 0;\n");
        out(g, "        for (uint32_t i = 0; i < %s.c.nrows; i++) {\n            snn_rng_reset(rng, r->seed, %s, i);\n", c, dp);
        gen_skip(g, c, db);
        out(g, "            for (uint64_t k = %s.c.row[i]; k < %s.c.row[i + 1]; k++) {\n                const double d = ", c, c);
        expr(g, db, M_INIT);
        out(g, ";\n                if (!(d >= r->dt * (1 - 1e-9)) || d / r->dt > 60000) {\n                    bad = d;\n                    ok = false;\n                    continue;\n                }\n");
        out(g, "                %s.d[k] = (uint16_t)lround(d / r->dt);\n                if (%s.d[k] > dmax)\n                    dmax = %s.d[k];\n            }\n        }\n",
            c, c, c);
        out(g, "        snn_rng_free(rng);\n        if (!ok)\n"
               "            return snn_fail(r, \"projection %%s: delay %%g ms is shorter than the time step %%g ms (or too long)\", %s, bad * 1e3, r->dt * 1e3);\n",
            cstr(pj->name));
        if (!pj->plast) /* a byte per synapse for the delays, when they fit */
            out(g, "        %s.d8 = snn_delays_narrow(r, &%s.d, %s.c.nnz, dmax);\n", c, c, c);
    }
    /* dmax slots: a step's update takes in and clears its slot before that
     * step's deliveries, so the longest delay may reuse it */
    out(g, "        if (%s.ring_len_%s < dmax)\n            %s.ring_len_%s = dmax;\n    }\n", post->cname,
        kname(post, pj->kernel), post->cname, kname(post, pj->kernel));
    if (pj->stp)
        gen_init_stp(g, pj);
    if (pj->plast)
        gen_init_plast(g, pj);
    out(g, "    return 0;\n}\n\n");
}

/* short-term dynamics: the interval since the presynaptic neuron's previous spike */
static void gen_stp_head(Gen *g, Proj *pj, const char *indent)
{
    if (!pj->stp)
        return;
    out(g, "%sconst int64_t last_ = %s.last[o_ + i];\n%s%s.last[o_ + i] = step;\n%sconst double isi_ = (double)(step - last_) * r->dt;\n",
        indent, pj->cname, indent, pj->cname, indent);
}

static const char *stp_eff(Proj *pj)
{
    const char *c = pj->cname;
    return arena_printf("snn_tsodyks(&%s.u[k], &%s.R[k], %s.U[k], %s.iD[k], %s.iF[k], last_ < 0, isi_)", c, c, c, c, c);
}

/* a static projection's delivery of every thread's spikes, indented by IND */
static void gen_static_loop(Gen *g, Proj *pj, const char *ind)
{
    Pop *post = g->m->pops.v[pj->post];
    out(g, "%s    SNN_EACH_LIST(sl, r, %d, step)\n", ind, pj->pre);
    out(g, "%s    for (uint32_t s = 0; s < sl->n; s++) {\n%s        const uint32_t i = sl->idx[s] - %du;\n", ind, ind, pj->pre_lo);
    out(g, "%s        if (i >= %s)\n%s            continue;\n", ind, range_nu(g->m, pj->pre, pj->pre_n), ind);
    gen_stp_head(g, pj, arena_printf("%s        ", ind));
    out(g, "%s        for (uint64_t k = kb[i]; k < ke[i]; k++)\n", ind);
    const char *wv = pj->weight_shared ? "W" : "w[k]";
    if (pj->stp)
        wv = arena_printf("%s * %s", wv, stp_eff(pj));
    if (pj->delay_shared)
        out(g, "%s            buf[col[k]] += %s;\n", ind, wv);
    else
        out(g, "%s            ring[(size_t)((uint64_t)(step + d[k]) & (L - 1)) * %s + %d + col[k]] += %s;\n", ind, pop_n(post),
            pj->post_lo, wv);
    out(g, "%s    }\n", ind);
}

void gen_deliver(Gen *g, Proj *pj)
{
    Model *m = g->m;
    Pop *post = m->pops.v[pj->post];
    const char *c = pj->cname;
    line_dir(g, pj->decl->sp);
    out(g, "static void deliver_%s(snn_run *r, int64_t step, int tid)\n{\n", c);
    line_back(g);
    out(g, "    float *restrict ring = %s.ring_%s;\n    const uint32_t L = %s.ring_len_%s;\n", post->cname,
        kname(post, pj->kernel), post->cname, kname(post, pj->kernel));
    /* every thread's spikes, onto this thread's neurons only */
    out(g, "    const uint64_t *kb = %s.c.part[tid], *ke = %s.c.part[tid + 1];\n    const uint32_t *col = %s.c.col;\n", c, c, c);
    if (pj->stp || (pj->plast && traces_used(pj, 0, pj->ir->on[0], false)))
        out(g, "    const size_t o_ = (size_t)tid * %s; /* this thread's copy of the presynaptic values */\n",
            range_nu(g->m, pj->pre, pj->pre_n));
    if (pj->plast)
        ;
    else if (pj->weight_shared)
        out(g, "    const float W = %s.W;\n", c);
    else
        out(g, "    const float *w = %s.w;\n", c);
    if (pj->delay_shared)
        out(g, "    float *restrict buf = ring + (size_t)((uint64_t)(step + %s.D) %% L) * %s + %d;\n", c, pop_n(post),
            pj->post_lo);
    else if (pj->plast)
        out(g, "    const uint16_t *d = %s.d;\n", c);
    if (pj->plast) {
        /* transmit the weight, then let the rule change it ('on pre') */
        Node *on = pj->ir->on[0];
        gen_rule_params(g, pj, on);
        gen_state_ptrs(g, pj);
        out(g, "    SNN_EACH_LIST(sl, r, %d, step)\n", pj->pre);
        out(g, "    for (uint32_t s = 0; s < sl->n; s++) {\n        const uint32_t i = sl->idx[s] - %du;\n", pj->pre_lo);
        out(g, "        if (i >= %s)\n            continue;\n", range_nu(g->m, pj->pre, pj->pre_n));
        gen_traces(g, pj, 0, "o_ + i", "        ", on, false);
        gen_stp_head(g, pj, "        ");
        out(g, "        for (uint64_t k = kb[i]; k < ke[i]; k++) {\n");
        gen_sync(g, pj, "            ");
        const char *amount = pj->stp ? arena_printf("(float)S[k].w * %s", stp_eff(pj)) : "(float)S[k].w";
        if (pj->delay_shared)
            out(g, "            buf[col[k]] += %s;\n", amount);
        else
            out(g, "            ring[(size_t)((uint64_t)(step + d[k]) & (L - 1)) * %s + %d + col[k]] += %s;\n", pop_n(post),
                pj->post_lo, amount);
        if (on)
            gen_handler_synapse(g, pj, on, 1, "const uint32_t j = col[k]", "j");
        out(g, "        }\n");
        gen_trace_updates(g, pj, on, "o_ + i");
        out(g, "    }\n}\n\n");
        if (pj->ir->on[1])
            gen_post_handler(g, pj);
        return;
    }
    if (pj->delay_shared) {
        gen_static_loop(g, pj, "");
        out(g, "}\n\n");
        return;
    }
    out(g, "    if (%s.d8) {\n        const uint8_t *d = %s.d8;\n", c, c);
    gen_static_loop(g, pj, "    ");
    out(g, "    } else {\n        const uint16_t *d = %s.d;\n", c);
    gen_static_loop(g, pj, "    ");
    out(g, "    }\n}\n\n");
}
