/*
 * sema_def.c: the definitions a model is built from -- neurons, synapse
 * kernels, plasticity rules and modulator kinds.  Each gets its own scope
 * below the globals, holding its parameters and what its body declares
 * (states, inputs, noise, named expressions, traces, w); bodies are checked
 * in passes so that statements may come in any order: declarations, then
 * dimensions and initial values, then equations and events.  Locality is
 * checked here: a rule reads only its synapse, its two neurons' traces and
 * its modulator.
 */
#include "sema.h"

#include <string.h>

/* ---- parameters and declared dimensions ---------------------------------- */

/* The dimension a declaration names.  In a plasticity rule 'weight' names the
 * dimension of its w: the one its header names, or in a rule declared
 * ': weight' the variable that each use fixes. */
static bool decl_dim(Node *def, Scope *sc, Node *n, Dim *d)
{
    Sym *w = def->kind == N_PLASTICITY && strcmp(n->name, "weight") == 0 ? scope_find_local(sc, "w") : NULL;
    if (w) {
        *d = w->dim;
        return true;
    }
    if (dim_by_name(n->name, d))
        return true;
    unknown_dimension(n);
    return false;
}

/* A plain 0, without a unit: in a rule, zero of whatever dimension is
 * expected (a rule generic over its weight has no unit to write a zero
 * weight with). */
static bool is_zero(Node *e)
{
    double v;
    return is_number_literal(e) && sema_const_eval(e, &v) && v == 0;
}

/* A value of a generic rule found of a concrete dimension where the weight's is
 * expected, or the other way round: say how a generic rule declares them. */
static void generic_hint(Node *def, Node *at, Dim got, Dim want)
{
    if (def->kind == N_PLASTICITY && dim_generic(got) != dim_generic(want))
        diag_note(at->sp, "in rule '%s', generic over its weight, parameters and states in the weight's unit are "
                          "declared ': weight', as in 'A_plus : weight = 0.01 nS' and 'state e : weight = 0'", def->name);
}

/* check_dim for a value of dimension want in a definition: in a rule a plain 0
 * fits, and a generic rule's mismatch comes with the hint */
static bool check_def_value(Node *def, Node *e, Ctx *c, Dim want, const char *what)
{
    if (def->kind == N_PLASTICITY && is_zero(e)) {
        e->ty = want;
        return true;
    }
    if (!check_dim(e, c, NULL, what))
        return false;
    if (dim_eq(e->ty, want))
        return true;
    check_dim(e, c, &want, what); /* the message */
    generic_hint(def, e, e->ty, want);
    return false;
}

static Dim param_ty(Node *f) { return param_default(f)->ty; }

/* The parameters of a definition.  'NAME = default' takes the default's
 * dimension; 'NAME : DIMENSION = default' declares the dimension, and the
 * default must have it -- except that in a rule generic over its weight the
 * default of a 'weight' parameter may be an example in a concrete unit (1 nS),
 * a default only where the rule changes weights of that dimension; the uses on
 * other weights give the value (check_rule_use).  Every such example of a rule
 * is of one dimension.  'NAME : modulator' is a rule's modulator. */
static bool check_formals(Node *def, Scope *sc)
{
    bool ok = true;
    Node *formals = def_params(def), *example = NULL; /* the first formal with an example default */
    Ctx c = {sc, 0, "a parameter default"};
    for (int i = 0; i < formals->nkid; i++) {
        Node *f = list_at(formals, i), *dflt = param_default(f), *ty = param_type(f);
        if (!dflt) { /* "d : modulator" */
            if (def->kind != N_PLASTICITY || strcmp(ty->name, "modulator") != 0) {
                if (def->kind == N_PLASTICITY)
                    diag_error(ty->sp, "parameter '%s' needs a default, as in '%s : %s = ...'; only a modulator "
                                       "('%s : modulator') has none", f->name, f->name, ty->name, f->name);
                else
                    diag_error(ty->sp, "only plasticity rules take parameters without a default (modulators)");
                ok = false;
                continue;
            }
            Sym *y = declare(sc, SYM_MODPARAM, param_name(f), f);
            if (y) {
                y->dim = DIM_NONE;
                y->owner = def;
            } else
                ok = false;
            continue;
        }
        Dim want;
        if (ty && !decl_dim(def, sc, ty, &want)) {
            ok = false;
            continue;
        }
        const char *what = arena_printf("the default of '%s'", f->name);
        if (!check_dim(dflt, &c, NULL, what)) {
            ok = false;
            continue;
        }
        if (ty && def->kind == N_PLASTICITY && is_zero(dflt)) /* a plain 0 fits */
            dflt->ty = want;
        if (ty && !dim_eq(dflt->ty, want)) {
            if (!dim_generic(want) || dim_generic(dflt->ty)) {
                check_dim(dflt, &c, &want, what); /* the message */
                generic_hint(def, dflt, dflt->ty, want);
                ok = false;
                continue;
            }
            if (example && !dim_eq(param_ty(example), dflt->ty)) {
                diag_error(dflt->sp, "the default of '%s' is %s, but that of '%s' is %s: the defaults of a generic "
                                     "rule's weights are for one dimension", f->name, dim_str(dflt->ty), example->name,
                           dim_str(param_ty(example)));
                diag_note(example->sp, "'%s' declared here", example->name);
                ok = false;
                continue;
            }
            example = f;
        }
        Sym *y = declare(sc, SYM_PARAM, param_name(f), f);
        if (y) {
            y->dim = ty ? want : dflt->ty;
            y->owner = def;
        } else
            ok = false;
    }
    return ok;
}

