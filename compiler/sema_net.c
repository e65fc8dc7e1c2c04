/*
 * sema_net.c: the network -- populations, connections and modulator
 * instances, the items that instantiate definitions.  Each instance's
 * arguments become run-time parameters (the model's parameter table, which
 * --set changes), populations get their sizes, grids, families and initial
 * values, and connections their rule, kernel, port, weight, delay, dynamics and
 * plasticity.  Kernels with equal arguments on one port are shared, since
 * linear kernels superpose.
 */
#include "sema.h"

#include <limits.h>
#include <math.h>
#include <string.h>

/* ---- run-time parameters and instance arguments -------------------------- */

Param *new_param(Model *m, const char *name, Dim d, Node *def, int pop, Sym *sym)
{
    Param *p = arena_alloc(sizeof *p);
    p->name = name;
    p->dim = d;
    p->def = def;
    p->pop = pop;
    p->kernel = -1;
    p->proj = -1;
    p->mod = -1;
    p->sym = sym;
    /* the C name mirrors the model's: net.V_th -> p_net_V_th */
    char *c = arena_printf("p_%s", name);
    for (char *q = c; *q; q++)
        if (*q == '.')
            *q = '_';
    for (int i = 0; i < m->params.n; i++)
        if (strcmp(((Param *)m->params.v[i])->cname, c) == 0)
            c = arena_printf("%s_%d", c, m->params.n);
    p->cname = c;
    p->index = m->params.n;
    vec_push(&m->params, p);
    return p;
}

static Node *find_arg(Node *args, const char *name)
{
    for (int i = 0; i < args->nkid; i++) {
        Node *a = list_at(args, i);
        if (arg_name(a) && strcmp(arg_name(a)->name, name) == 0)
            return a;
    }
    return NULL;
}

/* A call of file(...), unless the model defines something named file. */
static bool is_file_call(Sema *s, Node *e)
{
    return e->kind == N_CALL && strcmp(call_name(e)->name, "file") == 0 && !scope_find(s->g, "file");
}

/* A name in e that checking left unresolved and that is a parameter of the
 * definition whose scope is sc, or NULL. */
static Node *unresolved_param(Node *e, Scope *sc)
{
    if (e->kind == N_NAME && !e->sym) {
        Sym *y = scope_find_local(sc, e->name);
        return y && y->kind == SYM_PARAM ? e : NULL;
    }
    for (int i = 0; i < e->nkid; i++) {
        Node *u = e->kid[i] ? unresolved_param(e->kid[i], sc) : NULL;
        if (u)
            return u;
    }
    return NULL;
}

/* The names a neuron argument reads besides global parameters: the neuron's
 * index i and its grid coordinates x, y, z (checked against the grid once the
 * population's options are known).  They shadow global parameters of those
 * names, as i, j, x_pre ... do in when(). */
static Scope *neuron_names(Sema *s, Pop *p)
{
    static const char *names[] = {"i", "x", "y", "z"};
    Scope *sc = scope_new(s->g);
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        Sym *y = scope_add(sc, SYM_BUILTIN, names[k], NULL);
        y->dim = DIM_NONE;
        y->data = p;
    }
    return sc;
}

/* Named arguments of an instance: each must name a parameter and match its
 * dimension; they are evaluated in the global scope.  A rule's use u gives the
 * dimension of its weight (NULL for other instances).  The arguments of a
 * population's neuron (pop non-NULL) may differ per neuron: a draw, an
 * expression of the neuron's index or grid position, or file(...). */
static bool check_args(Sema *s, Node *def, Node *args, const char *what, const RuleUse *u, Pop *pop)
{
    bool ok = true;
    Scope *sc = def_scope(def);
    Ctx c = {pop ? neuron_names(s, pop) : s->g, pop ? ALLOW_RANDOM : 0, arena_printf("an argument of %s '%s'", what, def->name)};
    for (int i = 0; i < args->nkid; i++) {
        Node *a = list_at(args, i);
        if (!arg_name(a)) {
            diag_error(a->sp, "arguments of %s '%s' must be named, as in %s(name = value)", what, def->name,
                       def->name);
            ok = false;
            continue;
        }
        Sym *y = scope_find_local(sc, arg_name(a)->name);
        if (y && y->kind == SYM_MODPARAM) {
            Node *v = arg_value(a);
            Sym *mz = v->kind == N_NAME ? scope_find(s->g, v->name) : NULL;
            if (v->kind == N_NAME && !mz) {
                Suggest g;
                suggest_init(&g, v->name);
                offer_kind(&g, s->g, SYM_MOD);
                diag_error(v->sp, "unknown modulator '%s'%s", v->name,
                           suggest_best(&g) ? did_you_mean(&g) : " (declare it as 'modulator NAME = KIND(...) of POP')");
                ok = false;
            } else if (!mz || mz->kind != SYM_MOD) {
                diag_error(v->sp, "'%s' of rule '%s' takes a modulator, declared as 'modulator NAME = KIND(...) of POP'",
                           y->name, def->name);
                ok = false;
            } else
                v->sym = mz;
            continue;
        }
        if (!y || y->kind != SYM_PARAM) {
            static const SymKind params[] = {SYM_PARAM, SYM_MODPARAM};
            Suggest g;
            suggest_init(&g, arg_name(a)->name);
            offer_local(&g, sc, params, 2);
            diag_error(arg_name(a)->sp, "%s '%s' has no parameter '%s'%s", what, def->name, arg_name(a)->name,
                       did_you_mean(&g));
            diag_note(def_name(def)->sp, "'%s' defined here", def->name);
            ok = false;
            continue;
        }
        for (int j = 0; j < i; j++)
            if (arg_name(list_at(args, j)) && strcmp(arg_name(list_at(args, j))->name, arg_name(a)->name) == 0) {
                diag_error(arg_name(a)->sp, "parameter '%s' given twice", arg_name(a)->name);
                ok = false;
            }
        Dim want = u ? dim_subst(y->dim, u->w) : y->dim;
        if (pop && is_file_call(s, arg_value(a))) {
            /* checked with the population's parameter it gives */
        } else if (!check_expr(arg_value(a), &c)) {
            Node *own = unresolved_param(arg_value(a), sc);
            if (own)
                diag_note(own->sp, "an argument is evaluated outside %s '%s': it reads global parameters%s, not the "
                                   "%s's own parameters such as '%s'",
                          what, def->name, pop ? " and the neuron's position (i, x, y, z)" : "", what, own->name);
            ok = false;
        } else if (!check_dim(arg_value(a), &c, &want, arena_printf("parameter '%s'", y->name))) {
            diag_note(y->decl->sp, "'%s' declared here", y->name);
            if (u && dim_generic(y->dim))
                rule_use_note(u, def);
            ok = false;
        }
    }
    return ok;
}

