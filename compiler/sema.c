/*
 * sema.c: from syntax trees to a checked model -- the order of the checks.
 * Files are loaded (sema_import.c), then definitions and global parameters
 * are checked in file order (sema_def.c, sema_expr.c), then populations, then
 * what refers to them: modulator instances and connections (sema_net.c), and
 * the experiment (sema_exp.c); last, values the run would reject are reported
 * at their source.  The result is the Model that the later passes (ode.c,
 * lower.c, cgen.c) read; sema decides nothing about execution.  Each check
 * reports at the offending span and, where another declaration is involved,
 * adds a note pointing at it.
 */
#define _DEFAULT_SOURCE /* realpath */
#include "sema.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- values the run would reject, reported at their source --------------- */

/* A parameter's value if its default is made of literals (and global params). */
static bool param_value(Param *p, double *v) { return p->def && !p->is_string && sema_const_eval(p->def, v); }

static Param *pop_param(Pop *p, Sym *s)
{
    for (int i = 0; i < p->params.n; i++)
        if (((Param *)p->params.v[i])->sym == s)
            return p->params.v[i];
    return NULL;
}

/* Values the run would reject anyway are reported here, at their source. */
static bool check_constants(Model *m)
{
    bool ok = true;
    double dt = 1e-4, v;
    if (m->dt)
        sema_const_eval(m->dt, &dt);
    for (int i = 0; i < m->params.n; i++) {
        Param *p = m->params.v[i];
        if (p->positive && param_value(p, &v) && !(v > 0)) {
            diag_error(p->def->sp, "%s must be positive: it divides in an equation", p->name);
            ok = false;
        }
    }
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        if (p->kind != POP_NEURON)
            continue;
        Node *body = def_body(p->neuron);
        for (int k = 0; k < body->nkid; k++) {
            Node *st = list_at(body, k);
            if (st->kind != N_REFRACTORY)
                continue;
            Node *e = refractory_period(st);
            Param *pp = e->kind == N_NAME && e->sym && e->sym->kind == SYM_PARAM ? pop_param(p, e->sym) : NULL;
            if (pp ? param_value(pp, &v) : sema_const_eval(e, &v))
                if (!(v >= 0)) {
                    diag_error(pp ? pp->def->sp : e->sp, "the refractory period of '%s' cannot be negative", p->name);
                    ok = false;
                }
        }
    }
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (pj->delay && sema_const_eval(pj->delay, &v) && v < dt * (1 - 1e-9)) {
            diag_error(pj->delay->sp, "delay %g ms is shorter than the time step %g ms", v * 1e3, dt * 1e3);
            diag_note(pj->delay->sp, "spikes take at least one step to arrive");
            ok = false;
        }
    }
    for (int i = 0; i < m->records.n; i++) {
        Record *r = m->records.v[i];
        if (!r->every || !sema_const_eval(r->every, &v))
            continue;
        double k = v / dt;
        if (!(v > 0)) {
            diag_error(r->every->sp, "the recording interval must be positive");
            ok = false;
        } else if (fabs(k - round(k)) > 1e-6 * k) {
            diag_error(r->every->sp, "the recording interval %g ms is not a multiple of the time step %g ms", v * 1e3,
                       dt * 1e3);
            ok = false;
        }
    }
    return ok;
}

/* ---- the order of the checks --------------------------------------------- */

/* A population keeps a size --set can change only when every use takes it
 * whole: families, slices, grids, one_to_one pairs and per-neuron files are
 * laid out when the model is compiled, so there the size is a constant and
 * the parameters it reads are fixed. */
static bool settle_sizes(Model *m, Scope *g)
{
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        if (!p->size_expr || !(p->sliced || p->families.n || p->grid[0] || p->kind != POP_NEURON ||
                               p->init_files.n || p->param_files.n))
            continue;
        Ctx c = {g, 0, "a population size"};
        if (!const_count(p->size_expr, &c, "the population size", &p->size)) {
            diag_note(p->size_expr->sp, "a size set at run time must not be split, sliced or laid on a grid");
            return false;
        }
        p->size_expr = NULL;
    }
    return true;
}

static void add_builtins(Scope *g)
{
    static const char *names[] = {"t", "dt", "true", "false", "pi"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        Sym *y = scope_add(g, SYM_BUILTIN, names[i], NULL);
        y->dim = i < 2 ? dim_time() : DIM_NONE;
    }
}