/* ---- neurons and synapse kernels ----------------------------------------- */

static bool check_assigns(Node *list, Scope *sc, const char *where, bool synapse)
{
    bool ok = true;
    Ctx c = {sc, ALLOW_STATE, where};
    for (int i = 0; i < list->nkid; i++) {
        Node *a = list_at(list, i);
        Sym *y = scope_find(sc, a->name);
        if (!y || y->kind != SYM_STATE) {
            if (y)
                diag_error(assign_target(a)->sp, "cannot assign to %s '%s' in %s; only state variables change",
                           sym_what(y->kind), a->name, where);
            else
                diag_error(assign_target(a)->sp, "unknown state variable '%s'%s", a->name, misspelt_state(sc, a->name));
            ok = false;
            continue;
        }
        assign_target(a)->sym = y;
        a->sym = y;
        Node *e = assign_value(a);
        if (!check_expr(e, &c)) {
            ok = false;
            continue;
        }
        if (e->dep & DEP_NOISE) {
            diag_error(e->sp, "white noise can only be used in a differential equation, not in %s", where);
            ok = false;
            continue;
        }
        Dim want = a->op == OP_MULEQ ? DIM_NONE : y->dim;
        if (e->is_bool || !dim_eq(e->ty, want)) {
            if (is_number_literal(e) && !dim_is_none(want))
                diag_error(e->sp, "dimensionless number where %s is expected", dim_str(want));
            else
                diag_error(e->sp, "cannot assign %s to '%s', which is %s", e->is_bool ? "a condition" : dim_str(e->ty),
                           a->name, dim_str(want));
            diag_note(y->decl->sp, "'%s' declared here", a->name);
            ok = false;
        }
    }
    (void)synapse;
    return ok;
}

/* Aliases may refer to each other in any order; resolve with cycle detection. */
static bool check_alias(Sym *y, Scope *sc, int depth);
enum { ALIAS_MAX_NODES = 100000 };

/* The named expressions used in n are checked before the one using them. */
static bool check_alias_uses(Node *n, Sym *y, Scope *sc, int depth)
{
    if (n->kind == N_NAME) {
        Sym *z = scope_find(sc, n->name);
        if (z == y) {
            diag_error(n->sp, "expression '%s' refers to itself", y->name);
            return false;
        }
        /* one already too large was reported; those using it are not again */
        if (z && z->kind == SYM_ALIAS && (!check_alias(z, sc, depth + 1) || z->expanded > ALIAS_MAX_NODES))
            return false;
    }
    for (int i = 0; i < n->nkid; i++)
        if (n->kid[i] && !check_alias_uses(n->kid[i], y, sc, depth))
            return false;
    return true;
}

/* Nodes of e with the named expressions in it written out, as the equations
 * will be (saturating at ALIAS_MAX_NODES: 40 names, each twice the one before,
 * would be 2^40 nodes). */
static long expanded_size(Node *e, Scope *sc)
{
    if (e->kind == N_NAME) {
        Sym *z = scope_find(sc, e->name);
        return z && z->kind == SYM_ALIAS ? z->expanded : 1;
    }
    long n = 1;
    for (int i = 0; i < e->nkid && n <= ALIAS_MAX_NODES; i++)
        if (e->kid[i])
            n += expanded_size(e->kid[i], sc);
    return n;
}

/* NAME = expression (a named expression, written out wherever it is used) */
static bool check_alias(Sym *y, Scope *sc, int depth)
{
    Node *decl = y->decl;
    if (y->expanded)
        return true; /* done */
    if (depth > 64) {
        diag_error(decl->sp, "expression '%s' refers to itself", y->name);
        return false;
    }
    Ctx c = {sc, ALLOW_STATE | ALLOW_NOISE, "an expression"};
    Node *e = alias_value(decl);
    if (!check_alias_uses(e, y, sc, depth) || !check_dim(e, &c, NULL, arena_printf("'%s'", y->name)))
        return false;
    y->dim = e->ty;
    y->expanded = expanded_size(e, sc);
    if (y->expanded > ALIAS_MAX_NODES) {
        diag_error(decl->sp, "'%s' written out would be more than %d terms (named expressions are expanded where they "
                             "are used); write it with fewer repetitions", y->name, ALIAS_MAX_NODES);
        return false;
    }
    return true;
}

/* A synapse's 'on spike' is one 'state += w * gain', the gain free of states
 * and draws: lower.c sums the arriving weights in a delay ring and applies
 * the gain once per step. */
static bool is_weight(const Node *e) { return e->kind == N_NAME && e->sym && e->sym->kind == SYM_WEIGHT; }

