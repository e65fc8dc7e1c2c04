/*
 * lower.c: storage decisions between checking and emitting.  A weight or delay
 * that is the same for every synapse of a projection is kept once instead of
 * per synapse (the delivery loop then only scatters indices), and each kernel's
 * "on spike" statement is reduced to "target += gain * w" so that arriving
 * weights can be summed in a delay ring and applied once per step.
 */
#include "ast.h"
#include "ir.h"

#include <string.h>

static bool is_weight(const Node *e) { return e->kind == N_NAME && e->sym && e->sym->kind == SYM_WEIGHT; }

/* The kernel's 'on spike' as target += gain * w (sema_def.c checked the shape). */
static void lower_kernel(Model *m, Pop *p, int k)
{
    Kernel *ker = p->kernels.v[k];
    Node *body = def_body(ker->def), *on = NULL;
    for (int i = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_ONSPIKE)
            on = body->kid[i];
    if (!on)
        diag_internal("kernel %s has no 'on spike' after sema", ker->label);
    Node *as = list_at(onspike_assigns(on), 0), *e = assign_value(as);
    /* the gain is e / w: e is w, or w times something that does not involve w */
    Node *gain = NULL;
    if (!is_weight(e))
        gain = is_weight(bin_lhs(e)) ? bin_rhs(e) : bin_lhs(e);
    ker->spike_target = as->sym;
    ker->spike_gain = gain ? ode_bind(m, p, k, gain) : NULL;
}

/* e as sum_j a_j x_j + rest, the a_j constant: sema_def.c checked that it is. */
static Node *linear(Node *e, Sym **xs, int n, Node **a, const char *what)
{
    Node *rest;
    if (!lin_in(e, xs, n, a, &rest))
        diag_internal("%s is not linear in the states", what);
    return rest;
}

/* A modulator: y' = A y + b between arrivals, 'on spike' adds a constant to
 * one state, the output is affine in the states (sema_def.c checked all three). */
static void lower_modulator(Model *m, Modulator *md)
{
    Node *body = def_body(md->def);
    Sym **states;
    int ns = lin_states(body, &states);
    LinSys *sys = md->sys = linsys_new(ns, states);
    md->impulse = arena_alloc(sizeof(bool) * (size_t)(ns ? ns : 1));
    md->pair_gain = arena_alloc(sizeof(Node *) * (size_t)(ns ? ns : 1));
    for (int i = 0; i < ns; i++) {
        Node *ode = states[i]->ode;
        if (!ode) { /* a state without equation holds what arrives in one step */
            md->impulse[i] = true;
            continue;
        }
        sys->b[i] = linear(ode_bind_mod(m, md, deriv_rhs(ode)), states, ns, sys->A[i], states[i]->name);
    }
    for (int i = 0; i < body->nkid; i++) {
        Node *st = body->kid[i];
        if (st->kind == N_ONSPIKE) {
            Node *list = onspike_assigns(st);
            for (int a = 0; a < list->nkid; a++)
                for (int k = 0; k < ns; k++)
                    if (states[k] == list->kid[a]->sym)
                        sys->gain[k] = ode_bind_mod(m, md, assign_value(list->kid[a]));
        } else if (st->kind == N_ON) { /* on pair */
            Node *list = on_assigns(st);
            for (int a = 0; a < list->nkid; a++)
                for (int k = 0; k < ns; k++)
                    if (states[k] == list->kid[a]->sym)
                        md->pair_gain[k] = ode_bind_mod(m, md, assign_value(list->kid[a]));
        } else if (st->kind == N_OUTPUT) {
            sys->out[ns] = linear(ode_bind_mod(m, md, output_value(st)), states, ns, sys->out, "the output of a modulator");
        }
    }
}

/* A rule with equations: per-synapse states x' = A x and dw/dt = sum_i x_i
 * (out_mod_i d + out_i), the shape sema_def.c checked. */