/* Every check, in order; false after errors (reported). */
static bool check_model(Sema *s)
{
    Model *m = s->m;
    if (!load_file(s, s->root))
        return false;
    bool ok = true;
    /* sim.* parameters first, so that their indices are stable */
    Param *pt = new_param(m, "sim.time", dim_time(), NULL, -1, NULL);
    Param *pd = new_param(m, "sim.dt", dim_time(), NULL, -1, NULL);
    Param *ps = new_param(m, "sim.seed", DIM_NONE, NULL, -1, NULL);
    pt->positive = pd->positive = true;
    (void)ps;
    /* definitions and global parameters, in file order (imports first) */
    for (int f = 0; f < m->files.n; f++) {
        Node *items = file_items(m->files.v[f]);
        for (int i = 0; i < items->nkid; i++) {
            Node *it = list_at(items, i);
            if (it->kind == N_NEURON || it->kind == N_SYNAPSE) {
                Sym *y = declare(s->g, it->kind == N_NEURON ? SYM_NEURON : SYM_SYNAPSE, def_name(it), it);
                if (!y || !check_definition(s, it))
                    ok = false;
            } else if (it->kind == N_PLASTICITY) {
                Sym *y = declare(s->g, SYM_PLASTICITY, def_name(it), it);
                if (!y || !check_plasticity(s, it))
                    ok = false;
            } else if (it->kind == N_MODULATOR) {
                Sym *y = declare(s->g, SYM_MODDEF, def_name(it), it);
                if (!y || !check_moddef(s, it))
                    ok = false;
            } else if (it->kind == N_PARAM) {
                Ctx c = {s->g, 0, "a parameter"};
                if (!check_dim(param_default(it), &c, NULL, arena_printf("parameter '%s'", it->name))) {
                    ok = false;
                    continue;
                }
                Sym *y = declare(s->g, SYM_GPARAM, param_name(it), it);
                if (!y) {
                    ok = false;
                    continue;
                }
                y->dim = param_default(it)->ty;
                y->param = new_param(m, it->name, y->dim, param_default(it), -1, y);
            }
        }
    }
    if (!ok)
        return false;
    /* whether there are trials is needed before the experiment block is checked */
    for (int f = 0; f < m->files.n; f++) {
        Node *items = file_items(m->files.v[f]);
        for (int i = 0; i < items->nkid; i++) {
            if (list_at(items, i)->kind != N_EXPERIMENT)
                continue;
            Node *ex = experiment_items(list_at(items, i));
            for (int k = 0; k < ex->nkid; k++) {
                Node *it = list_at(ex, k);
                if (it->kind == N_KV && strcmp(kv_key(it)->name, "trial") == 0)
                    m->trial = kv_value(it);
            }
        }
    }
    for (int f = 0; f < m->files.n; f++) {
        Node *items = file_items(m->files.v[f]);
        for (int i = 0; i < items->nkid; i++) {
            Node *it = list_at(items, i);
            if (it->kind == N_POPULATION)
                ok = check_population(s, it) && ok;
        }
    }
    /* then what refers to populations: modulators, connections, the experiment.
     * Every item of a kind is checked, so that all bad connections are
     * reported; a kind is checked only if those it refers to were fine, so
     * that one mistake does not come back as another's unknown name. */
    static const NodeKind later[] = {N_MODINST, N_CONNECT, N_EXPERIMENT};
    for (size_t k = 0; k < sizeof later / sizeof later[0] && ok; k++)
        for (int f = 0; f < m->files.n; f++) {
            Node *items = file_items(m->files.v[f]);
            for (int i = 0; i < items->nkid; i++) {
                Node *it = list_at(items, i);
                if (it->kind != later[k])
                    continue;
                ok = (later[k] == N_MODINST   ? check_modinst(s, it)
                      : later[k] == N_CONNECT ? (connect_pre(it)->kind == N_CALL ? check_drive(s, it) : check_connect(s, it))
                                              : check_experiment(s, it)) &&
                     ok;
            }
        }
    if (!ok)
        return false;
    if (m->pops.n == 0) {
        const SrcFile *f = src_get(s->root);
        Span end = {s->root, (int)f->len, (int)f->len};
        diag_error(end, "the model has no population (a file of definitions is imported by a model, not built)");
        return false;
    }
    if (m->phases.n && !m->trial) {
        diag_error(((Phase *)m->phases.v[0])->decl->sp, "phases count trials: give the trial length, as in 'trial 3 s'");
        return false;
    }
    if (m->phases.n && m->time) {
        diag_error(m->time->sp, "with phases the simulated time is the sum of the trials; remove 'time'");
        return false;
    }
    for (int i = 0; i < m->reports.n; i++)
        if (((Report *)m->reports.v[i])->t0 && !m->trial) {
            diag_error(((Report *)m->reports.v[i])->t0->sp, "spikes are counted per trial: give the trial length, as in 'trial 3 s'");
            return false;
        }
    if (!check_constants(m))
        return false;
    if (!check_recorded_inputs(m))
        return false;
    if (!settle_sizes(m, s->g))
        return false;
    for (int i = 0; i < m->params.n; i++) {
        Param *p = m->params.v[i];
        if (p->sym && p->sym->kind == SYM_GPARAM && p->sym->shapes_network)
            p->fixed = true;
    }
    return true;
}

static Sema sema_new(Model *m, int root, SearchPath *sp)
{
    Sema s = {0};
    const char *path = src_get(root)->path;
    m->path = path;
    m->hash = 0xcbf29ce484222325ULL;
    s.m = m;
    s.path = sp;
    s.g = scope_new(NULL);
    m->globals = s.g;
    add_builtins(s.g);
    s.root = root;
    char *canon = realpath(path, NULL); /* a file that imports itself */
    vec_push(&s.loaded, canon ? arena_strdup(canon) : (void *)path);
    free(canon);
    return s;
}

Model *sema_check(int root, SearchPath *sp, bool *ok)
{
    Model *m = arena_alloc(sizeof *m);
    Sema s = sema_new(m, root, sp);
    *ok = check_model(&s);
    return m;
}

Model *sema_load(int root, SearchPath *sp)
{
    bool ok;
    Model *m = sema_check(root, sp, &ok);
    return ok ? m : NULL;
}