static bool check_kernel_spike(Node *def, Node *on)
{
    Node *list = onspike_assigns(on);
    if (list->nkid != 1 || list_at(list, 0)->op != OP_ADDEQ) {
        diag_error(on->sp, "'on spike' of synapse '%s' must be one statement 'state += expression of w'", def->name);
        return false;
    }
    Node *e = assign_value(list_at(list, 0));
    bool product = e->kind == N_BINARY && e->op == OP_MUL;
    if (is_weight(e) || (product && is_weight(bin_lhs(e)) && !(bin_rhs(e)->dep & (DEP_STATE | DEP_RANDOM))) ||
        (product && is_weight(bin_rhs(e)) && !(bin_lhs(e)->dep & (DEP_STATE | DEP_RANDOM))))
        return true;
    diag_error(e->sp, "'on spike' must add w, or w times a constant, to a state");
    return false;
}

/* body -> (state | input | noise | NAME '=' expr | dX/dt '=' expr | threshold | reset | refractory
 *          | on spike | output | method)*, checked in three passes so that order does not matter */
static bool check_neuron_body(Node *def, Scope *sc, bool synapse, Dim wdim)
{
    bool ok = true;
    Node *body = def_body(def);
    Node *threshold = NULL, *refractory = NULL, *reset = NULL, *output = NULL, *onspike = NULL, *method = NULL;
    /* pass 1: declare every name so that order does not matter */
    for (int i = 0; i < body->nkid; i++) {
        Node *st = list_at(body, i);
        Sym *y;
        switch (st->kind) {
        case N_STATE:
            if ((y = declare(sc, SYM_STATE, state_name(st), st))) {
                y->owner = def;
                st->sym = y;
            } else
                ok = false;
            break;
        case N_INPUT:
            if (synapse) {
                diag_error(st->sp, "a synapse has no inputs; inputs belong to neurons");
                ok = false;
                break;
            }
            if ((y = declare(sc, SYM_PORT, input_name(st), st))) {
                y->owner = def;
                st->sym = y;
                if (!dim_by_name(input_dim(st)->name, &y->dim)) {
                    unknown_dimension(input_dim(st));
                    ok = false;
                }
            } else
                ok = false;
            break;
        case N_NOISE:
            if (synapse) {
                diag_error(st->sp, "noise sources belong to neurons, not to synapse kernels");
                ok = false;
                break;
            }
            for (int k = 0; k < noise_names(st)->nkid; k++) {
                Node *nm = list_at(noise_names(st), k);
                if ((y = declare(sc, SYM_NOISE, nm, nm))) {
                    y->owner = def;
                    nm->sym = y;
                    dim_pow(dim_time(), -0.5, &y->dim);
                } else
                    ok = false;
            }
            break;
        case N_ALIAS:
            if ((y = declare(sc, SYM_ALIAS, alias_name(st), st))) {
                y->owner = def;
                st->sym = y;
            } else
                ok = false;
            break;
        default:
            break;
        }
    }
    if (!ok)
        return false;
    /* pass 2: state dimensions (from the declared dimension or the initial value) */
    Ctx init = {sc, ALLOW_RANDOM, "an initial value"};
    for (int i = 0; i < body->nkid; i++) {
        Node *st = list_at(body, i);
        if (st->kind != N_STATE)
            continue;
        Sym *y = st->sym;
        Node *val = state_init(st), *ty = state_dim(st);
        bool have = false;
        if (ty) {
            if (!dim_by_name(ty->name, &y->dim)) {
                unknown_dimension(ty);
                ok = false;
                continue;
            }
            have = true;
        }
        if (val) {
            if (!check_dim(val, &init, have ? &y->dim : NULL, arena_printf("the initial value of '%s'", y->name))) {
                ok = false;
                continue;
            }
            if (!have)
                y->dim = val->ty;
        }
    }
    if (!ok)
        return false;
    for (int i = 0; i < body->nkid; i++)
        if (list_at(body, i)->kind == N_ALIAS && !check_alias(list_at(body, i)->sym, sc, 0))
            ok = false;
    if (!ok)
        return false;
    /* pass 3: equations and events */
    Ctx eq = {sc, ALLOW_STATE | ALLOW_NOISE, "a differential equation"};
    for (int i = 0; i < body->nkid; i++) {
        Node *st = list_at(body, i);
        switch (st->kind) {
        case N_ODE: {
            Node *var = deriv_var(st), *rhs = deriv_rhs(st);
            Sym *y = scope_find(sc, var->name);
            if (!y || y->kind != SYM_STATE) {
                if (y)
                    diag_error(var->sp, "'%s' is %s %s, not a state variable; only states have equations",
                               var->name, y->kind == SYM_ALIAS || y->kind == SYM_STATE ? "an" : "a",
                               sym_what(y->kind));
                else if (*misspelt_state(sc, var->name))
                    diag_error(var->sp, "equation for undeclared state '%s'%s", var->name, misspelt_state(sc, var->name));
                else
                    diag_error(var->sp, "equation for undeclared state '%s' (declare it with 'state %s = ...')",
                               var->name, var->name);
                ok = false;
                break;
            }
            if (y->ode) {
                diag_error(var->sp, "second equation for '%s'", var->name);
                diag_note(y->ode->sp, "first equation is here");
                ok = false;
                break;
            }
            y->ode = st;
            var->sym = y;
            st->sym = y;
            Dim want = dim_div(y->dim, dim_time());
            if (!check_expr(rhs, &eq)) {
                ok = false;
                break;
            }
            if (rhs->is_bool || !dim_eq(rhs->ty, want)) {
                diag_error(rhs->sp, "unit mismatch: d%s/dt must be %s, but the right-hand side is %s",
                           var->name, dim_str(want), rhs->is_bool ? "a condition" : dim_str(rhs->ty));
                diag_note(y->decl->sp, "'%s' is %s", var->name, dim_str(y->dim));
                ok = false;
            }
            break;
        }
        case N_THRESHOLD: {
            if (synapse) {
                diag_error(st->sp, "a synapse has no threshold");
                ok = false;
                break;
            }
            if (threshold) {
                diag_error(st->sp, "second threshold");
                diag_note(threshold->sp, "first threshold is here");
                ok = false;
                break;
            }
            threshold = st;
            Ctx c = {sc, ALLOW_STATE | ALLOW_STEP_RAND, "a threshold"};
            Node *cond = threshold_cond(st);
            if (!check_expr(cond, &c)) {
                ok = false;
                break;
            }
            if (!cond->is_bool) {
                diag_error(cond->sp, "a threshold must be a condition such as 'v > V_th'");
                ok = false;
            } else if (cond->dep & DEP_NOISE) {
                diag_error(cond->sp, "white noise can only be used in a differential equation, not in a threshold");
                ok = false;
            }
            break;
        }
        case N_REFRACTORY: {
            if (synapse) {
                diag_error(st->sp, "a synapse has no refractory period");
                ok = false;
                break;
            }
            if (refractory) {
                diag_error(st->sp, "second refractory period");
                ok = false;
                break;
            }
            refractory = st;
            Ctx c = {sc, 0, "a refractory period"};
            Dim t = dim_time();
            ok = check_dim(refractory_period(st), &c, &t, "the refractory period") && ok;
            break;
        }
        case N_RESET:
            if (synapse) {
                diag_error(st->sp, "a synapse has no reset; use 'on spike'");
                ok = false;
                break;
            }
            if (reset) {
                diag_error(st->sp, "second reset");
                ok = false;
                break;
            }
            reset = st;
            ok = check_assigns(reset_assigns(st), sc, "a reset", false) && ok;
            break;
        case N_ONSPIKE:
            if (!synapse) {
                diag_error(st->sp, "'on spike' belongs to synapses; a neuron uses 'reset'");
                ok = false;
                break;
            }
            onspike = st;
            ok = check_assigns(onspike_assigns(st), sc, "'on spike'", true) && ok;
            break;
        case N_OUTPUT: {
            if (!synapse) {
                diag_error(st->sp, "'output' belongs to synapses");
                ok = false;
                break;
            }
            output = st;
            Node *v = output_value(st);
            Sym *y = v->kind == N_NAME ? scope_find(sc, v->name) : NULL;
            if (!y || y->kind != SYM_STATE) {
                diag_error(v->sp, "the output of a synapse must be one of its state variables");
                ok = false;
                break;
            }
            st->sym = y;
            if (!dim_eq(y->dim, wdim)) {
                diag_error(v->sp, "output '%s' is %s but the synapse is declared %s", y->name,
                           dim_str(y->dim), dim_str(wdim));
                ok = false;
            }
            break;
        }
        case N_METHOD: {
            const char *mname = method_name(st)->name;
            if (synapse) {
                diag_error(st->sp, "'method' belongs to neurons; kernel equations are always linear and exact");
                ok = false;
                break;
            }
            if (method) {
                diag_error(st->sp, "second 'method'");
                ok = false;
                break;
            }
            if (strcmp(mname, "exact") && strcmp(mname, "exponential_euler") && strcmp(mname, "euler")) {
                diag_error(method_name(st)->sp, "unknown integration method '%s' (exact, exponential_euler or euler)",
                           mname);
                ok = false;
            }
            method = st;
            break;
        }
        default:
            break;
        }
    }
    if (!ok)
        return false;
    /* every state without an equation and not set by events is a constant */
    if (synapse) {
        if (!onspike) {
            diag_error(def_name(def)->sp, "synapse '%s' has no 'on spike' statement", def->name);
            return false;
        }
        if (!output) {
            diag_error(def_name(def)->sp, "synapse '%s' has no 'output'", def->name);
            return false;
        }
        if (!check_kernel_spike(def, onspike))
            return false;
    }
    (void)method;
    return true;
}