static bool check_instance_args(Sema *s, Node *def, Node *args, const char *what, Pop *pop)
{
    return check_args(s, def, args, what, NULL, pop);
}

/* ---- populations --------------------------------------------------------- */

/* Parameters whose value divides something: they must be positive at run time. */
static void mark_divisors(Node *e, Vec *params)
{
    if (!e)
        return;
    if (e->kind == N_BINARY && e->op == OP_DIV && bin_rhs(e)->kind == N_NAME && bin_rhs(e)->sym)
        for (int i = 0; i < params->n; i++) {
            Param *p = params->v[i];
            if (p->sym == bin_rhs(e)->sym)
                p->positive = true;
        }
    for (int i = 0; i < e->nkid; i++)
        mark_divisors(e->kid[i], params);
}

/* file("PATH" [, UNIT]) as one value per neuron of a quantity of dimension d
 * (WHAT: a state's initial values, a neuron parameter), read when the run
 * starts; UNIT, a positive constant of dimension d, is what one of the file's
 * numbers means (default: d's SI unit). */
static bool check_values_file(Sema *s, Node *call, Dim d, const char *what, double *unit)
{
    Node *args = call_args(call);
    bool named = false;
    for (int i = 0; i < args->nkid; i++)
        named = named || arg_name(list_at(args, i));
    if (args->nkid < 1 || args->nkid > 2 || named || arg_value(list_at(args, 0))->kind != N_STR) {
        diag_error(call->sp, "file takes the file name and optionally the unit of its numbers, as in file(\"v0.csv\", mV)");
        return false;
    }
    *unit = 1;
    if (args->nkid == 2) {
        Node *u = arg_value(list_at(args, 1));
        Ctx cu = {s->g, 0, "the unit of a file's numbers"};
        if (!check_dim(u, &cu, &d, arena_printf("the unit of %s", what)))
            return false;
        if (!sema_const_eval(u, unit) || !(*unit > 0)) {
            diag_error(u->sp, "the unit of a file's numbers must be a positive constant, as in mV or 1 nS");
            return false;
        }
    }
    return true;
}

/* The values of VAR (a state or a parameter of p's neuron) from the file of a
 * checked file(...) call; its path is the run-time parameter "NAME.file". */
static InitFile *values_file(Model *m, Pop *p, Sym *var, const char *name, Node *call, double unit)
{
    InitFile *f = arena_alloc(sizeof *f);
    f->var = var;
    f->unit = unit;
    Param *fp = new_param(m, arena_printf("%s.file", name), DIM_NONE, arg_value(list_at(call_args(call), 0)), p->index, NULL);
    fp->is_string = true;
    f->param = fp->index;
    return f;
}

static bool reads_gparam(const Node *e)
{
    if (e->kind == N_NAME && e->sym && e->sym->kind == SYM_GPARAM)
        return true;
    for (int i = 0; i < e->nkid; i++)
        if (reads_gparam(e->kid[i]))
            return true;
    return false;
}

/* A size that reads global parameters is rounded to a whole number when the
 * run starts (NEST's round(N * scale)), so --set can scale the network; until
 * the end of sema decides whether the population allows that, it is checked
 * with the defaults. */
static bool population_size_check(Node *e, Ctx *c, Pop *p)
{
    if (!check_dim(e, c, &DIM_NONE, "the population size"))
        return false;
    double v;
    if (!reads_gparam(e) || !sema_const_eval(e, &v))
        return const_count(e, c, "the population size", &p->size);
    if (!(v >= 0.5 && v < 1e9)) {
        diag_error(e->sp, "the population size must be at least one neuron and at most 1e9, not %g", v);
        return false;
    }
    p->size = (int)nearbyint(v); /* halves to even, as NumPy rounds N * scale in NEST's models */
    p->size_expr = e;
    return true;
}

