/*
 * cgen_pop.c: populations.  Per population a struct of state arrays, the
 * update function (the hot loop: float state, branch-free, one pass per step,
 * so that GCC vectorizes it), the scan that stops a run on a value out of
 * range, what init computes from parameters (propagator, refractory steps),
 * initial values, and the reset at a trial's start.
 */
#include "cgen.h"

#include <string.h>

/* The arrays a population holds per neuron besides its states, for what
 * differs per neuron (lower_params.c): the parameters, their files' values,
 * refractory steps (int32_t, the others float), the responses to constant
 * inputs and the noise amplitudes of the exact block. */
Vec per_neuron_arrays(const Pop *p)
{
    const IrPop *ir = p->ir;
    Vec v = {0};
    for (int i = 0; i < ir->neuron_params.n; i++) {
        const IrParam *q = ir->neuron_params.v[i];
        vec_push(&v, (void *)q->array);
        if (q->file)
            vec_push(&v, (void *)q->file_array);
    }
    if (ir->refractory_per_neuron)
        vec_push(&v, (void *)"nref_each");
    for (int a = 0; a < p->plan->block->n; a++) {
        if (ir->q_per_neuron[a])
            vec_push(&v, arena_printf("q%d_each", a));
        if (ir->sd_per_neuron[a])
            vec_push(&v, arena_printf("sd%d_each", a));
    }
    return v;
}

static const char *array_type(const char *name) { return strcmp(name, "nref_each") ? "float" : "int32_t"; }

void gen_pop_struct(Gen *g, Pop *p)
{
    out(g, "/* population %s: %d neurons%s", ctext(p->name), p->size, p->size_expr ? " at the defaults" : "");
    if (p->kind == POP_NEURON)
        out(g, " of %s */\n", p->neuron->name);
    else
        out(g, " reading spikes from a file */\n");
    out(g, "static struct {\n");
    if (p->kind == POP_TEMPLATES || p->kind == POP_STIMSET) {
        out(g, "    snn_templates src;\n} %s;\n\n", p->cname);
        return;
    }
    if (p->kind != POP_NEURON) {
        out(g, "    snn_spikefile src;\n} %s;\n\n", p->cname);
        return;
    }
    OdePlan *plan = p->plan;
    for (int i = 0; i < plan->vars.n; i++)
        out(g, "    float *%s;\n", ((OdeVar *)plan->vars.v[i])->cname);
    for (int i = 0; i < p->init_files.n; i++)
        out(g, "    float *init_%s; /* the initial values read from its file */\n", ((InitFile *)p->init_files.v[i])->var->name);
    Vec each = per_neuron_arrays(p);
    if (each.n)
        out(g, "    /* per neuron: parameters p_*, their files' values file_*, refractory steps, the\n"
               "       responses q*_each to constant inputs and noise amplitudes sd*_each */\n");
    for (int i = 0; i < each.n; i++)
        out(g, "    %s *%s;\n", array_type(each.v[i]), (char *)each.v[i]);
    if (p->size_expr)
        out(g, "    uint32_t n; /* its size, from the parameters (sizes) */\n");
    out(g, "    int32_t *ref, nref;\n    uint8_t *fired;\n");
    for (int k = 0; k < p->kernels.n; k++)
        out(g, "    float *ring_%s; /* arriving weights for %s: ring_len_%s slots of %s */\n    uint32_t ring_len_%s;\n",
            kname(p, k), ctext(((Kernel *)p->kernels.v[k])->label), kname(p, k), p->size_expr ? "n" : pop_n(p), kname(p, k));
    int nb = plan->block->n;
    if (nb)
        out(g, "    float prop[%d], q[%d], sd[%d];\n", nb * nb, nb, nb);
    gen_drive_fields(g, p);
    out(g, "} %s;\n\n", p->cname);
}


static void gen_poisson(Gen *g, Pop *p, Node *prob)
{
    out(g, "    /* independent Bernoulli(p) sources: geometric skips between spiking neurons */\n");
    out(g, "    const double p = ");
    expr(g, prob, M_INIT);
    out(g, ";\n    snn_spikelist *out = snn_spikes_of(r, %d, 0, step);\n    out->n = 0;\n    if (!(p > 0))\n        return;\n", p->index);
    out(g, "    if (p >= 1) {\n        for (uint32_t i = 0; i < %s; i++)\n            out->idx[out->n++] = i;\n        return;\n    }\n",
        pop_nu(p));
    out(g, "    const double lq = log1p(-p);\n    uint32_t w[4];\n    int wi = 4;\n    uint64_t ctr = (uint64_t)step << 24;\n");
    out(g, "    for (int64_t i = -1;;) {\n        if (wi == 4) {\n"
           "            snn_philox(r->seed, snn_purpose(SNN_RNG_STEP, %d, 1), 0, ctr++, w);\n            wi = 0;\n        }\n",
        p->index);
    out(g, "        i += 1 + (int64_t)(log(snn_u01(w[wi++])) / lq);\n        if (i >= %s)\n            break;\n"
           "        out->idx[out->n++] = (uint32_t)i;\n    }\n}\n\n",
        pop_n(p));
}