/* neuron NAME(params) { body }  |  synapse NAME(params) : DIMENSION { body } */
bool check_definition(Sema *s, Node *def)
{
    bool synapse = def->kind == N_SYNAPSE;
    Scope *sc = scope_new(s->g);
    def->scope = sc;
    bool ok = check_formals(def, sc);
    Dim wdim = DIM_NONE;
    if (synapse) {
        Node *dn = def_weight_dim(def);
        if (!dim_by_name(dn->name, &wdim)) {
            unknown_dimension(dn);
            return false;
        }
        Sym *w = scope_add(sc, SYM_WEIGHT, "w", NULL);
        w->dim = wdim;
    }
    if (!ok)
        return false;
    return check_neuron_body(def, sc, synapse, wdim);
}

/* ---- plasticity rules ---------------------------------------------------- */

/* The first name in e that is a per-synapse value (w or a rule state). */
static Node *uses_synapse(Node *e)
{
    if (!e)
        return NULL;
    if (e->kind == N_NAME && e->sym && (e->sym->kind == SYM_WEIGHT || e->sym->kind == SYM_STATE))
        return e;
    for (int i = 0; i < e->nkid; i++) {
        Node *n = uses_synapse(e->kid[i]);
        if (n)
            return n;
    }
    return NULL;
}

