/*
 * lower_exprs.c: every expression the generated code evaluates, bound once to
 * its slots (ode.c's binder: a population's state arrays, the run's parameter
 * table, a synapse's states), and the decisions that follow from them: which
 * populations are Bernoulli sources drawn by skips, which parameters each
 * update loop reads, and the numbers of the bounded draws' helper functions.
 * The C printers (cgen*.c) only read what this leaves in ir.h's structs.
 */
#include "ir.h"

#include <string.h>

/* What a bound expression of an update loop reads: parameters, dt, t. */
static void mark_reads(const Node *e, IrPop *ir)
{
    if (!e)
        return;
    if (e->kind == N_NAME && e->sym && (e->sym->kind == SYM_PARAM || e->sym->kind == SYM_GPARAM) && e->sym->param)
        ir->reads[e->sym->param->index] = true;
    if (e->kind == N_NAME && e->sym && e->sym->kind == SYM_BUILTIN) {
        ir->reads_dt |= strcmp(e->sym->name, "dt") == 0;
        ir->reads_t |= strcmp(e->sym->name, "t") == 0;
    }
    for (int i = 0; i < e->nkid; i++)
        mark_reads(e->kid[i], ir);
}

/* Defaults: sim.time, sim.dt and sim.seed come from the experiment block (or
 * nothing: the runtime's constants), every other parameter from its declaration. */
static void lower_params(Model *m)
{
    for (int i = 0; i < m->params.n; i++) {
        Param *p = m->params.v[i];
        Node *def = i == 0 ? m->time : i == 1 ? m->dt : i == 2 ? m->seed : p->def;
        if (p->is_string || !def || p->ir) /* a per-neuron parameter: lower_params.c */
            continue;
        Pop *pop = m->pops.v[p->pop >= 0 ? p->pop : 0];
        p->value = p->proj >= 0 ? ode_bind_proj(m, m->projs.v[p->proj], def) : ode_bind(m, pop, p->kernel, def);
    }
}

/* No state, no reset, no refractoriness, threshold 'rand() < p' with p fixed
 * during the run and the same for every neuron: independent Bernoulli(p)
 * sources, drawn at a cost per spike. */
static Node *bernoulli_p(Model *m, Pop *p)
{
    if (p->plan->vars.n || def_stmt(p->neuron, N_RESET) || def_stmt(p->neuron, N_REFRACTORY))
        return NULL;
    Node *thr = def_stmt(p->neuron, N_THRESHOLD);
    if (!thr)
        return NULL;
    Node *c = threshold_cond(thr);
    if (c->kind != N_BINARY || c->op != OP_LT || bin_lhs(c)->kind != N_CALL || strcmp(call_name(bin_lhs(c))->name, "rand") != 0)
        return NULL;
    Node *e = ode_bind(m, p, -1, bin_rhs(c));
    return lin_is_const(e) && !ir_per_neuron(e) ? e : NULL;
}

/* The initial value of a state: the population's "state v = ..." or the declaration's. */
static Node *initial_value(Pop *p, OdeVar *v)
{
    Node *decl = v->sym->decl;
    Node *init = decl ? state_init(decl) : NULL;
    for (int k = 0; k < p->inits.n && v->kernel < 0; k++)
        if (((Node *)p->inits.v[k])->sym == v->sym)
            init = state_init(p->inits.v[k]);
    return init;
}

static InitFile *initial_file(Pop *p, OdeVar *v)
{
    for (int k = 0; k < p->init_files.n && v->kernel < 0; k++)
        if (((InitFile *)p->init_files.v[k])->var == v->sym)
            return p->init_files.v[k];
    return NULL;
}