/* population NAME = SIZE TYPE[(args)] (on grid(X, Y, Z) [shuffled] | state VAR = value | split FAMILIES)* */
bool check_population(Sema *s, Node *decl)
{
    Model *m = s->m;
    Pop *p = arena_alloc(sizeof *p);
    p->name = decl->name;
    p->decl = decl;
    p->index = m->pops.n;
    p->cname = arena_printf("pop_%s", p->name);
    p->file_param = -1;
    Ctx c = {s->g, 0, "a population size"};
    if (!population_size_check(population_size(decl), &c, p))
        return false;
    Node *type = population_type(decl), *args = call_args(type);
    Sym *y = scope_find(s->g, type->name);
    if (strcmp(type->name, "spike_file") == 0 && !y) {
        p->kind = POP_SPIKE_FILE;
        if (args->nkid != 1 || arg_name(list_at(args, 0)) || arg_value(list_at(args, 0))->kind != N_STR) {
            diag_error(type->sp, "spike_file takes one argument: the file name, as in spike_file(\"in.csv\")");
            return false;
        }
        Param *fp = new_param(m, arena_printf("%s.file", p->name), DIM_NONE, arg_value(list_at(args, 0)), p->index, NULL);
        fp->is_string = true;
        p->file_param = m->params.n - 1;
    } else if (strcmp(type->name, "stimulus_set") == 0 && !y) {
        /* stimulus_set("file.csv" [, onset = T]): labelled entries from a file, one per trial in turn,
         * each starting onset after the trial's start */
        p->kind = POP_STIMSET;
        Node *onset = args->nkid == 2 && arg_name(list_at(args, 1)) && strcmp(arg_name(list_at(args, 1))->name, "onset") == 0
                          ? arg_value(list_at(args, 1))
                          : NULL;
        if (args->nkid < 1 || args->nkid > 2 || (args->nkid == 2 && !onset) || arg_name(list_at(args, 0)) ||
            arg_value(list_at(args, 0))->kind != N_STR) {
            diag_error(type->sp, "stimulus_set takes the file name and optionally 'onset = T', as in "
                                 "stimulus_set(\"digits.h5\", onset = 100 ms)");
            return false;
        }
        if (!s->m->trial) {
            diag_error(type->sp, "a stimulus set shows one entry per trial: give the trial length in the experiment");
            return false;
        }
        Ctx ac = {s->g, 0, "an argument"};
        Dim t = dim_time();
        if (onset && !check_dim(onset, &ac, &t, "the onset"))
            return false;
        Param *fp = new_param(m, arena_printf("%s.file", p->name), DIM_NONE, arg_value(list_at(args, 0)), p->index, NULL);
        fp->is_string = true;
        p->file_param = m->params.n - 1;
        new_param(m, arena_printf("%s.onset", p->name), t, onset ? onset : ast_num(type->sp, 0, t, "0 s"), p->index, NULL);
    } else if (strcmp(type->name, "templates") == 0 && !y) {
        /* templates(count = K, window = T, onset = T): K fixed patterns, each source firing once at a random
         * time in [0, window); trial t presents pattern t mod K from onset on, and is labelled with it */
        p->kind = POP_TEMPLATES;
        Node *win = NULL, *onset = NULL;
        Ctx ac = {s->g, 0, "an argument"};
        Dim t = dim_time();
        for (int i = 0; i < args->nkid; i++) {
            Node *a = list_at(args, i);
            const char *an = arg_name(a) ? arg_name(a)->name : "";
            if (strcmp(an, "count") == 0) {
                if (!const_count(arg_value(a), &ac, "the number of templates", &p->ntemplates))
                    return false;
            } else if (strcmp(an, "window") == 0 && check_dim(arg_value(a), &ac, &t, "the window"))
                win = arg_value(a);
            else if (strcmp(an, "onset") == 0 && check_dim(arg_value(a), &ac, &t, "the onset"))
                onset = arg_value(a);
            else {
                if (strcmp(an, "window") && strcmp(an, "onset"))
                    diag_error(a->sp, "templates takes 'count = K', 'window = T' and 'onset = T'");
                return false;
            }
        }
        if (!p->ntemplates || !win) {
            diag_error(type->sp, "templates needs a count and a window, as in templates(count = 2, window = 500 ms, onset = 50 ms)");
            return false;
        }
        if (!s->m->trial) {
            diag_error(type->sp, "templates are presented once per trial: give the trial length in the experiment");
            return false;
        }
        p->file_param = m->params.n;
        new_param(m, arena_printf("%s.window", p->name), t, win, p->index, NULL);
        new_param(m, arena_printf("%s.onset", p->name), t, onset ? onset : ast_num(type->sp, 0, t, "0 s"), p->index, NULL);
    } else if (strcmp(type->name, "fixed_trains") == 0 && !y) {
        /* fixed_trains(rate = R, dead_time = T): each source has exactly rate * time spikes, uniformly
         * placed, at least dead_time apart, drawn once for the whole run */
        p->kind = POP_FIXED_TRAINS;
        Node *rate = NULL, *dead = NULL;
        Ctx ac = {s->g, 0, "an argument"};
        Dim hz = dim_div(DIM_NONE, dim_time()), t = dim_time();
        for (int i = 0; i < args->nkid; i++) {
            Node *a = list_at(args, i);
            const char *an = arg_name(a) ? arg_name(a)->name : "";
            if (strcmp(an, "rate") == 0 && check_dim(arg_value(a), &ac, &hz, "the rate"))
                rate = arg_value(a);
            else if (strcmp(an, "dead_time") == 0 && check_dim(arg_value(a), &ac, &t, "the dead time"))
                dead = arg_value(a);
            else {
                if (strcmp(an, "rate") && strcmp(an, "dead_time"))
                    diag_error(a->sp, "fixed_trains takes 'rate = R' and 'dead_time = T'");
                return false;
            }
        }
        if (!rate) {
            diag_error(type->sp, "fixed_trains needs a rate, as in fixed_trains(rate = 15 Hz, dead_time = 0.5 ms)");
            return false;
        }
        p->file_param = m->params.n;
        new_param(m, arena_printf("%s.rate", p->name), hz, rate, p->index, NULL);
        new_param(m, arena_printf("%s.dead_time", p->name), t, dead ? dead : ast_num(type->sp, 0, t, "0 s"), p->index,
                  NULL);
    } else if (!y || y->kind != SYM_NEURON) {
        if (y)
            diag_error(call_name(type)->sp, "'%s' is a %s, not a neuron model", type->name, sym_what(y->kind));
        else
            unknown_definition(s, call_name(type)->sp, type->name, SYM_NEURON, "neuron model");
        if (y && y->decl)
            diag_note(y->decl->sp, "'%s' declared here", type->name);
        return false;
    } else {
        p->kind = POP_NEURON;
        p->neuron = y->decl;
        if (!check_instance_args(s, p->neuron, args, "neuron", p))
            return false;
        Node *formals = def_params(p->neuron);
        for (int i = 0; i < formals->nkid; i++) {
            Node *f = list_at(formals, i);
            Node *a = find_arg(args, f->name);
            Param *pp = new_param(m, arena_printf("%s.%s", p->name, f->name), param_default(f)->ty,
                                  a ? arg_value(a) : param_default(f), p->index, scope_find_local(def_scope(p->neuron), f->name));
            vec_push(&p->params, pp);
            double unit;
            if (a && is_file_call(s, arg_value(a))) {
                if (!check_values_file(s, arg_value(a), pp->dim, arena_printf("the values of '%s'", f->name), &unit))
                    return false;
                vec_push(&p->param_files, values_file(m, p, pp->sym, pp->name, arg_value(a), unit));
            }
        }
        Node *body = def_body(p->neuron);
        for (int i = 0; i < body->nkid; i++)
            if (list_at(body, i)->kind == N_ODE)
                mark_divisors(deriv_rhs(list_at(body, i)), &p->params);
    }
    /* options: grid and families */
    Node *opts = population_opts(decl);
    for (int i = 0; i < opts->nkid; i++) {
        Node *o = list_at(opts, i);
        for (int j = 0; j < i; j++) {
            Node *q = list_at(opts, j);
            if (q->kind == o->kind && (o->kind != N_STATE || strcmp(q->name, o->name) == 0)) {
                diag_error(o->sp, "%s given twice for population '%s'",
                           o->kind == N_GRID ? "'on grid'" : o->kind == N_STATE ? "an initial value" : "'split'", p->name);
                diag_note(q->sp, "first given here");
                return false;
            }
        }
        if (o->kind == N_STATE) {
            Sym *st = p->kind == POP_NEURON ? scope_find_local(def_scope(p->neuron), o->name) : NULL;
            if (!st || st->kind != SYM_STATE) {
                diag_error(state_name(o)->sp, "'%s' is not a state variable of %s%s", o->name,
                           p->kind == POP_NEURON ? p->neuron->name : "a spike file",
                           p->kind == POP_NEURON ? misspelt_state(def_scope(p->neuron), o->name) : "");
                return false;
            }
            if (is_file_call(s, state_init(o))) {
                double unit;
                if (!check_values_file(s, state_init(o), st->dim, arena_printf("the initial values of '%s'", st->name), &unit))
                    return false;
                vec_push(&p->init_files, values_file(m, p, st, arena_printf("%s.%s", p->name, st->name), state_init(o), unit));
                continue;
            }
            Ctx ci = {def_scope(p->neuron), ALLOW_RANDOM, "an initial value"};
            if (!check_dim(state_init(o), &ci, &st->dim, arena_printf("the initial value of '%s'", st->name)))
                return false;
            o->sym = st;
            vec_push(&p->inits, o);
        } else if (o->kind == N_GRID) {
            Node *ga = grid_args(o);
            if (ga->nkid != 3) {
                diag_error(o->sp, "a grid has three sizes, as in grid(15, 6, 6)");
                return false;
            }
            for (int k = 0; k < 3; k++)
                if (!const_count(arg_value(list_at(ga, k)), &c, "a grid size", &p->grid[k]))
                    return false;
            p->grid_shuffled = o->nkid > 1;
            if (p->grid_shuffled && strcmp(grid_shuffled(o)->name, "shuffled") != 0) {
                diag_error(grid_shuffled(o)->sp, "expected 'shuffled' or nothing after the grid, not '%s'",
                           grid_shuffled(o)->name);
                return false;
            }
            if ((long)p->grid[0] * p->grid[1] * p->grid[2] != p->size) {
                diag_error(o->sp, "grid %d x %d x %d holds %ld neurons, but the population has %d", p->grid[0],
                           p->grid[1], p->grid[2], (long)p->grid[0] * p->grid[1] * p->grid[2], p->size);
                return false;
            }
        } else { /* families */
            int start = 0;
            for (int k = 0; k < o->nkid; k++) {
                Node *f = list_at(o, k);
                Node *e = family_size(f);
                if (!check_dim(e, &c, &DIM_NONE, "a family size"))
                    return false;
                double v;
                if (!sema_const_eval(e, &v)) {
                    diag_error(e->sp, "a family size must be a constant");
                    return false;
                }
                bool percent = e->kind == N_NUM && strchr(e->name, '%');
                double n = percent ? v * p->size : v;
                if (!(n >= 0) || n > p->size || fabs(n - round(n)) > 1e-6) {
                    diag_error(e->sp, "family '%s' would have %g neurons; sizes must be whole", f->name, n);
                    return false;
                }
                for (int j = 0; j < p->families.n; j++)
                    if (strcmp(((Family *)p->families.v[j])->name, f->name) == 0) {
                        diag_error(family_name(f)->sp, "family '%s' named twice", f->name);
                        return false;
                    }
                Family *fam = arena_alloc(sizeof *fam);
                fam->name = f->name;
                fam->start = start;
                fam->count = (int)lround(n);
                fam->sp = f->sp;
                start += fam->count;
                vec_push(&p->families, fam);
            }
            if (start != p->size) {
                diag_error(o->sp, "the families hold %d neurons, but the population has %d", start, p->size);
                return false;
            }
        }
    }
    /* grid coordinates in the neuron's arguments need a grid, as in when() */
    static const char *coord[] = {"x", "y", "z"};
    for (int i = 0; p->kind == POP_NEURON && !p->grid[0] && i < args->nkid; i++)
        for (int d = 0; d < 3; d++) {
            Node *u = uses_name(arg_value(list_at(args, i)), coord[d]);
            if (u && !is_file_call(s, arg_value(list_at(args, i)))) {
                diag_error(u->sp, "'%s' needs a grid: population '%s' has none (add 'on grid(X, Y, Z)')", coord[d], p->name);
                return false;
            }
        }
    Sym *ps = declare(s->g, SYM_POP, population_name(decl), decl);
    if (!ps)
        return false;
    ps->data = p;
    vec_push(&m->pops, p);
    return true;
}