/* on pre / on post: each assignment changes the weight, a state of the
 * synapse, or a trace of this handler's own side (traces are per neuron and
 * change once per spike, after the synapse statements). */
static bool check_handler(Node *rule, Node *on, Scope *sc)
{
    bool ok = true, post = on_post(on);
    const char *where = post ? "'on post'" : "'on pre'";
    Ctx c = {sc, ALLOW_STATE, where};
    Node *list = on_assigns(on);
    for (int i = 0; i < list->nkid; i++) {
        Node *a = list_at(list, i), *target = assign_target(a), *e = assign_value(a);
        Sym *y = scope_find(sc, a->name);
        if (!y || (y->kind != SYM_STATE && y->kind != SYM_WEIGHT && y->kind != SYM_TRACE)) {
            if (y) {
                diag_error(target->sp, "cannot assign to %s '%s'; a rule changes w, its states and its traces",
                           sym_what(y->kind), a->name);
            } else {
                static const SymKind changing[] = {SYM_STATE, SYM_WEIGHT, SYM_TRACE};
                Suggest g;
                suggest_init(&g, a->name);
                offer_local(&g, sc, changing, 3);
                diag_error(target->sp, "unknown name '%s'%s", a->name, did_you_mean(&g));
            }
            ok = false;
            continue;
        }
        if (y->kind == SYM_TRACE && trace_post(y->decl) != post) {
            diag_error(target->sp, "trace '%s' belongs to the %s neuron; %s can only change %s traces", a->name,
                       post ? "presynaptic" : "postsynaptic", where, post ? "post" : "pre");
            diag_note(y->decl->sp, "'%s' declared here", a->name);
            ok = false;
            continue;
        }
        target->sym = y;
        a->sym = y;
        if (!check_expr(e, &c)) {
            ok = false;
            continue;
        }
        Node *bad = y->kind == SYM_TRACE ? uses_synapse(e) : NULL;
        if (bad) {
            diag_error(bad->sp, "a trace belongs to a neuron, so its update cannot read '%s' of one synapse", bad->name);
            ok = false;
            continue;
        }
        Dim want = a->op == OP_MULEQ ? DIM_NONE : y->dim;
        if (is_zero(e)) /* a plain 0 fits */
            e->ty = want;
        if (e->is_bool || !dim_eq(e->ty, want)) {
            diag_error(e->sp, "cannot assign %s to '%s', which is %s", e->is_bool ? "a condition" : dim_str(e->ty),
                       a->name, dim_str(want));
            if (!e->is_bool)
                generic_hint(rule, e, e->ty, want);
            ok = false;
        }
    }
    return ok;
}

/* A state of a rule or modulator: 'state X = initial value', the value's unit
 * giving X's, or 'state X : DIMENSION = initial value' (in a rule, a plain 0
 * fits any dimension). */
static bool declare_state(Scope *sc, Node *def, Node *st, Ctx *init, const char *needs_init)
{
    Node *val = state_init(st), *ty = state_dim(st);
    if (!val) {
        diag_error(st->sp, "%s", needs_init);
        return false;
    }
    const char *what = arena_printf("the initial value of '%s'", st->name);
    Dim d;
    if (ty ? !decl_dim(def, sc, ty, &d) || !check_def_value(def, val, init, d, what) : !check_dim(val, init, NULL, what))
        return false;
    Sym *y = declare(sc, SYM_STATE, state_name(st), st);
    if (!y)
        return false;
    y->owner = def;
    y->dim = ty ? d : val->ty;
    st->sym = y;
    return true;
}

/* dX/dt = RHS in a rule or modulator def: X one of its states ('w' too in a
 * rule), one equation each, RHS in X's unit per second.  not_state is the
 * message (with X's name) for anything else. */
static bool check_state_ode(Node *def, Scope *sc, Node *st, const char *not_state, const char *what)
{
    bool weight_ok = def->kind == N_PLASTICITY;
    Node *var = deriv_var(st), *rhs = deriv_rhs(st);
    Sym *y = scope_find_local(sc, var->name);
    if (!y || (y->kind != SYM_STATE && !(weight_ok && y->kind == SYM_WEIGHT))) {
        diag_error(var->sp, not_state, var->name);
        return false;
    }
    if (y->ode) {
        diag_error(var->sp, "second equation for '%s'", var->name);
        return false;
    }
    y->ode = st;
    st->sym = y;
    Ctx ec = {sc, ALLOW_STATE, what};
    Dim want = dim_div(y->dim, dim_time());
    if (!check_expr(rhs, &ec))
        return false;
    if (rhs->is_bool || !dim_eq(rhs->ty, want)) {
        diag_error(rhs->sp, "unit mismatch: d%s/dt must be %s, but the right-hand side is %s", var->name,
                   dim_str(want), rhs->is_bool ? "a condition" : dim_str(rhs->ty));
        if (!rhs->is_bool)
            generic_hint(def, rhs, rhs->ty, want);
        return false;
    }
    return true;
}