static void lower_pop(Model *m, Pop *p)
{
    IrPop *ir = p->ir; /* made by lower_neuron_params */
    OdePlan *plan = p->plan;
    int nv = plan->vars.n;
    ir->init = arena_alloc(sizeof(Node *) * (size_t)(nv ? nv : 1));
    ir->init_file = arena_alloc(sizeof(InitFile *) * (size_t)(nv ? nv : 1));
    for (int i = 0; i < nv; i++) {
        OdeVar *v = plan->vars.v[i];
        ir->init_file[i] = initial_file(p, v);
        Node *init = ir->init_file[i] ? NULL : initial_value(p, v);
        ir->init[i] = init ? ode_bind(m, p, v->kernel, init) : NULL;
    }
    ir->bernoulli = bernoulli_p(m, p);
    ir->size = p->size_expr ? ode_bind(m, p, -1, p->size_expr) : NULL;
    Node *thr = def_stmt(p->neuron, N_THRESHOLD), *refr = def_stmt(p->neuron, N_REFRACTORY);
    Node *reset = def_stmt(p->neuron, N_RESET);
    ir->threshold = thr ? ode_bind(m, p, -1, threshold_cond(thr)) : NULL;
    ir->threshold_rand = thr && ast_calls(threshold_cond(thr), "rand");
    ir->refractory = refr ? ode_bind(m, p, -1, refractory_period(refr)) : NULL;
    for (int i = 0; reset && i < reset_assigns(reset)->nkid; i++) {
        Node *as = list_at(reset_assigns(reset), i);
        IrAssign *a = arena_alloc(sizeof *a);
        a->var = ode_find_var(plan, as->sym, -1);
        a->op = as->op;
        a->value = ode_bind(m, p, -1, assign_value(as));
        vec_push(&ir->reset, a);
    }
    /* what is folded at start-up, and whether a phase's 'set' must fold it again */
    ir->folds = arena_alloc(sizeof(bool) * (size_t)m->params.n);
    LinSys *blk = plan->block;
    ir->has_consts = ir->refractory || blk->n;
    IrPop fold = {.reads = ir->folds}; /* mark_reads marks fold.reads */
    mark_reads(ir->refractory, &fold);
    for (int i = 0; i < blk->n; i++) {
        for (int j = 0; j < blk->n; j++)
            mark_reads(blk->A[i][j], &fold);
        mark_reads(blk->b[i], &fold);
    }
    for (int i = 0; i < nv; i++) {
        OdeVar *v = plan->vars.v[i];
        for (int k = 0; v->scheme == SCHEME_EXACT && k < v->noise_coef.n; k++)
            mark_reads(v->noise_coef.v[k], &fold);
    }
    for (int i = 0; i < m->phases.n; i++) {
        Phase *ph = m->phases.v[i];
        for (int k = 0; k < ph->sets.n; k++)
            ir->refresh |= ir->folds[((Param *)ph->sets.v[k])->index];
    }
    /* what the update loop evaluates in single precision, per step */
    ir->reads = arena_alloc(sizeof(bool) * (size_t)m->params.n);
    if (ir->bernoulli)
        return;
    for (int k = 0; k < p->kernels.n; k++)
        mark_reads(((Kernel *)p->kernels.v[k])->spike_gain, ir);
    for (int i = 0; i < nv; i++) {
        OdeVar *v = plan->vars.v[i];
        if (!v->rhs)
            continue;
        ir->reads_dt |= v->scheme != SCHEME_EXACT; /* a step of (exponential) Euler */
        if (v->scheme == SCHEME_EXP_EULER) {
            mark_reads(v->lin_a, ir);
            mark_reads(v->lin_b, ir);
        } else if (v->scheme == SCHEME_EULER) {
            mark_reads(v->rhs, ir);
        }
        if (v->scheme != SCHEME_EXACT)
            for (int k = 0; k < v->noise_coef.n; k++)
                mark_reads(v->noise_coef.v[k], ir);
    }
    mark_reads(ir->threshold, ir);
    for (int i = 0; i < ir->reset.n; i++)
        mark_reads(((IrAssign *)ir->reset.v[i])->value, ir);
}

static void lower_proj(Model *m, Proj *pj)
{
    IrProj *ir = pj->ir = arena_alloc(sizeof *ir);
    Pop *post = m->pops.v[pj->post];
    if (pj->rule == RULE_PROB || pj->rule == RULE_INDEGREE || pj->rule == RULE_TOTAL || pj->rule == RULE_WHEN)
        ir->rule_arg = ode_bind(m, post, -1, pj->rule_arg);
    ir->weight = ode_bind(m, post, -1, pj->weight);
    ir->delay = pj->delay ? ode_bind(m, post, -1, pj->delay) : NULL;
    if (pj->stp) {
        ir->stp[0] = ode_bind(m, post, -1, pj->stp_U);
        ir->stp[1] = ode_bind(m, post, -1, pj->stp_D);
        ir->stp[2] = ode_bind(m, post, -1, pj->stp_F);
    }
    if (!pj->plast)
        return;
    ir->body = ode_bind_proj(m, pj, def_body(pj->plast));
    for (int i = 0; i < ir->body->nkid; i++)
        if (list_at(ir->body, i)->kind == N_ON)
            ir->on[on_post(list_at(ir->body, i))] = list_at(ir->body, i);
}