/* The states of a population outside their range (a guard's, else every
 * finite float) stop the run, naming the first one.  A scan after the update
 * loop, every SNN_CHECK_EVERY steps: checking inside the loop slowed COBA by
 * 10 to 17 %, a scan every 16 steps by about 2 %, every 64 by under 1 %.
 * Guarded states are scanned after every step. */
static void gen_check_pop(Gen *g, Pop *p)
{
    OdePlan *plan = p->plan;
    out(g, "static void check_%s(snn_run *r, int64_t step, uint32_t lo, uint32_t hi)\n{\n", p->cname);
    bool unguarded = false; /* checked every SNN_CHECK_EVERY steps */
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        unguarded |= v->kernel >= 0 || !find_guard(g->m, p->index, v->sym, -1);
    }
    if (unguarded)
        out(g, "    const bool all = (step + 1) %% SNN_CHECK_EVERY == 0 || step + 1 == r->nsteps;\n");
    out(g, "    int bad_ = 0;\n");
    for (int pass = 0; pass < 2; pass++) { /* 0: is anything wrong (vectorized)? 1: what */
        if (pass)
            out(g, "    if (!bad_)\n        return;\n    char what[512];\n");
        for (int i = 0; i < plan->vars.n; i++) {
            OdeVar *v = plan->vars.v[i];
            const Guard *gd = v->kernel < 0 ? find_guard(g->m, p->index, v->sym, -1) : NULL;
            /* compared in float, reported as written */
            const char *lo = gd ? arena_printf("%.9ef", gd->min) : "-FLT_MAX", *hi = gd ? arena_printf("%.9ef", gd->max) : "FLT_MAX";
            const char *lod = gd ? arena_printf("%.17g", gd->min) : lo, *hid = gd ? arena_printf("%.17g", gd->max) : hi;
            const char *x = arena_printf("%s.%s[i]", p->cname, v->cname);
            if (!pass) { /* a plain counted loop (the test of `all` outside it), so that GCC vectorizes it */
                const char *in = gd ? "    " : "        ";
                out(g, "%s%sfor (uint32_t i = lo; i < hi; i++)\n%s    bad_ |= !(%s >= %s && %s <= %s);\n",
                    gd ? "" : "    if (all)\n", in, in, x, lo, x, hi);
                continue;
            }
            out(g, "    for (uint32_t i = lo; i < hi; i++)\n");
            const char *name = v->kernel < 0 ? v->sym->name
                                             : arena_printf("%s of %s", v->sym->name, ((Kernel *)p->kernels.v[v->kernel])->label);
            out(g, "        if (!(%s >= %s && %s <= %s)) {\n", x, lo, x, hi);
            out(g, "            snprintf(what, sizeof what, \"%%s of neuron %%u of population %%s\", %s, i, %s);\n", cstr(name),
                cstr(p->name));
            out(g, "            snn_halt(r, %s, step, what, %s, %s, %s, %s);\n            return;\n        }\n",
                gd ? "step" : "snn_check_first(step, SNN_CHECK_EVERY)", x, lod, hid, gd ? cstr(guard_text(gd)) : "NULL");
        }
    }
    out(g, "}\n\n");
}