/* A rule with equations: its states x' = A x (constant coefficients, no
 * traces, at most 7 states), and dw/dt = sum_i x_i (c_i + c'_i d) with d the
 * modulator -- the form lower.c takes apart and cgen_plast.c integrates. */
static bool check_rule_equations(Node *def)
{
    Node *body = def_body(def), *wode;
    if (!lin_rule_equations(body, &wode))
        return true;
    Sym **xs;
    int nx = lin_states(body, &xs);
    if (nx > 7) {
        diag_error(def_name(def)->sp, "a rule with equations may have at most 7 states");
        return false;
    }
    Node **a = arena_alloc(sizeof(Node *) * (size_t)(nx ? nx : 1)), *rest;
    for (int i = 0; i < nx; i++) {
        Node *ode = xs[i]->ode;
        if (!ode)
            continue;
        Node *rhs = deriv_rhs(ode);
        if (lin_mentions(rhs, SYM_TRACE) || lin_mentions(rhs, SYM_MODPARAM) || lin_mentions(rhs, SYM_WEIGHT)) {
            diag_error(rhs->sp, "the equation of '%s' may use the synapse's states and parameters only", xs[i]->name);
            return false;
        }
        if (!lin_in(rhs, xs, nx, a, &rest)) {
            diag_error(ode->sp, "the equation of '%s' must be linear in the states, with constant coefficients",
                       xs[i]->name);
            return false;
        }
        if (rest) {
            diag_error(rhs->sp, "the equation of '%s' must not have a constant term", xs[i]->name);
            return false;
        }
    }
    if (!wode)
        return true;
    Node *wrhs = deriv_rhs(wode);
    rest = wrhs;
    if (lin_mentions(wrhs, SYM_TRACE) || lin_mentions(wrhs, SYM_WEIGHT)) {
        diag_error(wrhs->sp, "dw/dt may use the synapse's states, parameters and a modulator, not w or traces");
        return false;
    }
    Sym *d = NULL; /* the modulator: the parameter without default */
    Node *formals = def_params(def);
    for (int i = 0; i < formals->nkid; i++)
        if (!param_default(formals->kid[i]))
            d = scope_find_local(def_scope(def), formals->kid[i]->name);
    for (int j = 0; j < nx; j++) {
        Node *aj, *b;
        if (!lin_affine_sym(rest, xs[j], &aj, &b)) {
            diag_error(wrhs->sp, "dw/dt must be linear in the synapse's states (times a modulator)");
            return false;
        }
        rest = b;
        if (!aj)
            continue;
        Node *al = NULL, *be = aj;
        if (d && !lin_affine_sym(aj, d, &al, &be)) {
            diag_error(wrhs->sp, "dw/dt must be linear in the modulator '%s'", d->name);
            return false;
        }
        if (!lin_is_const(al) || !lin_is_const(be)) {
            diag_error(wrhs->sp, "dw/dt must be (constant + constant * modulator) times each state");
            return false;
        }
    }
    if (rest) {
        diag_error(wrhs->sp, "every term of dw/dt must contain a state of the synapse");
        return false;
    }
    return true;
}

