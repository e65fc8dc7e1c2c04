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

static bool lower_kernel(Model *m, Pop *p, int k)
{
    Kernel *ker = p->kernels.v[k];
    Node *body = def_body(ker->def), *on = NULL;
    for (int i = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_ONSPIKE)
            on = body->kid[i];
    Node *list = onspike_assigns(on);
    if (list->nkid != 1 || list_at(list, 0)->op != OP_ADDEQ) {
        diag_error(on->sp, "'on spike' of synapse '%s' must be one statement 'state += expression of w'",
                   ker->def->name);
        return false;
    }
    Node *as = list_at(list, 0), *e = assign_value(as);
    /* the gain is e / w: e must be w times something that does not involve w */
    Node *gain = NULL;
    bool product = e->kind == N_BINARY && e->op == OP_MUL;
    if (is_weight(e))
        gain = NULL;
    else if (product && is_weight(bin_lhs(e)) && !(bin_rhs(e)->dep & (DEP_STATE | DEP_RANDOM)))
        gain = bin_rhs(e);
    else if (product && is_weight(bin_rhs(e)) && !(bin_lhs(e)->dep & (DEP_STATE | DEP_RANDOM)))
        gain = bin_lhs(e);
    else {
        diag_error(e->sp, "'on spike' must add w, or w times a constant, to a state");
        return false;
    }
    ker->spike_target = as->sym;
    ker->spike_gain = gain ? ode_bind(m, p, k, gain) : NULL;
    return true;
}

/* The states declared in a body, in order. */
static int body_states(Node *body, Sym ***out)
{
    int n = 0;
    for (int i = 0; i < body->nkid; i++)
        n += body->kid[i]->kind == N_STATE;
    Sym **v = arena_alloc(sizeof(Sym *) * (size_t)(n ? n : 1));
    for (int i = 0, k = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_STATE)
            v[k++] = body->kid[i]->sym;
    *out = v;
    return n;
}

/* e as sum_j a_j x_j + rest; false (with a message) unless every a_j is constant. */
static bool linear_in(Node *e, Sym **xs, int n, Node **a, Node **rest, Span sp, const char *what)
{
    for (int j = 0; j < n; j++) {
        Node *b;
        if (!ode_affine_sym(e, xs[j], &a[j], &b) || (a[j] && !ode_is_const(a[j]))) {
            diag_error(sp, "%s must be linear in the states, with constant coefficients", what);
            return false;
        }
        e = b;
    }
    *rest = e;
    return true;
}

static bool has_kind(const Node *e, SymKind k)
{
    if (!e)
        return false;
    if (e->kind == N_NAME && e->sym && e->sym->kind == k)
        return true;
    for (int i = 0; i < e->nkid; i++)
        if (has_kind(e->kid[i], k))
            return true;
    return false;
}

/* A modulator: y' = A y + b between arrivals, 'on spike' adds a constant to
 * one state, the output is affine in the states. */
static bool lower_modulator(Model *m, Modulator *md)
{
    Node *body = def_body(md->def);
    Sym **states;
    int ns = body_states(body, &states);
    LinSys *sys = md->sys = linsys_new(ns, states);
    md->impulse = arena_alloc(sizeof(bool) * (size_t)(ns ? ns : 1));
    md->pair_gain = arena_alloc(sizeof(Node *) * (size_t)(ns ? ns : 1));
    for (int i = 0; i < ns; i++) {
        Node *ode = states[i]->ode;
        if (!ode) { /* a state without equation holds what arrives in one step */
            md->impulse[i] = true;
            continue;
        }
        Node *rest;
        if (!linear_in(ode_bind_mod(m, md, deriv_rhs(ode)), states, ns, sys->A[i], &rest, ode->sp,
                       arena_printf("the equation of modulator state '%s'", states[i]->name)))
            return false;
        if (rest && !ode_is_const(rest)) {
            diag_error(ode->sp, "the equation of '%s' must be linear with constant coefficients", states[i]->name);
            return false;
        }
        sys->b[i] = rest;
    }
    for (int i = 0; i < body->nkid; i++) {
        Node *st = body->kid[i];
        if (st->kind == N_ONSPIKE) {
            Node *list = onspike_assigns(st);
            for (int a = 0; a < list->nkid; a++) {
                Node *g = ode_bind_mod(m, md, assign_value(list->kid[a]));
                if (list->kid[a]->op != OP_ADDEQ || !ode_is_const(g)) {
                    diag_error(list->kid[a]->sp, "'on spike' of a modulator adds constants to its states ('state += constant')");
                    return false;
                }
                for (int k = 0; k < ns; k++)
                    if (states[k] == list->kid[a]->sym)
                        sys->gain[k] = g;
            }
        } else if (st->kind == N_ON) { /* on pair */
            Node *list = on_assigns(st);
            for (int a = 0; a < list->nkid; a++) {
                Node *g = ode_bind_mod(m, md, assign_value(list->kid[a]));
                int k = 0;
                while (k < ns && states[k] != list->kid[a]->sym)
                    k++;
                if (list->kid[a]->op != OP_ADDEQ || !md->impulse[k] || has_kind(g, SYM_STATE)) {
                    diag_error(list->kid[a]->sp, "'on pair' adds an expression of delta and parameters to a state "
                                                 "without equation ('state += kappa(delta)')");
                    return false;
                }
                md->pair_gain[k] = g;
            }
        } else if (st->kind == N_OUTPUT) {
            Node *rest;
            if (!linear_in(ode_bind_mod(m, md, output_value(st)), states, ns, sys->out, &rest, st->sp,
                           "the output of a modulator"))
                return false;
            if (rest && !ode_is_const(rest)) {
                diag_error(st->sp, "the output of a modulator must be linear in its states");
                return false;
            }
            sys->out[ns] = rest;
        }
    }
    return true;
}