void gen_update(Gen *g, Pop *p)
{
    Model *m = g->m;
    Node *prob = p->kind == POP_NEURON ? p->ir->bernoulli : NULL;
    if (p->kind == POP_NEURON && !prob && p->plan->vars.n) /* states to check */
        gen_check_pop(g, p);
    /* a source draws or reads its population whole (thread 0); neurons are
     * updated by every thread, each its own range */
    out(g, p->kind == POP_NEURON && !prob ? "static void update_%s(snn_run *r, int64_t step, int tid)\n{\n"
                                          : "static void update_%s(snn_run *r, int64_t step)\n{\n",
        p->cname);
    if (p->kind != POP_NEURON) {
        out(g, "    snn_%s_emit(&%s.src, step, snn_spikes_of(r, %d, 0, step));\n}\n\n",
            p->kind == POP_TEMPLATES || p->kind == POP_STIMSET ? "templates" : "spikefile", p->cname, p->index);
        return;
    }
    if (prob) {
        gen_poisson(g, p, prob);
        return;
    }
    OdePlan *plan = p->plan;
    const char *s = p->cname;
    out(g, "    const uint32_t lo = snn_lo(r, %d, tid), hi = snn_hi(r, %d, tid);\n", p->index, p->index);
    if (p->kernels.n) /* the stride of the delay rings */
        out(g, "    const uint32_t n = %s;\n", pop_n(p));
    if (p->ir->reads_dt)
        out(g, "    const float dt_f = (float)r->dt;\n");
    if (p->ir->reads_t) /* in double: a float t would step by 0.12 ms at 2,000 s */
        out(g, "    const double t = (double)step * r->dt;\n");
    /* the parameters the loop reads, as float constants */
    for (int i = 3; i < m->params.n; i++)
        if (p->ir->reads[i]) {
            Param *q = m->params.v[i];
            if (q->ir)
                out(g, "    const float *restrict %s = %s.%s;\n", q->cname, s, q->ir->array);
            else
                out(g, "    const float %s = (float)r->p[%s];\n", q->cname, pslot(m, i));
        }
    const LinSys *blk = plan->block;
    int nb = blk->n;
    for (int a = 0; a < nb; a++)
        for (int b = 0; b < nb; b++)
            if (blk->reach[a][b])
                out(g, "    const float E%d_%d = %s.prop[%d];\n", a, b, s, a * nb + b);
    /* the affine term of row a is non-zero only if a constant term reaches it */
    bool *hasq = arena_alloc(sizeof(bool) * (size_t)(nb ? nb : 1));
    for (int a = 0; a < nb; a++)
        for (int b = 0; b < nb; b++)
            if (blk->reach[a][b] && blk->b[b])
                hasq[a] = true;
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        int a = v->block_index;
        if (a < 0)
            continue;
        if (p->ir->q_per_neuron[a])
            out(g, "    const float *restrict Q%d = %s.q%d_each;\n", a, s, a);
        else if (hasq[a])
            out(g, "    const float Q%d = %s.q[%d];\n", a, s, a);
        for (int k = 0; k < v->noise_coef.n; k++)
            if (v->noise_coef.v[k]) {
                if (p->ir->sd_per_neuron[a])
                    out(g, "    const float *restrict SD%d = %s.sd%d_each;\n", a, s, a);
                else
                    out(g, "    const float SD%d = %s.sd[%d];\n", a, s, a);
                break;
            }
    }
    if (p->ir->refractory_per_neuron)
        out(g, "    const int32_t *restrict nref = %s.nref_each;\n", s);
    else if (p->ir->refractory)
        out(g, "    const int32_t nref = %s.nref;\n", s);
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        out(g, "    float *restrict a_%s = %s.%s;\n", v->cname, s, v->cname);
    }
    out(g, "    int32_t *restrict ref = %s.ref;\n    uint8_t *restrict fired = %s.fired;\n", s, s);
    for (int k = 0; k < p->kernels.n; k++)
        out(g, "    float *restrict in_%s = %s.ring_%s + (size_t)(step %% %s.ring_len_%s) * n;\n", kname(p, k), s, kname(p, k), s,
            kname(p, k));
    const IrPop *ir = p->ir;
    bool need_rand = ir->threshold_rand;
    int nnoise = plan->noises.n;
    if (nnoise || need_rand)
        out(g, "    const uint64_t seed = r->seed;\n");
    if (nnoise)
        out(g, "    const uint32_t noise_purpose = snn_purpose(SNN_RNG_NOISE, %d, 0);\n", p->index);
    if (need_rand)
        out(g, "    const uint32_t rand_purpose = snn_purpose(SNN_RNG_STEP, %d, 0);\n", p->index);
    gen_drive_update(g, p);
    /* this step's arrivals, in their own pass: reading the delay ring inside
     * the main loop keeps GCC from vectorizing it */
    for (int k = 0; k < p->kernels.n; k++) {
        Kernel *ker = p->kernels.v[k];
        OdeVar *v = ode_find_var(plan, ker->spike_target, k);
        out(g, "    for (uint32_t i = lo; i < hi; i++) {\n        a_%s[i] += ", v->cname);
        if (ker->spike_gain) {
            expr(g, ker->spike_gain, M_HOT);
            out(g, " * ");
        }
        out(g, "in_%s[i];\n        in_%s[i] = 0.0f;\n    }\n", kname(p, k), kname(p, k));
    }
    /* every neuron touches only its own elements; GCC cannot see that through
     * pointers loaded from globals, and with more than a few state arrays it
     * gives up on run-time alias checks and leaves the loop scalar.  In blocks
     * (snn.h): a neuron takes the same vector or scalar path on any number of
     * threads */
    out(g, "    SNN_BLOCKS(b_, e_, lo, hi)\n    SNN_IVDEP\n    for (uint32_t i = b_; i < e_; i++) {\n");
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        out(g, "        float s_%s = a_%s[i];\n", v->cname, v->cname);
    }
    /* random numbers of this neuron and step */
    if (nnoise) {
        for (int j = 0; j < (nnoise + 1) / 2; j++) {
            out(g, "        uint32_t w%d[4];\n        snn_philox(seed, noise_purpose, i, (uint64_t)step * %d + %d, w%d);\n", j,
                (nnoise + 1) / 2, j, j);
            out(g, "        float z%d, z%d;\n        snn_normal2f(w%d[0], w%d[1], &z%d, &z%d);\n", 2 * j, 2 * j + 1, j, j,
                2 * j, 2 * j + 1);
        }
    }
    if (need_rand)
        out(g, "        uint32_t wr[4];\n        snn_philox(seed, rand_purpose, i, (uint64_t)step, wr);\n"
               "        const float u_rand = snn_u01f(wr[0]);\n");
    /* new values from old values */
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        if (!v->rhs) {
            out(g, "        float n_%s = s_%s;\n", v->cname, v->cname);
            continue;
        }
        if (v->sym->ode)
            line_dir(g, v->sym->ode->sp);
        switch (v->scheme) {
        case SCHEME_EXACT: {
            int a = v->block_index;
            out(g, "        float n_%s = ", v->cname);
            const char *plus = "";
            if (hasq[a]) {
                out(g, ir->q_per_neuron[a] ? "Q%d[i]" : "Q%d", a);
                plus = " + ";
            }
            for (int j = 0; j < plan->vars.n; j++) {
                OdeVar *w = plan->vars.v[j];
                if (w->block_index >= 0 && blk->reach[a][w->block_index]) {
                    out(g, "%sE%d_%d * s_%s", plus, a, w->block_index, w->cname);
                    plus = " + ";
                }
            }
            out(g, ";\n");
            for (int k = 0; k < v->noise_coef.n; k++)
                if (v->noise_coef.v[k])
                    out(g, ir->sd_per_neuron[a] ? "        n_%s += SD%d[i] * z%d;\n" : "        n_%s += SD%d * z%d;\n", v->cname, a, k);
            break;
        }
        case SCHEME_EXP_EULER:
            out(g, "        float n_%s = snn_expeuler(s_%s, ", v->cname, v->cname);
            expr(g, v->lin_a, M_HOT);
            out(g, ", ");
            expr(g, v->lin_b, M_HOT);
            out(g, ", dt_f);\n");
            break;
        case SCHEME_EULER:
            out(g, "        float n_%s = s_%s + dt_f * ", v->cname, v->cname);
            expr(g, v->rhs, M_HOT);
            out(g, ";\n");
            break;
        }
        if (v->scheme != SCHEME_EXACT)
            for (int k = 0; k < v->noise_coef.n; k++)
                if (v->noise_coef.v[k]) {
                    out(g, "        n_%s += ", v->cname);
                    expr(g, v->noise_coef.v[k], M_HOT);
                    out(g, " * sqrtf(dt_f) * z%d;\n", k);
                }
    }
    line_back(g);
    /* refractoriness, threshold, reset: branch-free so the loop vectorizes */
    out(g, "        int32_t rc = ref[i];\n");
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        if (v->clamped)
            out(g, "        n_%s = rc > 0 ? s_%s : n_%s;\n", v->cname, v->cname, v->cname);
    }
    if (ir->threshold)
        out(g, "        const int can = rc <= 0;\n");
    out(g, "        rc = rc > 0 ? rc - 1 : 0;\n");
    if (ir->threshold) {
        /* the threshold sees the new values */
        out(g, "        const int f = can & (");
        g->use_new = true;
        expr(g, ir->threshold, M_HOT);
        g->use_new = false;
        out(g, ");\n");
    } else {
        out(g, "        const int f = 0;\n");
    }
    for (int i = 0; i < ir->reset.n; i++) {
        const IrAssign *as = ir->reset.v[i];
        const char *x = as->var->cname;
        out(g, "        n_%s = f ? ", x);
        if (as->op != OP_ASSIGN)
            out(g, "n_%s %c ", x, as->op == OP_ADDEQ ? '+' : as->op == OP_SUBEQ ? '-' : '*');
        g->use_new = true;
        expr(g, as->value, M_HOT);
        g->use_new = false;
        out(g, " : n_%s;\n", x);
    }
    if (ir->refractory)
        out(g, ir->refractory_per_neuron ? "        rc = f ? nref[i] : rc;\n" : "        rc = f ? nref : rc;\n");
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        out(g, "        a_%s[i] = n_%s;\n", v->cname, v->cname);
    }
    out(g, "        ref[i] = rc;\n        fired[i] = (uint8_t)f;\n    }\n");
    out(g, "    snn_collect(fired, lo, hi, snn_spikes_of(r, %d, tid, step));\n", p->index);
    /* guarded states after every step, the others every SNN_CHECK_EVERY steps */
    if (plan->vars.n)
        out(g, "    check_%s(r, step, lo, hi);\n", p->cname);
    out(g, "}\n\n");
}

