/*
 * sema_exp.c: the experiment block -- seed, time step, simulated time,
 * trials and phases (trial counts, stimulus order, learning on or off,
 * parameter changes), what is recorded, reported, reset at each trial and
 * guarded.  Targets are the network's endpoints, connections and modulators,
 * so the experiment is checked after the network.
 */
#include "sema.h"

#include <math.h>
#include <string.h>

/* ---- records and guards -------------------------------------------------- */

/* The position of state `name` among a definition's 'state' declarations, or -1. */
static int state_index(Node *body, const char *name)
{
    for (int i = 0, n = 0; i < body->nkid; i++)
        if (list_at(body, i)->kind == N_STATE) {
            if (strcmp(list_at(body, i)->name, name) == 0)
                return n;
            n++;
        }
    return -1;
}

/* The names of a definition's 'state' declarations, "'a', 'b'" (for messages). */
static const char *state_names(Node *body, const char *first)
{
    const char *out = first ? arena_printf("'%s'", first) : "";
    for (int i = 0; i < body->nkid; i++)
        if (list_at(body, i)->kind == N_STATE)
            out = arena_printf("%s%s'%s'", out, *out ? ", " : "", list_at(body, i)->name);
    return out;
}

/* 'record edges of TARGETS [every T]': the connectivity as SONATA edges, at the
 * start, every T and at the end.  A target is a connection, or a population
 * standing for every connection from or to it; one Record (REC_EDGES) per
 * connection, each once. */
static bool check_record_edges(Sema *s, Ctx *c, Node *it, int phase)
{
    Model *m = s->m;
    Dim t = dim_time();
    Node *ts = record_targets(it);
    if (phase >= 0) {
        diag_error(it->sp, "connectivity is recorded for the whole run: put 'record edges' in the experiment, not in a phase");
        return false;
    }
    for (int i = 0; i < m->records.n; i++)
        if (((Record *)m->records.v[i])->kind == REC_EDGES) {
            diag_error(it->sp, "a second 'record edges': name every connection in one, with one interval");
            return false;
        }
    if (record_every(it) && !check_dim(record_every(it), c, &t, "the interval of 'record edges'"))
        return false;
    bool ok = true;
    const int first = m->records.n;
    for (int k = 0; k < ts->nkid; k++) {
        Node *tg = list_at(ts, k);
        bool whole = !target_family(tg) && !target_lo(tg);
        Sym *ps = whole ? scope_find(s->g, tg->name) : NULL;
        int pop = ps && ps->kind == SYM_POP ? ((Pop *)ps->data)->index : -1, found = 0;
        for (int q = 0; q < m->projs.n && whole; q++) {
            Proj *pj = m->projs.v[q];
            if (pop >= 0 ? pj->pre != pop && pj->post != pop : strcmp(pj->name, tg->name) != 0)
                continue;
            found++;
            bool seen = false;
            for (int i = first; i < m->records.n && !seen; i++)
                seen = ((Record *)m->records.v[i])->proj == q;
            if (seen)
                continue;
            Record *r = arena_alloc(sizeof *r);
            *r = (Record){.kind = REC_EDGES, .proj = q, .mod = -1, .mvar = -1, .phase = -1, .every = record_every(it),
                          .sp = it->sp, .label = pj->name};
            vec_push(&m->records, r);
        }
        if (!found) {
            diag_error(tg->sp, pop >= 0 ? "population '%s' has no connections" : "'%s' is neither a connection nor a population",
                       node_text(tg));
            ok = false;
        }
    }
    return ok;
}

/* 'record WHAT of TARGETS [every T]', in the experiment (phase -1) or in a phase:
 * one Record per target */