/* plasticity NAME(params) : DIMENSION { trace | state | on pre | on post | bounds } */
bool check_plasticity(Sema *s, Node *def)
{
    Scope *sc = scope_new(s->g);
    def->scope = sc;
    /* ': weight': generic, the variable standing for the weight of each use */
    Dim wdim = dim_weight();
    Node *dn = def_weight_dim(def);
    if (strcmp(dn->name, "weight") != 0 && !dim_by_name(dn->name, &wdim)) {
        unknown_dimension(dn);
        return false;
    }
    Sym *w = scope_add(sc, SYM_WEIGHT, "w", NULL);
    w->dim = wdim;
    if (!check_formals(def, sc))
        return false;
    Node *body = def_body(def);
    bool ok = true;
    Ctx pc = {sc, 0, "a trace time constant"};
    Ctx init = {sc, 0, "an initial value"};
    Dim t = dim_time();
    /* declarations first, so that handlers may use them in any order */
    for (int i = 0; i < body->nkid; i++) {
        Node *st = list_at(body, i);
        Sym *y;
        switch (st->kind) {
        case N_TRACE: {
            const char *side = trace_side(st)->name;
            if (strcmp(trace_decay_word(st)->name, "decay") != 0) {
                diag_error(trace_decay_word(st)->sp, "expected 'decay' and the time constant, as in 'trace x : pre, decay tau'");
                ok = false;
                break;
            }
            if (strcmp(side, "pre") && strcmp(side, "post")) {
                diag_error(trace_side(st)->sp, "a trace belongs to the 'pre' or the 'post' neuron, not '%s'", side);
                ok = false;
                break;
            }
            if (!check_dim(trace_tau(st), &pc, &t, "the decay time constant of a trace")) {
                ok = false;
                break;
            }
            if (trace_gap_word(st) && strcmp(trace_gap_word(st)->name, "gap") != 0) {
                diag_error(trace_gap_word(st)->sp, "expected 'gap' and a time, as in 'trace x : pre, decay tau, gap 0.5 ms'");
                ok = false;
                break;
            }
            if (trace_gap(st) && !check_dim(trace_gap(st), &pc, &t, "the pairing gap of a trace")) {
                ok = false;
                break;
            }
            if ((y = declare(sc, SYM_TRACE, trace_name(st), st)))
                y->owner = def;
            else
                ok = false;
            break;
        }
        case N_STATE:
            ok = declare_state(sc, def, st, &init, "a synapse state of a rule needs an initial value") && ok;
            break;
        case N_ON:
        case N_BOUNDS:
            break;
        case N_ODE:
            break;
        default:
            diag_error(st->sp, "a plasticity rule holds traces, states, equations, 'on pre', 'on post' and bounds "
                               "'x in [lo, hi]'");
            ok = false;
        }
    }
    if (!ok)
        return false;
    bool seen[2] = {false, false};
    for (int i = 0; i < body->nkid; i++) {
        Node *st = list_at(body, i);
        if (st->kind == N_ODE) {
            ok = check_state_ode(def, sc, st, "equations in a rule are for 'w' and the synapse's states, not '%s'",
                                 "an equation of a rule") && ok;
        } else if (st->kind == N_ON) {
            const char *side = on_event(st)->name;
            int k = strcmp(side, "pre") == 0 ? 0 : strcmp(side, "post") == 0 ? 1 : -1;
            if (k < 0) {
                diag_error(on_event(st)->sp, "a rule reacts 'on pre' or 'on post' spikes, not 'on %s'", side);
                ok = false;
                continue;
            }
            if (seen[k]) {
                diag_error(st->sp, "second 'on %s'", side);
                ok = false;
                continue;
            }
            seen[k] = true;
            ok = check_handler(def, st, sc) && ok;
        } else if (st->kind == N_BOUNDS) {
            Sym *y = scope_find_local(sc, st->name);
            if (!y || (y->kind != SYM_WEIGHT && y->kind != SYM_STATE)) {
                diag_error(bounds_var(st)->sp, "bounds apply to 'w' or a state of the synapse, not '%s'", st->name);
                ok = false;
                continue;
            }
            st->sym = y;
            Ctx bc = {sc, 0, "a bound"};
            const char *what = arena_printf("a bound of '%s'", y->name);
            bool lo_ok = check_def_value(def, bounds_lo(st), &bc, y->dim, what);
            bool hi_ok = check_def_value(def, bounds_hi(st), &bc, y->dim, what);
            ok = lo_ok && hi_ok && ok;
        }
    }
    return ok && check_rule_equations(def);
}

/* A rule where a connection uses it: one declared with a dimension changes
 * weights of that dimension only; a generic one takes the synapse's as its
 * 'weight', and a parameter left at its default must then have a default of
 * the dimension this gives it (an example default of another weight does
 * not).  The arguments were checked against the same dimensions
 * (check_connect). */
bool check_rule_use(Node *rule, Node *call, const RuleUse *u)
{
    Sym *rw = scope_find_local(def_scope(rule), "w");
    if (!dim_generic(rw->dim)) {
        if (dim_eq(rw->dim, u->w))
            return true;
        diag_error(call->sp, "rule '%s' changes %s weights but synapse '%s' takes %s weights", rule->name,
                   dim_short(rw->dim), u->sdef->name, dim_short(u->w));
        return false;
    }
    Node *formals = def_params(rule), *args = call_args(call);
    bool ok = true;
    for (int i = 0; i < formals->nkid; i++) {
        Node *f = list_at(formals, i), *dflt = param_default(f);
        bool given = false;
        for (int k = 0; k < args->nkid; k++)
            given |= arg_name(list_at(args, k)) && strcmp(arg_name(list_at(args, k))->name, f->name) == 0;
        Sym *y = scope_find_local(def_scope(rule), f->name);
        if (given || !dflt || !dim_generic(y->dim) || dim_eq(dim_subst(dflt->ty, u->w), dim_subst(y->dim, u->w)))
            continue;
        diag_error(call->sp, "rule '%s' needs '%s' here: its default %s is %s, but synapse '%s' takes %s weights",
                   rule->name, f->name, node_text(dflt), dim_str(dflt->ty), u->sdef->name, dim_short(u->w));
        diag_note(f->sp, "'%s' declared here", f->name);
        ok = false;
    }
    return ok;
}

/* After a message on an argument of a generic rule: where its weight comes from. */
void rule_use_note(const RuleUse *u, Node *rule)
{
    diag_note(u->syn->sp, "rule '%s' is generic over its weight, here %s: the weight of synapse '%s'", rule->name,
              dim_str(u->w), u->sdef->name);
}

/* ---- modulator kinds ----------------------------------------------------- */

/* A modulator is y' = A y + b between arrivals (constant coefficients); 'on
 * spike' adds constants to its states, 'on pair' an expression of delta and
 * parameters to a state without equation; the output is affine in the
 * states.  lower.c builds its linear system from these. */