/* The response over one step to the constant inputs that differ per neuron
 * (inside consts_POP, after the shared propagator: A, P and q are known).  q
 * is linear in b, so neuron i's is q + sum_k M_k b_k(i), where M_k is the
 * response to a unit input on row k, computed once. */
static void gen_q_per_neuron(Gen *g, Pop *p)
{
    const IrPop *ir = p->ir;
    int nb = ir->block->n;
    bool any = false;
    for (int a = 0; a < nb; a++)
        any |= ir->q_per_neuron[a];
    if (!any)
        return;
    out(g, "        double M[%d][%d], unit[%d] = {0}, P1[%d];\n", nb, nb, nb, nb * nb);
    for (int k = 0; k < nb; k++)
        if (ir->b_per_neuron[k])
            out(g, "        unit[%d] = 1;\n        if (snn_propagator(%d, A, unit, r->dt, P1, M[%d]))\n"
                   "            return snn_fail(r, \"%%s: the linear equations have no finite propagator (check the time constants)\", %s);\n"
                   "        unit[%d] = 0;\n",
                k, nb, k, cstr(arena_printf("population %s", p->name)), k);
    out(g, "        for (uint32_t i = 0; i < %s; i++) {\n", pop_nu(p));
    for (int k = 0; k < nb; k++)
        if (ir->b_per_neuron[k]) {
            out(g, "            const double b%d = ", k);
            expr(g, ir->b_per_neuron[k], M_INIT);
            out(g, ";\n");
        }
    for (int a = 0; a < nb; a++) {
        if (!ir->q_per_neuron[a])
            continue;
        out(g, "            %s.q%d_each[i] = (float)(q[%d]", p->cname, a, a);
        for (int k = 0; k < nb; k++)
            if (ir->b_per_neuron[k] && ir->block->reach[a][k])
                out(g, " + M[%d][%d] * b%d", k, a, k);
        out(g, ");\n");
    }
    out(g, "        }\n");
}