static bool check_record(Sema *s, Ctx *cp, Node *it, int phase)
{
    Model *m = s->m;
    Ctx c = *cp;
    Dim t = dim_time();
    bool ok = true;
    Node *whatn = record_what(it), *ts = record_targets(it);
    const char *what = whatn->name;
    if (strcmp(what, "edges") == 0)
        return check_record_edges(s, cp, it, phase);
    for (int k = 0; k < ts->nkid; k++) {
        Record *r = arena_alloc(sizeof *r);
        r->sp = it->sp;
        r->phase = phase;
        r->mod = r->mvar = -1;
        Node *tg = list_at(ts, k);
        bool whole = !target_family(tg) && !target_lo(tg); /* no .family, no [lo:hi] */
        /* record w (or a per-synapse state of the rule) of CONNECTION every T */
        Proj *wp = NULL;
        for (int q = 0; q < m->projs.n && whole; q++)
            if (strcmp(((Proj *)m->projs.v[q])->name, tg->name) == 0)
                wp = m->projs.v[q];
        Sym *ms = whole ? scope_find(s->g, tg->name) : NULL;
        if (wp) {
            if (!wp->plast) {
                diag_error(tg->sp, "connection '%s' is not plastic; its weights do not change", wp->name);
                ok = false;
                continue;
            }
            r->kind = REC_WEIGHTS;
            r->proj = wp->index;
            r->label = wp->name;
            Node *body = def_body(wp->plast);
            r->svar = strcmp(what, "w") == 0 ? 0 : state_index(body, what) + 1; /* 0: w, k: the k-th state */
            if (r->svar == 0 && strcmp(what, "w") != 0) {
                diag_error(whatn->sp, "cannot record '%s' of connection '%s': the per-synapse states of rule '%s' are %s",
                           what, wp->name, wp->plast->name, state_names(body, "w"));
                ok = false;
                continue;
            }
            r->every = record_every(it);
            if (!r->every) {
                diag_error(it->sp, "synapse states are recorded at intervals: add 'every T'");
                ok = false;
                continue;
            }
            if (!check_dim(r->every, &c, &t, "the recording interval")) {
                ok = false;
                continue;
            }
            vec_push(&m->records, r);
            continue;
        }
        if (ms && ms->kind == SYM_MOD) { /* record output (or a state) of MODULATOR [every T] */
            Modulator *md = ms->data;
            r->kind = REC_STATE;
            r->pop = -1;
            r->mod = md->index;
            r->lo = 0;
            r->n = 1;
            r->label = md->name;
            Node *body = def_body(md->def);
            if (strcmp(what, "output") != 0)
                r->mvar = state_index(body, what);
            if (strcmp(what, "output") != 0 && r->mvar < 0) {
                diag_error(whatn->sp, "cannot record '%s' of modulator '%s': it has %s", what, md->name,
                           state_names(body, "output"));
                ok = false;
                continue;
            }
            r->every = record_every(it);
            if (r->every && !check_dim(r->every, &c, &t, "the recording interval")) {
                ok = false;
                continue;
            }
            vec_push(&m->records, r);
            continue;
        }
        if (!resolve_endpoint(s, tg, &r->pop, &r->lo, &r->n)) {
            ok = false;
            continue;
        }
        r->label = node_text(tg);
        Pop *p = m->pops.v[r->pop];
        if (strcmp(what, "spikes") == 0) {
            r->kind = REC_SPIKES;
            if (record_every(it)) {
                diag_error(record_every(it)->sp, "spikes are recorded as they happen; 'every' is for state variables");
                ok = false;
            }
        } else {
            r->kind = REC_STATE;
            Sym *y = p->kind == POP_NEURON ? scope_find_local(def_scope(p->neuron), what) : NULL;
            if (!y || (y->kind != SYM_STATE && y->kind != SYM_PORT)) {
                static const SymKind recordable[] = {SYM_STATE, SYM_PORT};
                Suggest g;
                suggest_init(&g, what);
                suggest_offer(&g, "spikes");
                if (p->kind == POP_NEURON)
                    offer_local(&g, def_scope(p->neuron), recordable, 2);
                diag_error(whatn->sp, "cannot record '%s': not 'spikes', a state variable or an input of '%s'%s",
                           what, p->name, did_you_mean(&g));
                ok = false;
                continue;
            }
            r->var = y;
            r->every = record_every(it);
            if (r->every && !check_dim(r->every, &c, &t, "the recording interval")) {
                ok = false;
                continue;
            }
        }
        vec_push(&m->records, r);
    }
    return ok;
}

/* 'guard WHAT of TARGETS in [lo, hi] [every T]': a state of whole populations,
 * the rate of endpoints over windows of T, or the weights of plastic
 * connections; bounds are constants of the checked quantity's dimension. */
