/*
 * split.c: the frozen sub-network.  Populations that are reset at every trial,
 * receive nothing but their own spikes and stimulus spike trains (which are
 * known before the run), have no plasticity on their inputs, no parameter a
 * phase changes and no recorded state, respond to each trial independently of
 * every other trial and of all learning.  The run can then compute their
 * responses to all trials ahead, in parallel, and feed them in order to the rest
 * of the network -- with the same spikes as the plain step-by-step schedule,
 * since nothing they compute depends on when they compute it (noise and reset
 * draws are keyed by the step and the trial).
 */
#include "ir.h"

#include <string.h>

/* Stimulus trains: their spikes for every trial are known at start-up. */
static bool is_source(const Pop *p) { return p->kind != POP_NEURON; }

/* Why p cannot be frozen given the current candidates (NULL: it can). */
static const char *obstacle(Model *m, Pop *p, const bool *cand)
{
    if (p->kind != POP_NEURON)
        return "it is a stimulus";
    if (!p->reset_trial)
        return "it is not reset every trial";
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (pj->post != p->index)
            continue;
        if (pj->plast)
            return arena_printf("connection %s onto it is plastic", pj->name);
        Pop *pre = m->pops.v[pj->pre];
        if (!is_source(pre) && !cand[pre->index])
            return arena_printf("it receives spikes from %s, which is not frozen", pre->name);
    }
    for (int i = 0; i < m->phases.n; i++) {
        Phase *ph = m->phases.v[i];
        for (int k = 0; k < ph->sets.n; k++)
            if (((Param *)ph->sets.v[k])->pop == p->index)
                return arena_printf("phase %s sets %s", ph->name, ((Param *)ph->sets.v[k])->name);
    }
    for (int i = 0; i < m->records.n; i++) {
        Record *rc = m->records.v[i];
        if (rc->kind == REC_STATE && rc->pop == p->index)
            return arena_printf("its state %s is recorded", rc->var->name);
    }
    return NULL;
}

void split_frozen(Model *m)
{
    bool *cand = arena_alloc(sizeof(bool) * (size_t)(m->pops.n ? m->pops.n : 1));
    for (int i = 0; i < m->pops.n; i++)
        cand[i] = ((Pop *)m->pops.v[i])->kind == POP_NEURON && m->trial;
    /* drop candidates until every remaining one is fed only by candidates and sources */
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = 0; i < m->pops.n; i++)
            if (cand[i] && obstacle(m, m->pops.v[i], cand)) {
                cand[i] = false;
                changed = true;
            }
    }
    int nf = 0, nrest = 0;
    for (int i = 0; i < m->pops.n; i++) {
        nf += cand[i];
        nrest += !cand[i] && !is_source(m->pops.v[i]);
    }
    /* nothing to gain without a frozen part, or without a part that uses it */
    for (int i = 0; i < m->pops.n; i++)
        ((Pop *)m->pops.v[i])->frozen = nf && nrest && cand[i];
}

void split_explain(FILE *o, Model *m)
{
    bool any = false, *cand = arena_alloc(sizeof(bool) * (size_t)(m->pops.n ? m->pops.n : 1));
    for (int i = 0; i < m->pops.n; i++)
        any |= cand[i] = ((Pop *)m->pops.v[i])->frozen;
    if (!any) {
        fprintf(o, "frozen sub-network: none");
        const char *why = m->trial ? NULL : "the experiment has no trials";
        for (int i = 0; !why && i < m->pops.n; i++) {
            Pop *p = m->pops.v[i];
            const char *w = p->kind == POP_NEURON ? obstacle(m, p, cand) : NULL;
            if (w)
                why = arena_printf("%s: %s", p->name, w);
        }
        fprintf(o, "%s%s\n", why ? " -- " : "", why ? why : "");
        return;
    }
    fprintf(o, "frozen sub-network (reset every trial, fed only by stimuli, no plasticity on its inputs):");
    for (int i = 0; i < m->pops.n; i++)
        if (cand[i])
            fprintf(o, " %s", ((Pop *)m->pops.v[i])->name);
    fprintf(o, "\n  its responses to all trials are computed ahead, in parallel on all cores (--jobs N;"
               " --sequential for the plain schedule, same results); then, trial by trial:");
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        if (!cand[i] && p->kind == POP_NEURON)
            fprintf(o, " %s", p->name);
    }
    fprintf(o, "\n");
}