/* What a population's update reads besides its states and parameters -- the
 * refractory steps, the propagator of its linear block and the noise per step --
 * computed from the parameters at start-up and again at every phase start, so
 * that a phase's 'set' applies to them too. */
void gen_consts_pop(Gen *g, Pop *p)
{
    const char *s = p->cname;
    OdePlan *plan = p->plan;
    out(g, "static int consts_%s(snn_run *r)\n{\n", p->cname);
    const IrPop *ir = p->ir;
    Node *rb = ir->refractory;
    if (rb) {
        /* one count of steps, or one per neuron */
        if (ir->refractory_per_neuron)
            out(g, "    for (uint32_t i = 0; i < %s; i++) {\n        const double t_ref = ", pop_nu(p));
        else
            out(g, "    {\n        const double t_ref = ");
        expr(g, rb, M_INIT);
        const char *what = rb->kind == N_NAME && rb->sym && rb->sym->kind == SYM_PARAM
                               ? arena_printf("parameter %s", rb->sym->param->name)
                               : "refractory period";
        out(g, ";\n        if (!(t_ref >= 0) || !isfinite(t_ref))\n"
               "            return snn_fail(r, \"population %%s: %%s = %%g ms%s: the refractory period must be >= 0\", %s, %s, t_ref * 1e3%s);\n",
            ir->refractory_per_neuron ? " for neuron %u" : "", cstr(p->name), cstr(what), ir->refractory_per_neuron ? ", i" : "");
        if (ir->refractory_per_neuron)
            out(g, "        %s.nref_each[i] = (int32_t)lround(t_ref / r->dt);\n    }\n", s);
        else
            out(g, "        %s.nref = (int32_t)lround(t_ref / r->dt);\n    }\n", s);
    }
    int nb = plan->block->n;
    if (nb) {
        out(g, "    {\n");
        gen_propagator(g, ir->block, "        ", arena_printf("population %s", p->name));
        out(g, "        for (int k = 0; k < %d; k++)\n            %s.prop[k] = (float)P[k];\n", nb * nb, s);
        out(g, "        for (int k = 0; k < %d; k++)\n            %s.q[k] = (float)q[k];\n", nb, s);
        gen_q_per_neuron(g, p);
        /* exact Ornstein-Uhlenbeck step: the standard deviation added per step */
        for (int i = 0; i < plan->vars.n; i++) {
            OdeVar *v = plan->vars.v[i];
            if (v->block_index < 0)
                continue;
            for (int k = 0; k < v->noise_coef.n; k++)
                if (v->noise_coef.v[k]) {
                    int a = v->block_index;
                    if (ir->sd_per_neuron[a]) { /* the amplitude per neuron, the decay shared */
                        out(g, "        {\n            const double a = A[%d], f = a != 0 ? sqrt(expm1(2 * a * r->dt) / (2 * a)) : sqrt(r->dt);\n",
                            a * nb + a);
                        out(g, "            for (uint32_t i = 0; i < %s; i++) {\n                const double c = ", pop_nu(p));
                        expr(g, v->noise_coef.v[k], M_INIT);
                        out(g, ";\n                %s.sd%d_each[i] = (float)(fabs(c) * f);\n            }\n        }\n", s, a);
                        continue;
                    }
                    out(g, "        {\n            const double c = ");
                    expr(g, v->noise_coef.v[k], M_INIT);
                    out(g, ", a = A[%d];\n", a * nb + a);
                    out(g, "            %s.sd[%d] = (float)(fabs(c) * (a != 0 ? sqrt(expm1(2 * a * r->dt) / (2 * a)) : sqrt(r->dt)));\n        }\n",
                        s, a);
                }
        }
        out(g, "    }\n");
    }
    out(g, "    return 0;\n}\n\n");
}

