/*
 * lower_params.c: neuron parameters that differ per neuron.  A population's
 * argument may be a draw (lif_cond(V_th = normal(-50 mV, 1 mV))), an
 * expression of the neuron's index i or grid position x, y, z, or a file's
 * values; a parameter whose default reads such a parameter differs per neuron
 * too.  Each becomes an array of the population, and where it is read decides
 * what that costs:
 *   - per step (threshold, reset, the right-hand sides of Euler and
 *     exponential Euler, noise on those): element i, as cheap as a constant;
 *   - the refractory period: a count of steps per neuron;
 *   - the constant input b of the exact block: the propagator exp(A dt) stays
 *     one per population, and since the response q over a step is linear in
 *     b, q = q(shared part) + sum_k M_k b_k with M_k the response to a unit
 *     input on row k, computed once; q is then one vector per neuron;
 *   - exact Ornstein-Uhlenbeck noise: its amplitude scales per neuron;
 *   - the matrix A of the exact block: one propagator per neuron would cost
 *     a matrix exponential per neuron and n^2 floats each; refused, with the
 *     way out (method exponential_euler integrates per neuron).
 */
#include "ir.h"

#include <string.h>

Pop *ir_position_pop(const Node *e)
{
    if (!e)
        return NULL;
    if (e->kind == N_NAME && e->sym && e->sym->kind == SYM_BUILTIN && e->sym->data)
        return e->sym->data;
    for (int i = 0; i < e->nkid; i++) {
        Pop *p = ir_position_pop(e->kid[i]);
        if (p)
            return p;
    }
    return NULL;
}

/* The first per-neuron parameter e reads, or NULL. */
static IrParam *first_per_neuron(const Node *e)
{
    if (!e)
        return NULL;
    if (e->kind == N_NAME && e->sym && e->sym->kind == SYM_PARAM && e->sym->param && e->sym->param->ir)
        return e->sym->param->ir;
    for (int i = 0; i < e->nkid; i++) {
        IrParam *q = first_per_neuron(e->kid[i]);
        if (q)
            return q;
    }
    return NULL;
}

bool ir_per_neuron(const Node *e) { return first_per_neuron(e) || ir_position_pop(e); }

/* The argument 'NAME = value' of population p's neuron, or NULL. */
static Node *argument(Pop *p, const char *name)
{
    Node *args = call_args(population_type(p->decl));
    for (int i = 0; i < args->nkid; i++)
        if (arg_name(list_at(args, i)) && strcmp(arg_name(list_at(args, i))->name, name) == 0)
            return list_at(args, i);
    return NULL;
}

/* In declaration order, so that a default reads parameters already marked:
 * an argument that draws, reads the position or is a file differs per neuron,
 * and so does a default that reads such a parameter. */
static void mark_pop(Model *m, Pop *p)
{
    IrPop *ir = p->ir = arena_alloc(sizeof *ir);
    for (int k = 0; k < p->params.n; k++) {
        Param *q = p->params.v[k];
        Node *a = argument(p, q->sym->name);
        IrParam *pn = arena_alloc(sizeof *pn);
        pn->param = q;
        pn->slot = k;
        for (int f = 0; f < p->param_files.n; f++)
            if (((InitFile *)p->param_files.v[f])->var == q->sym)
                pn->file = p->param_files.v[f];
        if (!pn->file) {
            pn->value = ode_bind(m, p, -1, q->def);
            if (a && !(q->def->dep & DEP_RANDOM) && !ir_position_pop(pn->value))
                continue;
            if (!a && !(pn->follows = first_per_neuron(pn->value)))
                continue;
        }
        q->ir = pn;
        vec_push(&ir->neuron_params, pn);
    }
}

void lower_neuron_params(Model *m)
{
    for (int i = 0; i < m->pops.n; i++)
        if (((Pop *)m->pops.v[i])->kind == POP_NEURON)
            mark_pop(m, m->pops.v[i]);
}