/* ---- endpoints: POP, POP.FAMILY, POP[lo:hi] ------------------------------ */

/* endpoint -> POP ['.' FAMILY] ['[' lo ':' hi ']'] */
bool resolve_endpoint(Sema *s, Node *t, int *pop, int *lo, int *n)
{
    Node *pn = target_pop(t), *fn = target_family(t);
    Sym *y = scope_find(s->g, pn->name);
    if (!y || y->kind != SYM_POP) {
        if (y)
            diag_error(pn->sp, "'%s' is a %s, not a population", pn->name, sym_what(y->kind));
        else {
            Suggest g;
            suggest_init(&g, pn->name);
            offer_kind(&g, s->g, SYM_POP);
            diag_error(pn->sp, "unknown population '%s'%s", pn->name, did_you_mean(&g));
        }
        return false;
    }
    Pop *p = y->data;
    *pop = p->index;
    *lo = 0;
    *n = p->size;
    p->sliced |= fn || target_lo(t);
    if (fn) {
        Family *f = NULL;
        for (int i = 0; i < p->families.n; i++)
            if (strcmp(((Family *)p->families.v[i])->name, fn->name) == 0)
                f = p->families.v[i];
        if (!f) {
            Suggest g;
            suggest_init(&g, fn->name);
            for (int i = 0; i < p->families.n; i++)
                suggest_offer(&g, ((Family *)p->families.v[i])->name);
            diag_error(fn->sp, "population '%s' has no family '%s'%s", p->name, fn->name, did_you_mean(&g));
            diag_note(population_name(p->decl)->sp, "'%s' declared here", p->name);
            return false;
        }
        *lo = f->start;
        *n = f->count;
    }
    if (target_lo(t)) {
        Ctx c = {s->g, 0, "a slice"};
        double a, b;
        if (!check_dim(target_lo(t), &c, &DIM_NONE, "a slice bound") ||
            !check_dim(target_hi(t), &c, &DIM_NONE, "a slice bound"))
            return false;
        if (!sema_const_eval(target_lo(t), &a) || !sema_const_eval(target_hi(t), &b) || a != floor(a) || b != floor(b)) {
            diag_error(t->sp, "slice bounds must be whole constants");
            return false;
        }
        if (a < 0 || b > *n || a >= b) {
            diag_error(t->sp, "slice [%g:%g] is outside 0..%d", a, b, *n);
            return false;
        }
        *lo += (int)a;
        *n = (int)(b - a);
    }
    return true;
}

/* ---- connections --------------------------------------------------------- */

/* A spelling-independent key of an expression: kernels with equal arguments
 * share state however the arguments were written ("5 ms", "5ms", "0.005 s"). */
static const char *canon(Node *e)
{
    if (!e)
        return "-";
    switch (e->kind) {
    case N_NUM:
        return arena_printf("%.17g", e->num);
    case N_NAME:
    case N_STR:
        return arena_printf("%s", e->name);
    default: {
        const char *k = arena_printf("(%d:%d", e->kind, e->op);
        for (int i = 0; i < e->nkid; i++)
            k = arena_printf("%s %s", k, canon(e->kid[i]));
        return arena_printf("%s)", k);
    }
    }
}