/* Initial values: constants are broadcast, draws use one stream per neuron.  At
 * a trial's reset (reset) every state is set, zero where no value is given, and
 * draws come from a stream of their own positioned by the trial, so that a
 * trial's start does not depend on what ran before it. */
static void gen_initial_values(Gen *g, Pop *p, bool reset)
{
    const char *s = p->cname;
    OdePlan *plan = p->plan;
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        Node *b = p->ir->init[i];
        InitFile *file = p->ir->init_file[i];
        if (file) { /* read once at start-up, copied again at each reset */
            const char *buf = arena_printf("%s.init_%s", s, v->sym->name);
            if (!reset) {
                gen_alloc(g, buf, "float", pop_n(p));
                out(g, "    if (snn_initfile_load(r, %s, %d, %.17g, r->str[%s], %s, %s, %s))\n        return -1;\n", buf,
                    p->size, file->unit, pslot(g->m, file->param), cstr(((Param *)g->m->params.v[file->param])->name), cstr(p->name),
                    cstr(v->sym->name));
            }
            out(g, "    memcpy(%s.%s, %s, %d * sizeof(float));\n", s, v->cname, buf, p->size);
            continue;
        }
        if (!b) {
            if (reset)
                out(g, "    memset(%s.%s, 0, %s * sizeof(float));\n", s, v->cname, pop_n(p));
            continue;
        }
        line_dir(g, b->sp);
        if (!(b->dep & DEP_RANDOM) && p->ir->init_per_neuron[i]) { /* reads parameters that differ per neuron */
            out(g, "    for (uint32_t i = 0; i < %s; i++)\n        %s.%s[i] = (float)(", pop_n(p), s, v->cname);
            expr(g, b, M_INIT);
            out(g, ");\n");
        } else if (!(b->dep & DEP_RANDOM)) {
            out(g, "    {\n        const float x = (float)(");
            expr(g, b, M_INIT);
            out(g, ");\n        for (uint32_t i = 0; i < %s; i++)\n            %s.%s[i] = x;\n    }\n", pop_n(p), s, v->cname);
        } else {
            const char *purpose = arena_printf("snn_purpose(%s, %d, %d)", reset ? "SNN_RNG_RESET" : "SNN_RNG_INIT", p->index, i);
            out(g, "    {\n        gsl_rng *rng = snn_rng_alloc(r->seed, %s, 0);\n", purpose);
            out(g, "        if (!rng)\n            return snn_fail(r, \"out of memory\");\n");
            out(g, "        for (uint32_t i = 0; i < %s; i++) {\n            snn_rng_reset(rng, r->seed, %s, i);\n", pop_n(p),
                purpose);
            if (reset)
                out(g, "            snn_rng_seek(rng, (uint64_t)trial << 24);\n");
            out(g, "            %s.%s[i] = (float)(", s, v->cname);
            expr(g, b, M_INIT);
            out(g, ");\n        }\n        snn_rng_free(rng);\n    }\n");
        }
    }
}

/* 'reset POP every trial': the states, refractory counters and pending inputs of
 * the population as at the start of a run, and short-term synaptic dynamics of
 * its connections (in and out) back to rest */
void gen_reset_pop(Gen *g, Pop *p)
{
    Model *m = g->m;
    const char *s = p->cname;
    /* which: SNN_RESET_*.  The population's own state goes with its part of the step
     * (frozen or not), a connection's short-term state with the part that delivers
     * it, i.e. its target's: with the frozen part computed ahead, each process
     * resets only what it steps. */
    const char *own = p->frozen ? "SNN_RESET_FROZEN" : "SNN_RESET_REST";
    out(g, "static int reset_%s(snn_run *r, int64_t trial, int which)\n{\n    bool ok = true;\n", p->cname);
    bool drawn = false; /* a drawn initial value: its stream is positioned by the trial */
    for (int i = 0; i < p->plan->vars.n; i++)
        drawn |= p->ir->init[i] && (p->ir->init[i]->dep & DEP_RANDOM);
    if (!drawn)
        out(g, "    (void)trial;\n");
    out(g, "    if (which & %s) {\n", own);
    gen_initial_values(g, p, true);
    line_back(g);
    out(g, "    if (!ok)\n        return snn_fail(r, \"population %%s: could not draw an initial value within its bounds\", %s);\n",
        cstr(p->name));
    out(g, "    memset(%s.ref, 0, %s * sizeof(int32_t));\n", s, pop_n(p));
    for (int k = 0; k < p->kernels.n; k++)
        out(g, "    memset(%s.ring_%s, 0, (size_t)%s.ring_len_%s * %s * sizeof(float));\n", s, kname(p, k), s, kname(p, k), pop_n(p));
    out(g, "    }\n");
    for (int i = 0; i < m->projs.n; i++) { /* by its target's reset, or its source's if the target has none */
        Proj *pj = m->projs.v[i];
        Pop *post = m->pops.v[pj->post];
        if (pj->stp && (pj->post == p->index || (pj->pre == p->index && !post->reset_trial)))
            out(g, "    if (which & %s)\n        for (size_t i = 0; i < (size_t)r->nthreads * %s; i++)\n            %s.last[i] = -1;\n",
                post->frozen ? "SNN_RESET_FROZEN" : "SNN_RESET_REST", range_nu(m, pj->pre, pj->pre_n), pj->cname);
    }
    out(g, "    return 0;\n}\n\n");
}