static bool reads_param(const Node *e, const Param *q)
{
    if (!e)
        return false;
    if (e->kind == N_NAME && e->sym && e->sym->kind == SYM_PARAM && e->sym->param == q)
        return true;
    for (int i = 0; i < e->nkid; i++)
        if (reads_param(e->kid[i], q))
            return true;
    return false;
}

/* 'NAME' cannot differ per neuron because of what USE (a phrase) computes once
 * for the whole population: reported at the argument that makes it differ. */
static void refuse(Pop *p, IrParam *q, const char *use)
{
    IrParam *root = q;
    while (root->follows)
        root = root->follows;
    Node *a = argument(p, root->param->sym->name);
    if (root == q)
        diag_error(a->sp, "'%s' %s, which is one for the whole population; it cannot differ per neuron",
                   q->param->sym->name, use);
    else
        diag_error(a->sp, "'%s' cannot differ per neuron: '%s', whose default reads it, %s, which is one for the "
                          "whole population", root->param->sym->name, q->param->sym->name, use);
}

static bool uses_pop(Model *m, Pop *p)
{
    IrPop *ir = p->ir;
    LinSys *blk = p->plan->block;
    int nb = blk->n, nv = p->plan->vars.n;
    ir->block = blk;
    ir->init_per_neuron = arena_alloc(sizeof(bool) * (size_t)(nv ? nv : 1));
    ir->b_per_neuron = arena_alloc(sizeof(Node *) * (size_t)(nb ? nb : 1));
    ir->q_per_neuron = arena_alloc(sizeof(bool) * (size_t)(nb ? nb : 1));
    ir->sd_per_neuron = arena_alloc(sizeof(bool) * (size_t)(nb ? nb : 1));
    if (!ir->neuron_params.n)
        return true;
    for (int a = 0; a < nb; a++)
        for (int b = 0; b < nb; b++) {
            IrParam *q = first_per_neuron(blk->A[a][b]);
            if (q) {
                refuse(p, q, arena_printf("sets the exact propagator of %s's linear equations", p->name));
                diag_note(def_name(p->neuron)->sp, "with 'method exponential_euler' in neuron '%s', its states are "
                                                   "integrated step by step and may read parameters that differ per neuron",
                          p->neuron->name);
                return false;
            }
        }
    if (ir->refractory && first_per_neuron(ir->refractory))
        ir->refractory_per_neuron = true;
    /* constant inputs that differ per neuron: left out of the shared propagator's b */
    bool any = false;
    for (int k = 0; k < nb; k++)
        if (ir_per_neuron(blk->b[k])) {
            ir->b_per_neuron[k] = blk->b[k];
            any = true;
        }
    if (any) {
        LinSys *c = ir->block = linsys_new(nb, blk->x);
        for (int a = 0; a < nb; a++) {
            for (int b = 0; b < nb; b++) {
                c->A[a][b] = blk->A[a][b];
                c->reach[a][b] = blk->reach[a][b];
                ir->q_per_neuron[a] |= blk->reach[a][b] && ir->b_per_neuron[b];
            }
            c->b[a] = ir->b_per_neuron[a] ? NULL : blk->b[a];
        }
    }
    /* a phase that sets one of them, or a parameter a default among them reads, fills them again */
    for (int i = 0; i < m->phases.n; i++) {
        Phase *ph = m->phases.v[i];
        for (int k = 0; k < ph->sets.n; k++)
            for (int j = 0; j < ir->neuron_params.n; j++) {
                IrParam *q = ir->neuron_params.v[j];
                ir->refresh |= q->param == ph->sets.v[k] || reads_param(q->value, ph->sets.v[k]);
            }
    }
    for (int i = 0; i < nv; i++) {
        OdeVar *v = p->plan->vars.v[i];
        ir->init_per_neuron[i] = ir_per_neuron(ir->init[i]);
        for (int k = 0; v->block_index >= 0 && k < v->noise_coef.n; k++)
            ir->sd_per_neuron[v->block_index] |= ir_per_neuron(v->noise_coef.v[k]);
    }
    return true;
}

bool lower_per_neuron_uses(Model *m)
{
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        if (p->kind == POP_NEURON && !uses_pop(m, p))
            return false;
    }
    return true;
}