static int find_kernel(Sema *s, Pop *post, Node *call, Sym *port, Node *def)
{
    const char *key = arena_printf("%s|%s|%s", def->name, canon(call_args(call)), port->name);
    for (int i = 0; i < post->kernels.n; i++)
        if (strcmp(((Kernel *)post->kernels.v[i])->key, key) == 0)
            return i;
    Kernel *k = arena_alloc(sizeof *k);
    k->def = def;
    k->call = call;
    k->pop = post->index;
    k->port = port;
    k->key = key;
    k->label = arena_printf("%s(%s) on %s", def->name, node_text(call_args(call)), port->name);
    int same_port = 0;
    for (int i = 0; i < post->kernels.n; i++)
        same_port += ((Kernel *)post->kernels.v[i])->port == port;
    const char *prefix = same_port ? arena_printf("%s.%s%d", post->name, port->name, same_port + 1)
                                   : arena_printf("%s.%s", post->name, port->name);
    k->cname = arena_printf("k_%s_%s%d", post->name, port->name, same_port);
    Node *formals = def_params(def);
    for (int i = 0; i < formals->nkid; i++) {
        Node *f = list_at(formals, i);
        Node *a = find_arg(call_args(call), f->name), *v = a ? arg_value(a) : param_default(f);
        Param *p = new_param(s->m, arena_printf("%s.%s", prefix, f->name), param_default(f)->ty, v,
                             post->index, scope_find_local(def_scope(def), f->name));
        p->kernel = post->kernels.n;
        vec_push(&k->params, p);
    }
    Node *body = def_body(def);
    for (int i = 0; i < body->nkid; i++)
        if (list_at(body, i)->kind == N_ODE)
            mark_divisors(deriv_rhs(list_at(body, i)), &k->params);
    vec_push(&post->kernels, k);
    return post->kernels.n - 1;
}

/* key i of a connect is not one of those before it */
bool kv_once(Node *kvs, int i)
{
    Node *k = kv_key(list_at(kvs, i));
    for (int j = 0; j < i; j++)
        if (strcmp(kv_key(list_at(kvs, j))->name, k->name) == 0) {
            diag_error(k->sp, "'%s' given twice", k->name);
            return false;
        }
    return true;
}

Node *kv_get(Node *kvs, const char *key)
{
    for (int i = 0; i < kvs->nkid; i++)
        if (strcmp(kv_key(list_at(kvs, i))->name, key) == 0)
            return kv_value(list_at(kvs, i));
    return NULL;
}

/* The connection rules and the arguments each takes (all positional). */
static const struct {
    const char *name;
    int nargs;
    const char *example;
} conn_rules[] = {
    {"all", 0, "all"},
    {"one_to_one", 0, "one_to_one"},
    {"probability", 1, "probability(0.1)"},
    {"indegree", 1, "indegree(10)"},
    {"total", 1, "total(1000)"},
    {"file", 1, "file(\"pairs.csv\")"},
    {"when", 1, "when(i == j)"},
};

/* rule -> NAME | NAME '(' args ')': a known rule with as many arguments as it
 * takes, each positional; a wrong count is named as such. */
static bool check_rule_form(Node *rule)
{
    const char *rn = rule->kind == N_NAME ? rule->name : rule->kind == N_CALL ? call_name(rule)->name : NULL;
    int r = -1;
    for (int i = 0; rn && i < (int)(sizeof conn_rules / sizeof conn_rules[0]); i++)
        if (strcmp(rn, conn_rules[i].name) == 0)
            r = i;
    if (r < 0) {
        Suggest g;
        suggest_init(&g, rn ? rn : "");
        for (size_t i = 0; rn && i < sizeof conn_rules / sizeof conn_rules[0]; i++)
            suggest_offer(&g, conn_rules[i].name);
        if (suggest_best(&g))
            diag_error(rule->kind == N_CALL ? call_name(rule)->sp : rule->sp, "unknown connection rule '%s'%s", rn,
                       did_you_mean(&g));
        else
            diag_error(rule->sp, "unknown connection rule%s (all, one_to_one, probability(p), indegree(k), total(n), "
                                 "file(\"...\"), when(condition))", rn ? arena_printf(" '%s'", rn) : "");
        return false;
    }
    int want = conn_rules[r].nargs;
    if (rule->kind == N_NAME && want == 0)
        return true;
    if (rule->kind == N_NAME) {
        diag_error(rule->sp, "'%s' takes %d argument, as in %s", rn, want, conn_rules[r].example);
        return false;
    }
    Node *args = call_args(rule);
    if (want == 0) {
        diag_error(rule->sp, "'%s' takes no arguments: write 'rule: %s'", rn, rn);
        return false;
    }
    if (args->nkid != want) {
        diag_error(rule->sp, "'%s' takes %d argument, not %d", rn, want, args->nkid);
        return false;
    }
    if (arg_name(list_at(args, 0))) {
        diag_error(arg_name(list_at(args, 0))->sp, "'%s' takes a positional argument, as in %s", rn, conn_rules[r].example);
        return false;
    }
    return true;
}

/* The synapse: and port: of a connection (or drive) DECL onto POST: the kernel
 * instance it feeds (an index into post->kernels, -1 on error), the synapse
 * call, its definition and its weight symbol. */
int connect_kernel(Sema *s, Node *decl, Pop *post, Node **syn_out, Node **sdef_out, Sym **w_out)
{
    Node *kvs = connect_opts(decl);
    Node *syn = kv_get(kvs, "synapse");
    if (!syn) {
        diag_error(decl->sp, "connect needs a 'synapse:' kernel, such as exp_cond(tau = 5 ms)");
        return -1;
    }
    if (syn->kind == N_NAME)
        syn = ast_new(N_CALL, syn->sp, 2, syn, ast_list(syn->sp));
    if (syn->kind != N_CALL) {
        diag_error(syn->sp, "expected a synapse kernel such as exp_cond(tau = 5 ms)");
        return -1;
    }
    Sym *sy = scope_find(s->g, call_name(syn)->name);
    if (!sy || sy->kind != SYM_SYNAPSE) {
        unknown_definition(s, call_name(syn)->sp, call_name(syn)->name, SYM_SYNAPSE, "synapse kernel");
        return -1;
    }
    if (!check_instance_args(s, sy->decl, call_args(syn), "synapse", NULL))
        return -1;
    Node *sdef = sy->decl;
    Sym *w = scope_find_local(def_scope(sdef), "w");
    Scope *nsc = def_scope(post->neuron);
    Node *portn = kv_get(kvs, "port");
    Sym *port = NULL;
    if (portn) {
        if (portn->kind != N_NAME || !(port = scope_find_local(nsc, portn->name)) || port->kind != SYM_PORT) {
            diag_error(portn->sp, "neuron '%s' has no input '%s'", post->neuron->name,
                       portn->kind == N_NAME ? portn->name : "?");
            diag_note(def_name(post->neuron)->sp, "'%s' defined here", post->neuron->name);
            return -1;
        }
    } else {
        int count = 0;
        for (int i = 0; i < nsc->syms.n; i++) {
            Sym *z = nsc->syms.v[i];
            if (z->kind == SYM_PORT && dim_eq(z->dim, w->dim)) {
                port = z;
                count++;
            }
        }
        bool any = false;
        for (int i = 0; i < nsc->syms.n; i++)
            any |= ((Sym *)nsc->syms.v[i])->kind == SYM_PORT;
        if (!any) {
            diag_error(connect_post(decl)->sp, "neuron '%s' has no inputs, so population '%s' cannot receive connections",
                       post->neuron->name, post->name);
            return -1;
        }
        if (count != 1) {
            diag_error(decl->sp, "%s: say which input of '%s' this connection feeds, with 'port: NAME'",
                       count ? "more than one input fits" : "no input of matching dimension", post->neuron->name);
            return -1;
        }
    }
    if (!dim_eq(port->dim, w->dim)) {
        diag_error(syn->sp, "synapse '%s' produces %s but input '%s' of '%s' is %s", sdef->name, dim_str(w->dim),
                   port->name, post->neuron->name, dim_str(port->dim));
        diag_note(port->decl->sp, "'%s' declared here", port->name);
        return -1;
    }
    *syn_out = syn;
    *sdef_out = sdef;
    *w_out = w;
    return find_kernel(s, post, syn, port, sdef);
}