static bool has_bounded(const Node *e)
{
    if (!e)
        return false;
    if (e->kind == N_BOUNDED)
        return true;
    for (int i = 0; i < e->nkid; i++)
        if (has_bounded(e->kid[i]))
            return true;
    return false;
}

/* The parameters of a population that differ per neuron, element i for neuron
 * i: drawn from a stream of their own per (population, parameter, neuron), an
 * expression of the neuron's position, or the file's values.  At start-up and
 * at every phase start: a phase that sets one (its slot in r->p is then not
 * NaN) gives every neuron that value while it runs.  Each value must be a
 * finite float, and positive where an equation divides by it. */
void gen_params_pop(Gen *g, Pop *p)
{
    const IrPop *ir = p->ir;
    if (p->kind != POP_NEURON || !ir->neuron_params.n)
        return;
    const char *s = p->cname;
    bool bounded = false;
    for (int k = 0; k < ir->neuron_params.n; k++) {
        const IrParam *q = ir->neuron_params.v[k];
        bounded_fns(g, q->value);
        bounded |= has_bounded(q->value);
    }
    out(g, "static int params_%s(snn_run *r)\n{\n", p->cname);
    if (bounded)
        out(g, "    bool ok = true;\n");
    for (int k = 0; k < ir->neuron_params.n; k++) {
        const IrParam *q = ir->neuron_params.v[k];
        const char *x = arena_printf("%s.%s", s, q->array), *slot = pslot(g->m, q->param->index);
        out(g, "    if (isnan(r->p[%s])) {\n", slot);
        if (q->file) {
            out(g, "        memcpy(%s, %s.%s, %d * sizeof(float));\n", x, s, q->file_array, p->size);
        } else {
            const char *purpose = arena_printf("snn_purpose(SNN_RNG_PARAM, %d, %d)", p->index, q->slot);
            bool drawn = q->value->dep & DEP_RANDOM;
            if (drawn)
                out(g, "        gsl_rng *rng = snn_rng_alloc(r->seed, %s, 0);\n        if (!rng)\n"
                       "            return snn_fail(r, \"out of memory\");\n", purpose);
            out(g, "        for (uint32_t i = 0; i < %s; i++) {\n", pop_nu(p));
            if (drawn)
                out(g, "            snn_rng_reset(rng, r->seed, %s, i);\n", purpose);
            gen_position(g, q->value, "            ");
            line_dir(g, q->value->sp);
            out(g, "            %s[i] = (float)(", x);
            expr(g, q->value, M_INIT);
            out(g, ");\n");
            line_back(g);
            out(g, "        }\n");
            if (drawn)
                out(g, "        snn_rng_free(rng);\n");
        }
        out(g, "    } else {\n        for (uint32_t i = 0; i < %s; i++)\n            %s[i] = (float)r->p[%s];\n    }\n", pop_nu(p),
            x, slot);
        if (has_bounded(q->value))
            out(g, "    if (!ok)\n        return snn_fail(r, \"population %%s: could not draw parameter %%s within its bounds\", %s, %s);\n",
                cstr(p->name), cstr(q->param->name));
        double scale = 1;
        const char *unit = dim_unit(q->param->dim, &scale), *want = q->param->positive ? "> 0" : "finite";
        out(g, "    for (uint32_t i = 0; i < %s; i++)\n        if (!(isfinite(%s[i])%s))\n", pop_nu(p), x,
            q->param->positive ? arena_printf(" && %s[i] > 0", x) : "");
        out(g, "            return snn_fail(r, \"population %%s: parameter %%s is %%g%s for neuron %%u; it must be %s\", %s, %s, %s[i]%s, i);\n",
            unit ? arena_printf(" %s", unit) : "", want, cstr(p->name), cstr(q->param->name), x,
            scale != 1 ? arena_printf(" / %g", scale) : "");
    }
    out(g, "    return 0;\n}\n\n");
}

/* 'on grid(...) shuffled': neuron i sits at grid position place[i], a random
 * permutation drawn from the run's seed, which scatters the families of a
 * population over its grid (families stay consecutive index ranges). */
