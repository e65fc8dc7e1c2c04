/*
 * ode.c: equations -> integration schemes.
 *
 * For each population the states of its neuron and of every synaptic kernel
 * feeding it form one system (inputs are replaced by the sum of the kernel
 * outputs, named expressions are inlined).  The largest subset whose equations
 * are linear with constant coefficients is integrated exactly: its propagator
 * exp(A dt) is computed once at start-up (GSL matrix exponential of the
 * augmented matrix [[A, b], [0, 0]], which also covers singular A).  The other
 * states use exponential Euler when their equation is linear in themselves
 * (the other states held at the start of the step), else forward Euler.
 * White noise enters additively: exactly for a one-dimensional linear state
 * (Ornstein-Uhlenbeck), by Euler-Maruyama otherwise.
 */
#include "ast.h"
#include "ir.h"

#include <string.h>

/* ---- bound expressions: names resolved to one population's variables ------- */

typedef struct {
    Model *m;
    Pop *pop;
    Kernel *kernel;       /* when binding a kernel's equations */
    OdePlan *plan;
    Vec *rule_params;     /* when binding a plasticity rule's statements */
} Binder;

/* A bound name's symbol: a population's planned state (v) or a run's parameter (p). */
static Sym *bound(OdeVar *v, Param *p)
{
    Sym *y = arena_alloc(sizeof *y);
    y->kind = v ? SYM_STATE : SYM_PARAM;
    y->name = v ? v->cname : p->cname;
    y->var = v;
    y->param = p;
    return y;
}

static Param *param_of(Vec *params, Sym *s)
{
    for (int i = 0; i < params->n; i++)
        if (((Param *)params->v[i])->sym == s)
            return params->v[i];
    return NULL;
}

OdeVar *ode_find_var(OdePlan *plan, Sym *s, int kernel)
{
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        if (v->sym == s && v->kernel == kernel)
            return v;
    }
    return NULL;
}

static Node *bind(Binder *b, Node *e);

/* An input is the sum of the outputs of the kernels that feed it (0 if none). */
static Node *bind_port(Binder *b, Sym *port, Span sp)
{
    Node *sum = NULL;
    for (int i = 0; i < b->pop->kernels.n; i++) {
        Kernel *k = b->pop->kernels.v[i];
        if (k->port != port)
            continue;
        Node *body = def_body(k->def);
        Sym *out = NULL;
        for (int j = 0; j < body->nkid; j++)
            if (body->kid[j]->kind == N_OUTPUT)
                out = body->kid[j]->sym;
        OdeVar *v = ode_find_var(b->plan, out, i);
        Node *n = ast_leaf(N_NAME, sp, v->cname);
        n->sym = bound(v, NULL);
        n->ty = port->dim;
        sum = lin_add(sum, n);
    }
    if (!sum) {
        sum = lin_num(0);
        sum->ty = port->dim;
    }
    return sum;
}

static Node *bind(Binder *b, Node *e)
{
    if (!e)
        return NULL;
    if (e->kind == N_NAME && e->sym) {
        Sym *y = e->sym;
        Node *n = ast_leaf(N_NAME, e->sp, e->name);
        n->ty = e->ty;
        switch (y->kind) {
        case SYM_STATE: {
            if (y->owner && (y->owner->kind == N_PLASTICITY || y->owner->kind == N_MODULATOR)) {
                /* a synapse's own state (cgen indexes it) or a modulator's */
                n->sym = y;
                return n;
            }
            int kidx = -1;
            if (b->kernel)
                for (int i = 0; i < b->pop->kernels.n; i++)
                    if (b->pop->kernels.v[i] == b->kernel)
                        kidx = i;
            OdeVar *v = ode_find_var(b->plan, y, kidx);
            if (!v)
                diag_internal("state %s is not in the plan of population %s", y->name, b->pop->name);
            n->sym = bound(v, NULL);
            return n;
        }
        case SYM_PORT:
            return bind_port(b, y, e->sp);
        case SYM_ALIAS:
            return bind(b, alias_value(y->decl));
        case SYM_PARAM: {
            Param *p = param_of(b->rule_params ? b->rule_params : b->kernel ? &b->kernel->params : &b->pop->params, y);
            n->sym = bound(NULL, p);
            return n;
        }
        case SYM_GPARAM: /* sema gave it its entry in the run's table */
            n->sym = bound(NULL, y->param);
            return n;
        default: /* builtins, noise, weight */
            n->sym = y;
            return n;
        }
    }
    Node *n = arena_alloc(sizeof *n);
    *n = *e;
    if (e->nkid) {
        n->kid = arena_alloc(sizeof(Node *) * (size_t)e->nkid);
        for (int i = 0; i < e->nkid; i++)
            n->kid[i] = bind(b, e->kid[i]);
    }
    return n;
}