static bool check_mod_linear(Node *def)
{
    Node *body = def_body(def);
    Sym **states;
    int ns = lin_states(body, &states);
    Node **a = arena_alloc(sizeof(Node *) * (size_t)(ns + 1)), *rest;
    for (int i = 0; i < ns; i++) {
        Node *ode = states[i]->ode;
        if (!ode)
            continue;
        if (!lin_in(deriv_rhs(ode), states, ns, a, &rest)) {
            diag_error(ode->sp, "the equation of modulator state '%s' must be linear in the states, with constant "
                                "coefficients", states[i]->name);
            return false;
        }
        if (!lin_is_const(rest)) {
            diag_error(ode->sp, "the equation of '%s' must be linear with constant coefficients", states[i]->name);
            return false;
        }
    }
    for (int i = 0; i < body->nkid; i++) {
        Node *st = body->kid[i];
        if (st->kind == N_ONSPIKE) {
            Node *list = onspike_assigns(st);
            for (int k = 0; k < list->nkid; k++)
                if (list->kid[k]->op != OP_ADDEQ || !lin_is_const(assign_value(list->kid[k]))) {
                    diag_error(list->kid[k]->sp, "'on spike' of a modulator adds constants to its states ('state += constant')");
                    return false;
                }
        } else if (st->kind == N_ON) { /* on pair */
            Node *list = on_assigns(st);
            for (int k = 0; k < list->nkid; k++) {
                Node *as = list->kid[k];
                if (as->op != OP_ADDEQ || as->sym->ode || lin_mentions(assign_value(as), SYM_STATE)) {
                    diag_error(as->sp, "'on pair' adds an expression of delta and parameters to a state "
                                       "without equation ('state += kappa(delta)')");
                    return false;
                }
            }
        } else if (st->kind == N_OUTPUT) {
            if (!lin_in(output_value(st), states, ns, a, &rest)) {
                diag_error(st->sp, "the output of a modulator must be linear in the states, with constant coefficients");
                return false;
            }
            if (!lin_is_const(rest)) {
                diag_error(st->sp, "the output of a modulator must be linear in its states");
                return false;
            }
        }
    }
    return true;
}

/* modulator KIND(params) { state | equations | on spike | output } */
bool check_moddef(Sema *s, Node *def)
{
    Scope *sc = scope_new(s->g);
    def->scope = sc;
    if (!check_formals(def, sc))
        return false;
    Node *body = def_body(def);
    bool ok = true;
    Ctx init = {sc, 0, "an initial value"};
    for (int i = 0; i < body->nkid; i++) {
        Node *st = list_at(body, i);
        if (st->kind == N_STATE) {
            ok = declare_state(sc, def, st, &init, "a state of a modulator needs an initial value") && ok;
        } else if (st->kind == N_ON && strcmp(on_event(st)->name, "pair") == 0) {
            if (!scope_find_local(sc, "delta")) {
                Sym *d = scope_add(sc, SYM_BUILTIN, "delta", NULL);
                d->dim = dim_time();
            }
        } else if (st->kind != N_ODE && st->kind != N_ONSPIKE && st->kind != N_OUTPUT) {
            diag_error(st->sp, "a modulator holds states, equations, 'on spike', 'on pair' and 'output'");
            ok = false;
        }
    }
    if (!ok)
        return false;
    int nout = 0, non = 0;
    for (int i = 0; i < body->nkid; i++) {
        Node *st = list_at(body, i);
        if (st->kind == N_ODE) {
            ok = check_state_ode(def, sc, st, "'%s' is not a state of this modulator", "an equation") && ok;
        } else if (st->kind == N_ONSPIKE) {
            non++;
            ok = check_assigns(onspike_assigns(st), sc, "'on spike'", true) && ok;
        } else if (st->kind == N_ON) {
            non++;
            /* 'on pair': delta = t(first neuron) - t(second neuron) of each pair of their spikes.  The
             * target holds what arrives for one step, so what is added is its integral over the step:
             * a state in Hz receives dimensionless amounts. */
            Node *list = on_assigns(st);
            Ctx pc = {sc, 0, "'on pair'"};
            for (int a = 0; a < list->nkid; a++) {
                Node *as = list_at(list, a);
                Sym *y = scope_find_local(sc, as->name);
                if (!y || y->kind != SYM_STATE) {
                    diag_error(assign_target(as)->sp, "'%s' is not a state of this modulator", as->name);
                    ok = false;
                    continue;
                }
                as->sym = assign_target(as)->sym = y;
                Dim want = dim_mul(y->dim, dim_time());
                if (!check_dim(assign_value(as), &pc, &want, arena_printf("what 'on pair' adds to '%s' (its integral over a step)", y->name)))
                    ok = false;
            }
        } else if (st->kind == N_OUTPUT) {
            nout++;
            Ctx oc = {sc, ALLOW_STATE, "the output"};
            ok = check_dim(output_value(st), &oc, &DIM_NONE, "the output of a modulator") && ok;
        }
    }
    if (ok && (nout != 1 || non != 1)) {
        diag_error(def_name(def)->sp, "modulator '%s' needs one 'on spike' or 'on pair', and one 'output'", def->name);
        ok = false;
    }
    return ok && check_mod_linear(def);
}