void gen_place(Gen *g, Pop *p)
{
    if (!p->grid_shuffled)
        return;
    out(g, "static uint32_t place_%s[%d];\n\n", p->cname, p->size);
    out(g, "static int draw_place_%s(snn_run *r)\n{\n    for (uint32_t i = 0; i < %du; i++)\n        place_%s[i] = i;\n",
        p->cname, p->size, p->cname);
    out(g, "    gsl_rng *rng = snn_rng_alloc(r->seed, snn_purpose(SNN_RNG_PLACE, %d, 0), 0);\n"
           "    if (!rng)\n        return snn_fail(r, \"out of memory\");\n", p->index);
    out(g, "    gsl_ran_shuffle(rng, place_%s, %du, sizeof place_%s[0]);\n    snn_rng_free(rng);\n    return 0;\n}\n\n", p->cname,
        p->size, p->cname);
}

void gen_init_pop(Gen *g, Pop *p)
{
    Model *m = g->m;
    const char *s = p->cname;
    out(g, "static int init_%s(snn_run *r)\n{\n", p->cname);
    if (p->kind == POP_NEURON) /* initial values drawn within bounds */
        out(g, "    bool ok = true;\n");
    if (p->grid_shuffled) /* the positions first: connections are built after every population */
        out(g, "    if (draw_place_%s(r))\n        return -1;\n", p->cname);
    if (p->kind == POP_SPIKE_FILE) {
        out(g, "    return snn_spikefile_load(r, &%s.src, %s, r->str[%s], %d);\n}\n\n", s,
            cstr(((Param *)m->params.v[p->file_param])->name), pslot(m, p->file_param), p->size);
        return;
    }
    if (p->kind == POP_STIMSET) {
        out(g, "    return snn_stimset_load(r, &%s.src, %s, %s, r->str[%s], %d, trial_length(r), r->p[%s]);\n}\n\n", s,
            cstr(p->name), cstr(((Param *)m->params.v[p->file_param])->name), pslot(m, p->file_param), p->size,
            pslot(m, p->file_param + 1));
        return;
    }
    if (p->kind == POP_TEMPLATES) {
        out(g, "    return snn_templates_init(r, &%s.src, %s, %d, %d, r->p[%s], r->p[%s], trial_length(r), "
               "snn_purpose(SNN_RNG_INIT, %d, 0));\n}\n\n",
            s, cstr(p->name), p->size, p->ntemplates, pslot(m, p->file_param), pslot(m, p->file_param + 1), p->index);
        return;
    }
    if (p->kind == POP_FIXED_TRAINS) {
        out(g, "    return snn_fixed_trains(r, &%s.src, %s, %d, r->p[%s], r->p[%s], snn_purpose(SNN_RNG_INIT, %d, 0));\n}\n\n",
            s, cstr(p->name), p->size, pslot(m, p->file_param), pslot(m, p->file_param + 1), p->index);
        return;
    }
    OdePlan *plan = p->plan;
    const IrPop *ir = p->ir;
    Vec each = per_neuron_arrays(p);
    out(g, "    if (snn_budget_add(r, %d.0 * %s, %s))\n        return -1;\n", 4 * (plan->vars.n + p->init_files.n + each.n) + 5,
        pop_n(p), cstr(arena_printf("the states of %s", p->name)));
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        gen_alloc(g, arena_printf("%s.%s", s, v->cname), "float", pop_n(p));
    }
    gen_alloc(g, arena_printf("%s.ref", s), "int32_t", pop_n(p));
    gen_alloc(g, arena_printf("%s.fired", s), "uint8_t", pop_n(p));
    for (int i = 0; i < each.n; i++)
        gen_alloc(g, arena_printf("%s.%s", s, (char *)each.v[i]), array_type(each.v[i]), pop_n(p));
    for (int i = 0; i < ir->neuron_params.n; i++) { /* files first: they are read once */
        const IrParam *q = ir->neuron_params.v[i];
        if (q->file)
            out(g, "    if (snn_paramfile_load(r, %s.%s, %d, %.17g, r->str[%s], %s, %s, %s))\n        return -1;\n", s,
                q->file_array, p->size, q->file->unit, pslot(g->m, q->file->param),
                cstr(((Param *)g->m->params.v[q->file->param])->name), cstr(p->name), cstr(q->param->sym->name));
    }
    if (ir->neuron_params.n) /* before the initial values, which may read them */
        out(g, "    if (params_%s(r))\n        return -1;\n", p->cname);
    gen_initial_values(g, p, false);
    line_back(g);
    out(g, "    if (!ok)\n        return snn_fail(r, \"population %%s: could not draw an initial value within its bounds\", %s);\n",
        cstr(p->name));
    if (p->ir->has_consts)
        out(g, "    if (consts_%s(r))\n        return -1;\n", p->cname);
    for (int k = 0; k < p->kernels.n; k++)
        out(g, "    %s.ring_len_%s = 1;\n", s, kname(p, k));
    out(g, "    return 0;\n}\n\n");
}