Node *ode_bind(Model *m, Pop *p, int kernel, Node *e)
{
    Binder b = {m, p, kernel >= 0 ? p->kernels.v[kernel] : NULL, p->plan, NULL};
    return bind(&b, e);
}

Node *ode_bind_proj(Model *m, Proj *pj, Node *e)
{
    Pop *post = m->pops.v[pj->post];
    Binder b = {m, post, NULL, post->plan, &pj->plast_params};
    return bind(&b, e);
}

/* ---- linear analysis (linear.c) ---------------------------------------------- */

/* Mentions the OdeVar v (bound names carry it in sym->var). */
static bool mentions_var(const Node *e, const OdeVar *v)
{
    if (!e)
        return false;
    if (e->kind == N_NAME && e->sym && e->sym->kind == SYM_STATE && e->sym->var == v)
        return true;
    for (int i = 0; i < e->nkid; i++)
        if (mentions_var(e->kid[i], v))
            return true;
    return false;
}

static bool match_var(const Node *e, const void *x)
{
    return e->kind == N_NAME && e->sym && e->sym->kind == SYM_STATE && e->sym->var == (const OdeVar *)x;
}

/* ---- planning ----------------------------------------------------------------- */

static OdeVar *add_var(OdePlan *plan, Sym *s, int kernel, const char *cname)
{
    OdeVar *v = arena_alloc(sizeof *v);
    v->sym = s;
    v->kernel = kernel;
    v->block_index = -1;
    v->cname = cname;
    vec_push(&plan->vars, v);
    return v;
}

static const char *method_of(Node *def)
{
    Node *body = def_body(def);
    for (int i = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_METHOD)
            return method_name(body->kid[i])->name;
    return NULL;
}