static bool check_guard(Sema *s, Ctx *c, Node *it)
{
    Model *m = s->m;
    Node *whatn = guard_what(it), *ts = guard_targets(it), *range = guard_range(it), *every = guard_every(it);
    Node *lo = range_lo(range), *hi = range_hi(range);
    const char *what = whatn->name;
    bool rate = strcmp(what, "rate") == 0;
    Dim t = dim_time();
    if (rate && !every) {
        diag_error(it->sp, "a rate is counted over a window: add 'every T'");
        return false;
    }
    if (!rate && every) {
        diag_error(every->sp, "'every' is for rate guards; states and weights are checked whenever they change");
        return false;
    }
    double window = 0;
    if (rate && !check_dim(every, c, &t, "the guard's window"))
        return false;
    if (rate && (!sema_const_eval(every, &window) || !(window > 0))) {
        diag_error(every->sp, "the guard's window must be a positive constant");
        return false;
    }
    bool ok = true;
    for (int k = 0; k < ts->nkid; k++) {
        Node *tg = list_at(ts, k);
        Guard *gd = arena_alloc(sizeof *gd);
        gd->sp = it->sp;
        gd->text = node_text(it);
        gd->label = node_text(tg);
        gd->window = window;
        gd->proj = -1;
        Dim want;
        Proj *wp = NULL;
        for (int q = 0; q < m->projs.n && !target_family(tg) && !target_lo(tg); q++)
            if (strcmp(((Proj *)m->projs.v[q])->name, tg->name) == 0)
                wp = m->projs.v[q];
        if (wp && !rate) {
            if (!wp->plast || strcmp(what, "w") != 0) {
                diag_error(wp->plast ? whatn->sp : tg->sp,
                           wp->plast ? "a guard on connection '%s' checks its weights: 'guard w of %s in [lo, hi]'"
                                     : "connection '%s' is not plastic; its weights do not change",
                           wp->name, wp->name);
                ok = false;
                continue;
            }
            gd->kind = GUARD_WEIGHT;
            gd->proj = wp->index;
            want = wp->weight->ty;
        } else {
            if (!resolve_endpoint(s, tg, &gd->pop, &gd->lo, &gd->n)) {
                ok = false;
                continue;
            }
            Pop *p = m->pops.v[gd->pop];
            if (rate) {
                gd->kind = GUARD_RATE;
                want = dim_div(DIM_NONE, t);
            } else {
                Sym *y = p->kind == POP_NEURON ? scope_find_local(def_scope(p->neuron), what) : NULL;
                if (!y || y->kind != SYM_STATE) {
                    static const SymKind states[] = {SYM_STATE};
                    Suggest g;
                    suggest_init(&g, what);
                    suggest_offer(&g, "rate");
                    if (p->kind == POP_NEURON)
                        offer_local(&g, def_scope(p->neuron), states, 1);
                    diag_error(whatn->sp, "cannot guard '%s': not 'rate' or a state variable of '%s'%s", what,
                               p->name, did_you_mean(&g));
                    ok = false;
                    continue;
                }
                if (gd->lo != 0 || gd->n != p->size) {
                    diag_error(tg->sp, "a state guard covers a whole population: 'guard %s of %s in [lo, hi]'", what, p->name);
                    ok = false;
                    continue;
                }
                for (int q = 0; q < m->guards.n; q++) {
                    Guard *o = m->guards.v[q];
                    if (o->kind == GUARD_STATE && o->pop == gd->pop && o->var == y) {
                        diag_error(it->sp, "a second guard on %s of '%s'", what, p->name);
                        diag_note(o->sp, "the first is here");
                        ok = false;
                    }
                }
                gd->kind = GUARD_STATE;
                gd->var = y;
                want = y->dim;
            }
        }
        if (!check_dim(lo, c, &want, "the guard's lower bound") || !check_dim(hi, c, &want, "the guard's upper bound")) {
            ok = false;
            continue;
        }
        if (!sema_const_eval(lo, &gd->min) || !sema_const_eval(hi, &gd->max)) {
            diag_error(range->sp, "the bounds of a guard are constants");
            ok = false;
            continue;
        }
        if (!(gd->min < gd->max)) {
            diag_error(range->sp, "the lower bound of a guard must be below its upper bound");
            ok = false;
            continue;
        }
        vec_push(&m->guards, gd);
    }
    return ok;
}

/* A recorded input is the output state of the one kernel feeding it: after
 * the connections, when every population's kernels are known. */
bool check_recorded_inputs(Model *m)
{
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
    return true;
}

/* ---- the experiment block ------------------------------------------------ */