/* connect [NAME =] PRE -> POST { rule | synapse | port | weight | delay | autapses | plasticity | dynamics } */
bool check_connect(Sema *s, Node *decl)
{
    Model *m = s->m;
    Proj *pj = arena_alloc(sizeof *pj);
    pj->decl = decl;
    pj->index = m->projs.n;
    if (!resolve_endpoint(s, connect_pre(decl), &pj->pre, &pj->pre_lo, &pj->pre_n) ||
        !resolve_endpoint(s, connect_post(decl), &pj->post, &pj->post_lo, &pj->post_n))
        return false;
    Pop *post = m->pops.v[pj->post];
    pj->name = connect_name(decl) ? connect_name(decl)->name
                                  : arena_printf("%s->%s", node_text(connect_pre(decl)), node_text(connect_post(decl)));
    for (int i = 0; i < m->projs.n; i++)
        if (strcmp(((Proj *)m->projs.v[i])->name, pj->name) == 0) {
            pj->name = arena_printf("%s_%d", pj->name, m->projs.n);
            break;
        }
    pj->cname = arena_printf("prj%d", pj->index);
    pj->mod = -1;
    Node *kvs = connect_opts(decl);
    static const char *keys[] = {"rule", "synapse", "port", "weight", "delay", "autapses", "plasticity", "dynamics"};
    for (int i = 0; i < kvs->nkid; i++) {
        Node *k = kv_key(list_at(kvs, i));
        bool known = false;
        for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++)
            known |= strcmp(k->name, keys[j]) == 0;
        if (!known) {
            Suggest g;
            suggest_init(&g, k->name);
            for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++)
                suggest_offer(&g, keys[j]);
            if (suggest_best(&g))
                diag_error(k->sp, "unknown key '%s' in connect%s", k->name, did_you_mean(&g));
            else
                diag_error(k->sp,
                           "unknown key '%s' in connect (rule, synapse, port, weight, delay, autapses, plasticity, dynamics)",
                           k->name);
            return false;
        }
        if (!kv_once(kvs, i))
            return false;
    }
    if (post->kind != POP_NEURON) {
        diag_error(connect_post(decl)->sp, "population '%s' is a spike source (%s) and cannot receive connections",
                   post->name, post->kind == POP_SPIKE_FILE     ? "spike_file"
                   : post->kind == POP_FIXED_TRAINS ? "fixed_trains"
                   : post->kind == POP_STIMSET      ? "stimulus_set"
                                                    : "templates");
        return false;
    }
    /* rule */
    Node *rule = kv_get(kvs, "rule");
    if (!rule) {
        diag_error(decl->sp, "connect needs a 'rule:' (all, one_to_one, probability(p), indegree(k), total(n), file(\"...\"), "
                             "when(condition))");
        return false;
    }
    Ctx cg = {s->g, 0, "a connection rule"};
    if (!check_rule_form(rule))
        return false;
    const char *rn = rule->kind == N_NAME ? rule->name : call_name(rule)->name;
    pj->rule_text = node_text(rule);
    if (strcmp(rn, "all") == 0)
        pj->rule = RULE_ALL;
    else if (strcmp(rn, "one_to_one") == 0) {
        pj->rule = RULE_ONE_TO_ONE;
        ((Pop *)m->pops.v[pj->pre])->sliced = ((Pop *)m->pops.v[pj->post])->sliced = true;
        if (pj->pre_n != pj->post_n) {
            diag_error(rule->sp, "one_to_one needs equal sizes, but %d neurons connect to %d", pj->pre_n, pj->post_n);
            return false;
        }
    } else if (strcmp(rn, "when") != 0) { /* probability, indegree, total, file */
        Node *arg = arg_value(list_at(call_args(rule), 0));
        pj->rule_arg = arg;
        if (strcmp(rn, "file") == 0) {
            pj->rule = RULE_FILE;
            if (arg->kind != N_STR) {
                diag_error(arg->sp, "file() takes a file name in quotes");
                return false;
            }
            Param *fp = new_param(m, arena_printf("%s.file", pj->name), DIM_NONE, arg, -1, NULL);
            fp->is_string = true;
        } else if (strcmp(rn, "probability") == 0) {
            pj->rule = RULE_PROB;
            double v;
            if (!check_dim(arg, &cg, &DIM_NONE, "a connection probability"))
                return false;
            if (sema_const_eval(arg, &v) && !(v >= 0 && v <= 1)) {
                diag_error(arg->sp, "connection probability %g is outside [0, 1]", v);
                return false;
            }
        } else if (strcmp(rn, "total") == 0) {
            /* the runtime checks the value again (connect.c): --set may change it */
            pj->rule = RULE_TOTAL;
            double v;
            if (!check_dim(arg, &cg, &DIM_NONE, "the total number of synapses"))
                return false;
            if (sema_const_eval(arg, &v) && !(v >= 0 && v <= 0x1p40)) {
                diag_error(arg->sp, "total number of synapses %g is outside [0, 2^40]", v);
                return false;
            }
        } else {
            pj->rule = RULE_INDEGREE;
            int k;
            if (!const_count(arg, &cg, "the in-degree", &k))
                return false;
            if (k > pj->pre_n) {
                diag_error(arg->sp, "in-degree %d is larger than the %d presynaptic neurons", k, pj->pre_n);
                return false;
            }
        }
    } else {
        /* when(CONDITION): a synapse for every pair (i, j) where the condition holds; it may use the
         * indices i, j within the endpoints, the grid coordinates x_pre ... z_post and rand() */
        Node *cond = arg_value(list_at(call_args(rule), 0));
        pj->rule = RULE_WHEN;
        pj->rule_arg = cond;
        Scope *ws = scope_new(s->g);
        static const char *names[] = {"i", "j", "x_pre", "y_pre", "z_pre", "x_post", "y_post", "z_post"};
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            scope_add(ws, SYM_BUILTIN, names[k], NULL)->dim = DIM_NONE;
        Ctx wc = {ws, ALLOW_STEP_RAND, "a connection condition"};
        if (!check_expr(cond, &wc))
            return false;
        if (!cond->is_bool) {
            diag_error(cond->sp, "when() takes a condition, such as i == j or rand() < 0.1");
            return false;
        }
        for (int side = 0; side < 2; side++) {
            Pop *p = m->pops.v[side ? pj->post : pj->pre];
            const char *c3[3] = {side ? "x_post" : "x_pre", side ? "y_post" : "y_pre", side ? "z_post" : "z_pre"};
            for (int d = 0; d < 3; d++)
                if (!p->grid[0] && uses_name(cond, c3[d])) {
                    diag_error(rule->sp, "'%s' needs a grid: population '%s' has none (add 'on grid(X, Y, Z)')", c3[d], p->name);
                    return false;
                }
        }
    }
    /* synapse kernel and port */
    Node *syn, *sdef;
    Sym *w;
    if ((pj->kernel = connect_kernel(s, decl, post, &syn, &sdef, &w)) < 0)
        return false;
    /* weight and delay */
    Ctx cr = {s->g, ALLOW_RANDOM, "a weight"};
    pj->weight = kv_get(kvs, "weight");
    if (!pj->weight) {
        diag_error(decl->sp, "connect needs a 'weight:'");
        return false;
    }
    if (!check_dim(pj->weight, &cr, &w->dim, "the weight")) {
        diag_note(def_weight_dim(sdef)->sp, "synapse '%s' takes %s weights", sdef->name, dim_short(w->dim));
        return false;
    }
    pj->delay = kv_get(kvs, "delay");
    if (pj->delay) {
        Dim t = dim_time();
        cr.where = "a delay";
        if (!check_dim(pj->delay, &cr, &t, "the delay"))
            return false;
        double v;
        if (sema_const_eval(pj->delay, &v) && !(v >= 0)) {
            diag_error(pj->delay->sp, "a delay cannot be negative");
            return false;
        }
    }
    /* dynamics: tsodyks(U = u, D = T, F = T): short-term depression and facilitation (Tsodyks-Markram,
     * CSIM convention); the arguments may be random, one value per synapse */
    Node *dy = kv_get(kvs, "dynamics");
    if (dy) {
        if (dy->kind != N_CALL || strcmp(call_name(dy)->name, "tsodyks") != 0) {
            diag_error(dy->sp, "dynamics: is tsodyks(U = ..., D = ..., F = ...)");
            return false;
        }
        Ctx dc = {s->g, ALLOW_RANDOM, "a synapse parameter"};
        Dim t = dim_time();
        Node *args = call_args(dy);
        for (int i = 0; i < args->nkid; i++) {
            Node *a = list_at(args, i);
            const char *an = arg_name(a) ? arg_name(a)->name : "";
            bool isU = strcmp(an, "U") == 0, isD = strcmp(an, "D") == 0, isF = strcmp(an, "F") == 0;
            if (!isU && !isD && !isF) {
                diag_error(a->sp, "tsodyks takes U = (0..1), D = (a time) and F = (a time)");
                return false;
            }
            if (!check_dim(arg_value(a), &dc, isU ? &DIM_NONE : &t, isU ? "U" : isD ? "D" : "F"))
                return false;
            *(isU ? &pj->stp_U : isD ? &pj->stp_D : &pj->stp_F) = arg_value(a);
        }
        if (!pj->stp_U || !pj->stp_D || !pj->stp_F) {
            diag_error(dy->sp, "tsodyks needs U, D and F, as in tsodyks(U = 0.5, D = 1.1 s, F = 20 ms)");
            return false;
        }
        pj->stp = dy;
    }
    Node *pl = kv_get(kvs, "plasticity");
    if (pl) {
        if (pl->kind == N_NAME)
            pl = ast_new(N_CALL, pl->sp, 2, pl, ast_list(pl->sp));
        Sym *py = pl->kind == N_CALL ? scope_find(s->g, call_name(pl)->name) : NULL;
        if (!py || py->kind != SYM_PLASTICITY) {
            if (pl->kind == N_CALL)
                unknown_definition(s, pl->sp, call_name(pl)->name, SYM_PLASTICITY, "plasticity rule");
            else
                diag_error(pl->sp, "expected a plasticity rule, such as stdp_pair(w_max = 2 nS)");
            return false;
        }
        RuleUse use = {syn, sdef, w->dim};
        if (!check_args(s, py->decl, call_args(pl), "plasticity rule", &use, NULL) || !check_rule_use(py->decl, pl, &use))
            return false;
        pj->plast = py->decl;
        pj->plast_call = pl;
    }
    pj->autapses = true;
    Node *au = kv_get(kvs, "autapses");
    if (au) {
        if (au->kind != N_NAME || (strcmp(au->name, "true") && strcmp(au->name, "false"))) {
            diag_error(au->sp, "autapses: is true or false");
            return false;
        }
        pj->autapses = strcmp(au->name, "true") == 0;
    }
    if (pj->plast) {
        Node *formals = def_params(pj->plast);
        pj->mod = -1;
        for (int i = 0; i < formals->nkid; i++) {
            Node *f = list_at(formals, i);
            Node *a = find_arg(call_args(pj->plast_call), f->name);
            if (!param_default(f)) { /* the modulator */
                if (!a) {
                    diag_error(pj->plast_call->sp, "rule '%s' needs a modulator for '%s', as in %s(%s = reward)",
                               pj->plast->name, f->name, pj->plast->name, f->name);
                    return false;
                }
                pj->mod = ((Modulator *)arg_value(a)->sym->data)->index;
                continue;
            }
            Sym *fy = scope_find_local(def_scope(pj->plast), f->name);
            Param *p = new_param(m, arena_printf("%s.%s", pj->name, f->name), dim_subst(fy->dim, w->dim),
                                 a ? arg_value(a) : param_default(f), pj->post, fy);
            p->proj = pj->index;
            vec_push(&pj->plast_params, p);
        }
        Node *body = def_body(pj->plast);
        for (int i = 0; i < body->nkid; i++) {
            Node *st = list_at(body, i);
            if (st->kind == N_TRACE)
                mark_divisors(ast_op(N_BINARY, st->sp, OP_DIV, 2, trace_tau(st), trace_tau(st)), &pj->plast_params);
        }
        Node *one = ast_num(decl->sp, 1, DIM_NONE, "1");
        pj->learning_param = m->params.n;
        new_param(m, arena_printf("%s.learning", pj->name), DIM_NONE, one, -1, NULL);
    }
    vec_push(&m->projs, pj);
    return true;
}