static void lower_rule(Model *m, Proj *pj)
{
    Node *body = def_body(pj->plast), *wode;
    if (!lin_rule_equations(body, &wode))
        return;
    Sym **xs;
    int nx = lin_states(body, &xs);
    LinSys *rule = linsys_new(nx, xs);
    pj->eqs = nx ? rule : NULL; /* no states: w changes at events only */
    for (int i = 0; i < nx; i++)
        if (xs[i]->ode)
            linear(ode_bind_proj(m, pj, deriv_rhs(xs[i]->ode)), xs, nx, rule->A[i], xs[i]->name);
    if (!wode)
        return;
    Node *rest = ode_bind_proj(m, pj, deriv_rhs(wode));
    Sym *d = NULL;
    Node *formals = def_params(pj->plast);
    for (int i = 0; i < formals->nkid; i++)
        if (!param_default(formals->kid[i])) /* the modulator */
            d = scope_find_local(def_scope(pj->plast), formals->kid[i]->name);
    for (int j = 0; j < nx; j++) {
        Node *a, *b;
        if (!lin_affine_sym(rest, xs[j], &a, &b))
            diag_internal("dw/dt is not linear in '%s'", xs[j]->name);
        rest = b;
        if (!a)
            continue;
        Node *al = NULL, *be = a;
        if (d && !lin_affine_sym(a, d, &al, &be))
            diag_internal("dw/dt is not linear in the modulator '%s'", d->name);
        rule->out_mod[j] = al;
        rule->out[j] = be;
    }
}

/* Warnings: a modulator no rule reads, a weight a rule changes without bounds. */
static void warn_rules(Model *m)
{
    for (int i = 0; i < m->mods.n; i++) {
        Modulator *md = m->mods.v[i];
        bool used = false;
        for (int k = 0; k < m->projs.n; k++)
            used |= ((Proj *)m->projs.v[k])->mod == md->index;
        if (!used)
            diag_warning(modinst_name(md->decl)->sp, "modulator '%s' is not used by any plasticity rule", md->name);
    }
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        bool seen = false; /* warn once per rule, at its first projection */
        for (int k = 0; k < i && pj->plast; k++)
            seen |= ((Proj *)m->projs.v[k])->plast == pj->plast;
        if (!pj->plast || seen)
            continue;
        Node *body = def_body(pj->plast);
        bool bounded = false, changes = false;
        for (int k = 0; k < body->nkid; k++) {
            Node *st = body->kid[k];
            if (st->kind == N_BOUNDS && st->sym->kind == SYM_WEIGHT)
                bounded = true;
            if (st->kind == N_ODE && st->sym->kind == SYM_WEIGHT)
                changes = true;
            if (st->kind == N_ON) {
                Node *list = on_assigns(st);
                for (int a = 0; a < list->nkid; a++)
                    changes |= list->kid[a]->sym->kind == SYM_WEIGHT;
            }
        }
        if (changes && !bounded)
            diag_warning(def_name(pj->plast)->sp, "rule '%s' changes w without bounds; add 'w in [lo, hi]'", pj->plast->name);
    }
}

/* Every user error was reported by sema; true. */
bool lower_model(Model *m)
{
    for (int i = 0; i < m->mods.n; i++)
        lower_modulator(m, m->mods.v[i]);
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (pj->plast)
            lower_rule(m, pj);
    }
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        for (int k = 0; k < p->kernels.n; k++)
            lower_kernel(m, p, k);
    }
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        pj->weight_shared = !(pj->weight->dep & DEP_RANDOM);
        pj->delay_shared = !pj->delay || !(pj->delay->dep & DEP_RANDOM);
    }
    lower_neuron_params(m); /* before the expressions that read them */
    lower_exprs(m);
    if (!lower_per_neuron_uses(m))
        return false;
    lower_names(m);
    warn_rules(m); /* only for a model without errors */
    return true;
}