/* experiment -> 'experiment' '{' (seed | dt | time | trial | phase | record | report | guard | reset)* '}' */
bool check_experiment(Sema *s, Node *decl)
{
    Model *m = s->m;
    if (s->experiment) {
        diag_error(decl->sp, "second experiment block");
        diag_note(s->experiment->sp, "first experiment block is here");
        return false;
    }
    s->experiment = decl;
    Ctx c = {s->g, 0, "the experiment"};
    Dim t = dim_time();
    Node *items = experiment_items(decl);
    bool ok = true;
    for (int i = 0; i < items->nkid; i++) {
        Node *it = list_at(items, i);
        switch (it->kind) {
        case N_SEED: {
            double v;
            Node *seed = seed_value(it);
            if (!check_dim(seed, &c, &DIM_NONE, "the seed"))
                ok = false;
            else if (!sema_const_eval(seed, &v) || v < 0 || v != floor(v) || v > 1.8e19) {
                diag_error(seed->sp, "the seed must be a whole number from 0 to 1.8e19");
                ok = false;
            } else
                m->seed = seed;
            break;
        }
        case N_DT:
        case N_TIME: {
            const char *what = it->kind == N_DT ? "the time step" : "the simulated time";
            double v;
            Node *val = it->kind == N_DT ? dt_value(it) : time_value(it);
            if (!check_dim(val, &c, &t, what))
                ok = false;
            else if (sema_const_eval(val, &v) && !(v > 0)) {
                diag_error(val->sp, "%s must be positive", what);
                ok = false;
            } else if (it->kind == N_DT)
                m->dt = val;
            else
                m->time = val;
            break;
        }
        case N_RECORD:
            if (!check_record(s, &c, it, -1))
                ok = false;
            break;
        case N_GUARD:
            if (!check_guard(s, &c, it))
                ok = false;
            break;
        case N_KV: {
            Node *k = kv_key(it), *len = kv_value(it);
            if (strcmp(k->name, "trial") != 0) {
                diag_error(k->sp, "unknown item '%s' in the experiment", k->name);
                ok = false;
                break;
            }
            double v;
            if (!check_dim(len, &c, &t, "the trial length"))
                ok = false;
            else if (sema_const_eval(len, &v) && !(v > 0)) {
                diag_error(len->sp, "the trial length must be positive");
                ok = false;
            } else
                m->trial = len;
            break;
        }
        case N_PHASE: {
            Phase *ph = arena_alloc(sizeof *ph);
            ph->name = it->name;
            ph->decl = it;
            ph->learning = -1;
            Node *items2 = phase_items(it);
            for (int k = 0; k < items2->nkid; k++) {
                Node *pi = list_at(items2, k);
                const char *key = pi->kind == N_KV ? kv_key(pi)->name : "";
                Node *val = pi->kind == N_KV ? kv_value(pi) : NULL;
                if (strcmp(key, "trials") == 0) {
                    if (!const_count(val, &c, "the number of trials", &ph->trials))
                        ok = false;
                } else if (strcmp(key, "order") == 0) {
                    const char *v = val->kind == N_NAME ? val->name : "";
                    /* in the order of snn.h's SNN_ORDER_* */
                    static const char *const orders[] = {"sequential", "alternating", "random", "alternating_random",
                                                         "by_label"};
                    ph->order = -1;
                    for (int q = 0; q < 5; q++)
                        if (strcmp(v, orders[q]) == 0)
                            ph->order = q;
                    if (ph->order < 0) {
                        diag_error(val->sp, "the stimulus order is 'sequential', 'alternating' (labels in turn), "
                                                   "'random', 'alternating_random' (labels in turn, a random entry of "
                                                   "each) or 'by_label' (all entries of each label in turn)");
                        ok = false;
                    }
                } else if (strcmp(key, "learning") == 0) {
                    const char *v = val->kind == N_NAME ? val->name : "";
                    if (strcmp(v, "on") && strcmp(v, "off")) {
                        diag_error(val->sp, "learning is 'on' or 'off'");
                        ok = false;
                    }
                    ph->learning = strcmp(v, "on") == 0;
                } else if (pi->kind == N_ASSIGN && pi->nkid == 4 && strcmp(set_word(pi)->name, "set") == 0) {
                    const char *pname = arena_printf("%s.%s", set_pop(pi)->name, set_param(pi)->name);
                    Param *target = NULL;
                    for (int q = 0; q < m->params.n; q++)
                        if (strcmp(((Param *)m->params.v[q])->name, pname) == 0)
                            target = m->params.v[q];
                    if (!target || target->is_string) {
                        Suggest g;
                        suggest_init(&g, pname);
                        for (int q = 0; q < m->params.n; q++)
                            if (!((Param *)m->params.v[q])->is_string)
                                suggest_offer(&g, ((Param *)m->params.v[q])->name);
                        Span at = span_join(set_pop(pi)->sp, set_param(pi)->sp);
                        if (suggest_best(&g))
                            diag_error(at, "unknown parameter '%s'%s", pname, did_you_mean(&g));
                        else
                            diag_error(at, "unknown parameter '%s' (see --list-params of the executable)", pname);
                        ok = false;
                        continue;
                    }
                    /* neuron and synaptic-kernel parameters are re-evaluated at every phase start
                     * (refresh); the others are folded into connectivity, weights, rule and modulator
                     * tables or generated trains at start-up, and a change would silently not apply */
                    if (target->pop < 0 || target->fixed || target->proj >= 0 || target->mod >= 0 ||
                        ((Pop *)m->pops.v[target->pop])->kind != POP_NEURON) {
                        diag_error(set_pop(pi)->sp,
                                   "a phase cannot change '%s': only parameters of neurons and of their synapse "
                                   "kernels change during a run; this one is used once, at start-up",
                                   pname);
                        if (target->proj >= 0)
                            diag_note(pi->sp, "plasticity is switched with 'learning on|off'");
                        ok = false;
                        continue;
                    }
                    if (!check_dim(set_value(pi), &c, &target->dim, arena_printf("the value of %s", pname))) {
                        ok = false;
                        continue;
                    }
                    vec_push(&ph->sets, target);
                    vec_push(&ph->values, set_value(pi));
                } else if (pi->kind == N_RECORD) {
                    if (!check_record(s, &c, pi, m->phases.n))
                        ok = false;
                } else {
                    diag_error(pi->sp, "a phase holds 'trials N', 'learning on|off', 'order ...', 'set POP.PARAM = value' and 'record'");
                    ok = false;
                }
            }
            if (ok && !ph->trials) {
                diag_error(phase_name(it)->sp, "phase '%s' needs 'trials N'", ph->name);
                ok = false;
            }
            vec_push(&m->phases, ph);
            break;
        }
        case N_TRIAL_RESET: { /* reset POP, ... every trial */
            if (strcmp(trial_reset_every(it)->name, "trial") != 0) {
                diag_error(trial_reset_every(it)->sp, "a population is reset at the start of every trial: 'reset POP every trial'");
                ok = false;
                break;
            }
            Node *ts = trial_reset_targets(it);
            for (int k = 0; k < ts->nkid; k++) {
                int pop, lo, n;
                if (!resolve_endpoint(s, list_at(ts, k), &pop, &lo, &n)) {
                    ok = false;
                    continue;
                }
                Pop *p = m->pops.v[pop];
                if (p->kind != POP_NEURON || lo != 0 || n != p->size) {
                    diag_error(list_at(ts, k)->sp, p->kind != POP_NEURON
                                                   ? "'%s' has no state to reset: it replays or generates spike trains"
                                                   : "a whole population is reset, not a part of '%s'",
                               p->name);
                    ok = false;
                    continue;
                }
                p->reset_trial = true;
            }
            break;
        }
        case N_REPORT: {
            Node *name = report_name(it), *win = report_window(it), *ts = report_targets(it);
            if (strcmp(name->name, "rate") != 0 && !(win && strcmp(name->name, "spikes") == 0)) {
                diag_error(name->sp, "unknown report '%s' (rate, or spikes ... in [t0, t1] per trial)", name->name);
                ok = false;
                break;
            }
            if (win && (!check_dim(range_lo(win), &c, &t, "the window start") || !check_dim(range_hi(win), &c, &t, "the window end"))) {
                ok = false;
                break;
            }
            for (int k = 0; k < ts->nkid; k++) {
                Report *r = arena_alloc(sizeof *r);
                if (!resolve_endpoint(s, list_at(ts, k), &r->pop, &r->lo, &r->n)) {
                    ok = false;
                    continue;
                }
                r->label = node_text(list_at(ts, k));
                if (win) {
                    r->t0 = range_lo(win);
                    r->t1 = range_hi(win);
                }
                vec_push(&m->reports, r);
            }
            break;
        }
        default:
            break;
        }
    }
    for (int i = 0; i < items->nkid; i++)
        if (list_at(items, i)->kind == N_TRIAL_RESET && !m->trial) {
            diag_error(list_at(items, i)->sp, "'reset ... every trial' needs trials: give the trial length with 'trial T'");
            ok = false;
        }
    return ok;
}