/* ---- modulator instances ------------------------------------------------- */

/* The labels an expression asks for: every constant other than -1 (no label)
 * that 'label' is compared with by == or != (the executable checks that the
 * stimulus set has them). */
static bool collect_labels(Model *m, Node *e)
{
    if (!e)
        return true;
    if (e->kind == N_BINARY && (e->op == OP_EQ || e->op == OP_NE)) {
        for (int side = 0; side < 2; side++) {
            Node *a = side ? bin_rhs(e) : bin_lhs(e), *b = side ? bin_lhs(e) : bin_rhs(e);
            double v;
            if (a->kind == N_NAME && strcmp(a->name, "label") == 0 && sema_const_eval(b, &v) && v != -1) {
                if (v != floor(v) || v < 0 || v > INT_MAX) {
                    diag_error(b->sp, "labels are whole numbers >= 0 (-1: a trial without one), so 'label' never "
                                      "equals %g", v);
                    return false;
                }
                bool labelled = false;
                for (int i = 0; i < m->pops.n; i++)
                    labelled |= ((Pop *)m->pops.v[i])->kind == POP_TEMPLATES || ((Pop *)m->pops.v[i])->kind == POP_STIMSET;
                if (!labelled) {
                    diag_error(b->sp, "'label' is -1 in every trial: the model has no labelled stimulus (templates or "
                                      "stimulus_set), so it never equals %g", v);
                    return false;
                }
                vec_push(&m->labels, b);
            }
        }
    }
    for (int i = 0; i < e->nkid; i++)
        if (!collect_labels(m, e->kid[i]))
            return false;
    return true;
}