/* A rule with equations: per-synapse states x' = A x (linear, constant
 * coefficients, no traces), and dw/dt = sum_i x_i (out_mod_i d + out_i). */
static bool lower_rule(Model *m, Proj *pj)
{
    Node *body = def_body(pj->plast), *wode = NULL;
    bool any = false;
    for (int i = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_ODE) {
            any = true;
            if (body->kid[i]->sym->kind == SYM_WEIGHT)
                wode = body->kid[i];
        }
    if (!any)
        return true;
    Sym **xs;
    int nx = body_states(body, &xs);
    if (nx > 7) {
        diag_error(def_name(pj->plast)->sp, "a rule with equations may have at most 7 states");
        return false;
    }
    LinSys *rule = linsys_new(nx, xs);
    pj->eqs = nx ? rule : NULL; /* no states: w changes at events only */
    for (int i = 0; i < nx; i++) {
        Node *ode = xs[i]->ode;
        if (!ode)
            continue;
        Node *rhs = ode_bind_proj(m, pj, deriv_rhs(ode)), *rest;
        if (has_kind(rhs, SYM_TRACE) || has_kind(rhs, SYM_MODPARAM) || has_kind(rhs, SYM_WEIGHT)) {
            diag_error(deriv_rhs(ode)->sp, "the equation of '%s' may use the synapse's states and parameters only",
                       xs[i]->name);
            return false;
        }
        if (!linear_in(rhs, xs, nx, rule->A[i], &rest, ode->sp, arena_printf("the equation of '%s'", xs[i]->name)))
            return false;
        if (rest) {
            diag_error(deriv_rhs(ode)->sp, "the equation of '%s' must not have a constant term", xs[i]->name);
            return false;
        }
    }
    if (!wode)
        return true;
    Node *wrhs = deriv_rhs(wode), *rhs = ode_bind_proj(m, pj, wrhs), *rest = rhs;
    if (has_kind(rhs, SYM_TRACE) || has_kind(rhs, SYM_WEIGHT)) {
        diag_error(wrhs->sp, "dw/dt may use the synapse's states, parameters and a modulator, not w or traces");
        return false;
    }
    Sym *d = NULL;
    Node *formals = def_params(pj->plast);
    for (int i = 0; i < formals->nkid; i++)
        if (!param_default(formals->kid[i])) /* the modulator */
            d = scope_find_local(def_scope(pj->plast), formals->kid[i]->name);
    for (int j = 0; j < nx; j++) {
        Node *a, *b;
        if (!ode_affine_sym(rest, xs[j], &a, &b)) {
            diag_error(wrhs->sp, "dw/dt must be linear in the synapse's states (times a modulator)");
            return false;
        }
        rest = b;
        if (!a)
            continue;
        Node *al = NULL, *be = a;
        if (d && !ode_affine_sym(a, d, &al, &be)) {
            diag_error(wrhs->sp, "dw/dt must be linear in the modulator '%s'", d->name);
            return false;
        }
        if (!ode_is_const(al) || !ode_is_const(be)) {
            diag_error(wrhs->sp, "dw/dt must be (constant + constant * modulator) times each state");
            return false;
        }
        rule->out_mod[j] = al;
        rule->out[j] = be;
    }
    if (rest) {
        diag_error(wrhs->sp, "every term of dw/dt must contain a state of the synapse");
        return false;
    }
    return true;
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

bool lower_model(Model *m)
{
    for (int i = 0; i < m->mods.n; i++)
        if (!lower_modulator(m, m->mods.v[i]))
            return false;
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (pj->plast && !lower_rule(m, pj))
            return false;
    }
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        for (int k = 0; k < p->kernels.n; k++)
            if (!lower_kernel(m, p, k))
                return false;
    }
    /* a recorded input is the output state of the one kernel feeding it */
    for (int i = 0; i < m->records.n; i++) {
        Record *r = m->records.v[i];
        if (r->kind != REC_STATE || r->mod >= 0 || r->var->kind != SYM_PORT)
            continue;
        Pop *p = m->pops.v[r->pop];
        int n = 0;
        for (int k = 0; k < p->kernels.n; k++)
            n += ((Kernel *)p->kernels.v[k])->port == r->var;
        if (n != 1) {
            diag_error(r->sp, n ? "input '%s' of '%s' is fed by %d different synapse kernels; it cannot be recorded as one value"
                                : "nothing is connected to input '%s' of '%s'%.0d; there is nothing to record",
                       r->var->name, p->name, n);
            return false;
        }
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