static void lower_mod(Model *m, Modulator *md)
{
    IrMod *ir = md->ir = arena_alloc(sizeof *ir);
    int ns = md->sys->n;
    ir->init = arena_alloc(sizeof(Node *) * (size_t)(ns ? ns : 1));
    for (int i = 0; i < ns; i++)
        ir->init[i] = ode_bind_mod(m, md, state_init(md->sys->x[i]->decl));
    ir->delay = md->delay ? ode_bind_mod(m, md, md->delay) : NULL;
    ir->window = md->window ? ode_bind_mod(m, md, md->window) : NULL;
    ir->sign = md->sign ? ode_bind_mod(m, md, md->sign) : NULL;
}

static void lower_experiment(Model *m)
{
    IrExp *ir = m->ir = arena_alloc(sizeof *ir);
    Pop *first = m->pops.v[0];
    int n = m->params.n;
    ir->default_order = arena_alloc(sizeof(int) * (size_t)n);
    for (int k = 0; k < n; k++)
        ir->default_order[k] = k == 0 ? 1 : k < n - 2 ? k + 2 : k == n - 2 ? 0 : 2;
    ir->trial = m->trial ? ode_bind(m, first, -1, m->trial) : NULL;
    ir->phase_values = arena_alloc(sizeof(Node **) * (size_t)(m->phases.n ? m->phases.n : 1));
    for (int i = 0; i < m->phases.n; i++) {
        Phase *ph = m->phases.v[i];
        ir->phase_values[i] = arena_alloc(sizeof(Node *) * (size_t)(ph->values.n ? ph->values.n : 1));
        for (int k = 0; k < ph->values.n; k++)
            ir->phase_values[i][k] = ode_bind(m, first, -1, ph->values.v[k]);
    }
    ir->record_every = arena_alloc(sizeof(Node *) * (size_t)(m->records.n ? m->records.n : 1));
    for (int i = 0; i < m->records.n; i++) {
        Record *rc = m->records.v[i];
        if (!rc->every)
            continue;
        Pop *p = rc->kind == REC_WEIGHTS || rc->kind == REC_EDGES ? m->pops.v[((Proj *)m->projs.v[rc->proj])->post] : m->pops.v[rc->pop < 0 ? 0 : rc->pop];
        ir->record_every[i] = ode_bind(m, p, -1, rc->every);
    }
}

/* A bounded draw needs a loop: the C printers emit one helper function per
 * draw, listed here (post-order) in the order they are printed. */
static void list_bounded(Node *e, Vec *out)
{
    if (!e)
        return;
    for (int i = 0; i < e->nkid; i++)
        list_bounded(e->kid[i], out);
    if (e->kind == N_BOUNDED)
        vec_push(out, e);
}

void lower_exprs(Model *m)
{
    lower_params(m);
    for (int i = 0; i < m->pops.n; i++)
        if (((Pop *)m->pops.v[i])->kind == POP_NEURON)
            lower_pop(m, m->pops.v[i]);
    for (int i = 0; i < m->projs.n; i++)
        lower_proj(m, m->projs.v[i]);
    for (int i = 0; i < m->drives.n; i++) {
        Drive *d = m->drives.v[i];
        d->rate_b = ode_bind(m, m->pops.v[d->post], -1, d->rate);
        d->weight_b = ode_bind(m, m->pops.v[d->post], -1, d->weight);
    }
    for (int i = 0; i < m->mods.n; i++)
        lower_mod(m, m->mods.v[i]);
    lower_experiment(m);
    Vec *b = &m->ir->bounded;
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        for (int k = 0; p->ir && k < p->plan->vars.n; k++)
            list_bounded(p->ir->init[k], b);
    }
    for (int i = 0; i < m->projs.n; i++) {
        IrProj *ir = ((Proj *)m->projs.v[i])->ir;
        list_bounded(ir->weight, b);
        for (int k = 0; k < 3; k++)
            list_bounded(ir->stp[k], b);
        list_bounded(ir->delay, b);
    }
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        for (int k = 0; p->ir && k < p->ir->neuron_params.n; k++)
            list_bounded(((IrParam *)p->ir->neuron_params.v[k])->value, b);
    }
}