/* Whether a checked expression reads the built-in NAME. */
static bool reads_builtin(const Node *e, const char *name)
{
    if (!e)
        return false;
    if (e->kind == N_NAME && e->sym && e->sym->kind == SYM_BUILTIN && strcmp(e->sym->name, name) == 0)
        return true;
    for (int i = 0; i < e->nkid; i++)
        if (reads_builtin(e->kid[i], name))
            return true;
    return false;
}

/* modulator NAME = KIND(args) of ENDPOINT { delay: T } */
bool check_modinst(Sema *s, Node *decl)
{
    Model *m = s->m;
    Node *call = modinst_type(decl);
    Sym *y = scope_find(s->g, call->name);
    if (!y || y->kind != SYM_MODDEF) {
        unknown_definition(s, call_name(call)->sp, call->name, SYM_MODDEF, "modulator kind");
        return false;
    }
    if (!check_instance_args(s, y->decl, call_args(call), "modulator", NULL))
        return false;
    Modulator *md = arena_alloc(sizeof *md);
    md->name = decl->name;
    md->decl = decl;
    md->def = y->decl;
    md->index = m->mods.n;
    if (!resolve_endpoint(s, modinst_source(decl), &md->pop, &md->lo, &md->n))
        return false;
    md->pop2 = -1;
    bool pairs = false;
    Node *body = def_body(md->def);
    for (int i = 0; i < body->nkid; i++)
        pairs |= list_at(body, i)->kind == N_ON;
    if (pairs != (modinst_pair(decl) != NULL)) {
        diag_error(decl->sp, pairs ? "modulator kind '%s' reacts to pairs of spikes: name two neurons, as in 'of learner, target'"
                                   : "modulator kind '%s' reacts to spikes of one endpoint; it has no 'on pair'",
                   md->def->name);
        return false;
    }
    if (pairs) {
        if (!resolve_endpoint(s, modinst_pair(decl), &md->pop2, &md->lo2, &md->n2))
            return false;
        if (md->n != 1 || md->n2 != 1) {
            diag_error(decl->sp, "'on pair' pairs the spikes of two single neurons, as in 'of out[0:1], target[0:1]'");
            return false;
        }
    }
    Node *kvs = modinst_opts(decl);
    for (int i = 0; i < kvs->nkid; i++) {
        Node *k = kv_key(list_at(kvs, i)), *v = kv_value(list_at(kvs, i));
        bool is_window = strcmp(k->name, "window") == 0;
        if (strcmp(k->name, "sign") == 0) {
            /* sign: an expression of the current trial's label and number, e.g. label == 0 ? 1 : -1,
             * and of the spiking neuron's place in the endpoint ('source'), e.g. source == 0 ? 1 : -1 */
            Scope *ls = scope_new(s->g);
            scope_add(ls, SYM_BUILTIN, "label", NULL)->dim = DIM_NONE;
            scope_add(ls, SYM_BUILTIN, "trial", NULL)->dim = DIM_NONE;
            if (!pairs)
                scope_add(ls, SYM_BUILTIN, "source", NULL)->dim = DIM_NONE;
            Ctx lc = {ls, 0, "a sign"};
            if (!check_dim(v, &lc, &DIM_NONE, "the sign") || !collect_labels(s->m, v))
                return false;
            md->sign = v;
            continue;
        }
        if (strcmp(k->name, "reset") == 0) {
            if (v->kind != N_NAME || strcmp(v->name, "trial") != 0) {
                diag_error(v->sp, "a modulator is reset at each 'trial'");
                return false;
            }
            md->reset_trial = true;
            continue;
        }
        if (strcmp(k->name, "delay") != 0 && !(pairs && is_window)) {
            diag_error(k->sp, "unknown key '%s' of a modulator (delay, sign, reset%s)", k->name, pairs ? ", window" : "");
            return false;
        }
        Ctx c = {s->g, 0, is_window ? "a window" : "a delay"};
        Dim t = dim_time();
        if (!check_dim(v, &c, &t, is_window ? "the pairing window" : "the delay"))
            return false;
        if (is_window)
            md->window = v;
        else
            md->delay = v;
    }
    if (pairs && !md->window) {
        diag_error(decl->sp, "a pair modulator needs 'window: T', the largest time between paired spikes");
        return false;
    }
    bool per_trial = reads_builtin(md->sign, "label") || reads_builtin(md->sign, "trial");
    if ((per_trial || md->reset_trial) && !s->m->trial) {
        diag_error(decl->sp, "a modulator's 'reset', and 'label' or 'trial' in its sign, need trials: give the trial length in "
                              "the experiment");
        return false;
    }
    Sym *ms = declare(s->g, SYM_MOD, modinst_name(decl), decl);
    if (!ms)
        return false;
    ms->data = md;
    Node *formals = def_params(md->def);
    for (int i = 0; i < formals->nkid; i++) {
        Node *f = list_at(formals, i);
        Node *a = find_arg(call_args(call), f->name), *v = a ? arg_value(a) : param_default(f);
        Param *p = new_param(m, arena_printf("%s.%s", md->name, f->name), param_default(f)->ty, v, -1,
                             scope_find_local(def_scope(md->def), f->name));
        p->mod = md->index;
        vec_push(&md->params, p);
    }
    vec_push(&m->mods, md);
    return true;
}