bool ode_plan_pop(Model *m, Pop *p)
{
    OdePlan *plan = arena_alloc(sizeof *plan);
    p->plan = plan;
    if (p->kind != POP_NEURON)
        return true;
    /* 1. the variables: neuron states, then each kernel's states */
    Node *body = def_body(p->neuron);
    for (int i = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_STATE)
            add_var(plan, body->kid[i]->sym, -1, body->kid[i]->sym->name);
    for (int k = 0; k < p->kernels.n; k++) {
        Kernel *ker = p->kernels.v[k];
        Node *kb = def_body(ker->def);
        for (int i = 0; i < kb->nkid; i++)
            if (kb->kid[i]->kind == N_STATE)
                add_var(plan, kb->kid[i]->sym, k, arena_printf("k%d_%s", k, kb->kid[i]->sym->name));
    }
    /* noise sources of the neuron */
    for (int i = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_NOISE) {
            Node *names = noise_names(body->kid[i]);
            for (int j = 0; j < names->nkid; j++) {
                assert(names->kid[j]->sym); /* sema declared it */
                vec_push(&plan->noises, names->kid[j]->sym);
            }
        }
    /* 2. right-hand sides, bound to this population */
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        Node *ode = v->sym->ode;
        if (!ode)
            continue;
        Node *rhs = ode_bind(m, p, v->kernel, deriv_rhs(ode));
        for (int k = 0; k < plan->noises.n; k++) {
            Node *a, *b;
            if (!lin_affine_sym(rhs, plan->noises.v[k], &a, &b)) {
                diag_error(deriv_rhs(ode)->sp, "white noise must enter the equation of '%s' linearly", v->sym->name);
                return false;
            }
            while (v->noise_coef.n < k)
                vec_push(&v->noise_coef, NULL);
            vec_push(&v->noise_coef, a);
            if (a && !lin_is_const(a)) {
                /* state-dependent noise amplitude: allowed, integrated by Euler-Maruyama */
            }
            rhs = b ? b : lin_num(0);
        }
        v->rhs = rhs;
    }
    /* refractory clamping: states set by the reset are held */
    bool has_ref = false;
    for (int i = 0; i < body->nkid; i++)
        has_ref |= body->kid[i]->kind == N_REFRACTORY;
    for (int i = 0; i < body->nkid && has_ref; i++)
        if (body->kid[i]->kind == N_RESET) {
            Node *list = reset_assigns(body->kid[i]);
            for (int j = 0; j < list->nkid; j++) {
                OdeVar *v = ode_find_var(plan, list->kid[j]->sym, -1);
                if (v)
                    v->clamped = true;
            }
        }
    /* 3. the exact block: shrink until every member is linear with constant
     *    coefficients in the members only */
    const char *method = method_of(p->neuron);
    int n = plan->vars.n;
    bool *in = arena_alloc(sizeof(bool) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        OdeVar *v = plan->vars.v[i];
        in[i] = v->rhs != NULL;
        if (v->kernel < 0 && method && strcmp(method, "exact") != 0)
            in[i] = false;
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = 0; i < n; i++) {
            if (!in[i])
                continue;
            OdeVar *v = plan->vars.v[i];
            Node *rest = v->rhs;
            bool ok = true;
            for (int j = 0; j < n && ok; j++) {
                if (!in[j])
                    continue;
                Node *a, *b;
                if (!lin_affine(rest, match_var, plan->vars.v[j], &a, &b) || !lin_is_const(a))
                    ok = false;
                rest = b;
            }
            ok = ok && lin_is_const(rest);
            /* noise: exact only for a one-dimensional row that nothing else in the block reads */
            bool noisy = false;
            for (int k = 0; k < v->noise_coef.n; k++)
                if (v->noise_coef.v[k]) {
                    noisy = true;
                    ok = ok && lin_is_const(v->noise_coef.v[k]);
                }
            if (ok && noisy)
                for (int j = 0; j < n && ok; j++) {
                    if (j == i || !in[j])
                        continue;
                    if (mentions_var(v->rhs, plan->vars.v[j]) || mentions_var(((OdeVar *)plan->vars.v[j])->rhs, v))
                        ok = false;
                }
            if (!ok) {
                in[i] = false;
                changed = true;
            }
        }
    }
    if (method && strcmp(method, "exact") == 0)
        for (int i = 0; i < n; i++) {
            OdeVar *v = plan->vars.v[i];
            if (v->kernel < 0 && v->rhs && !in[i]) {
                Node *ode = v->sym->ode;
                diag_error(ode->sp, "method exact: the equation of '%s' is not linear with constant coefficients",
                           v->sym->name);
                return false;
            }
        }
    /* 4. the block's matrix A and vector b */
    int nb = 0;
    for (int i = 0; i < n; i++)
        if (in[i])
            ((OdeVar *)plan->vars.v[i])->block_index = nb++;
    LinSys *blk = plan->block = linsys_new(nb, NULL);
    for (int i = 0; i < n; i++) {
        OdeVar *v = plan->vars.v[i];
        if (v->block_index < 0)
            continue;
        Node *rest = v->rhs;
        for (int j = 0; j < n; j++) {
            OdeVar *w = plan->vars.v[j];
            if (w->block_index < 0)
                continue;
            Node *a, *b;
            lin_affine(rest, match_var, w, &a, &b);
            blk->A[v->block_index][w->block_index] = a;
            rest = b;
        }
        blk->b[v->block_index] = rest;
        v->scheme = SCHEME_EXACT;
    }
    linsys_reach(blk);
    /* 5. the rest: exponential Euler or Euler */
    for (int i = 0; i < n; i++) {
        OdeVar *v = plan->vars.v[i];
        if (v->block_index >= 0 || !v->rhs)
            continue;
        Node *a, *b;
        bool lin = lin_affine(v->rhs, match_var, v, &a, &b);
        if (lin && a && !(method && strcmp(method, "euler") == 0)) {
            v->scheme = SCHEME_EXP_EULER;
            v->lin_a = a;
            v->lin_b = b ? b : lin_num(0);
        } else {
            v->scheme = SCHEME_EULER;
        }
    }
    return true;
}

Node *ode_bind_mod(Model *m, Modulator *md, Node *e)
{
    Binder b = {m, m->pops.v[0], NULL, ((Pop *)m->pops.v[0])->plan, &md->params};
    return bind(&b, e);
}
