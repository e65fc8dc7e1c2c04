/*
 * lower.c: storage decisions between checking and emitting.  A weight or delay
 * that is the same for every synapse of a projection is kept once instead of
 * per synapse (the delivery loop then only scatters indices), and each kernel's
 * "on spike" statement is reduced to "target += gain * w" so that arriving
 * weights can be summed in a delay ring and applied once per step.
 */
#include "snnc.h"

#include <string.h>

static bool lower_kernel(Model *m, Pop *p, int k)
{
    Kernel *ker = p->kernels.v[k];
    Node *body = ker->def->kid[3], *on = NULL;
    for (int i = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_ONSPIKE)
            on = body->kid[i];
    Node *list = on->kid[0];
    if (list->nkid != 1 || list->kid[0]->op != OP_ADDEQ) {
        diag_error(on->sp, "'on spike' of synapse '%s' must be one statement 'state += expression of w'",
                   ker->def->name);
        return false;
    }
    Node *as = list->kid[0], *e = as->kid[1];
    /* the gain is e / w: e must be w times something that does not involve w */
    Node *gain = NULL;
    if (e->kind == N_NAME && e->sym && e->sym->kind == SYM_WEIGHT)
        gain = NULL;
    else if (e->kind == N_BINARY && e->op == OP_MUL && e->kid[0]->kind == N_NAME && e->kid[0]->sym &&
             e->kid[0]->sym->kind == SYM_WEIGHT && !(e->kid[1]->dep & (DEP_STATE | DEP_RANDOM)))
        gain = e->kid[1];
    else if (e->kind == N_BINARY && e->op == OP_MUL && e->kid[1]->kind == N_NAME && e->kid[1]->sym &&
             e->kid[1]->sym->kind == SYM_WEIGHT && !(e->kid[0]->dep & (DEP_STATE | DEP_RANDOM)))
        gain = e->kid[0];
    else {
        diag_error(e->sp, "'on spike' must add w, or w times a constant, to a state");
        return false;
    }
    ker->spike_target = as->sym;
    ker->spike_gain = gain ? ode_bind(m, p, k, gain) : NULL;
    return true;
}

bool lower_model(Model *m)
{
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        for (int k = 0; k < p->kernels.n; k++)
            if (!lower_kernel(m, p, k))
                return false;
    }
    /* a recorded input is the output state of the one kernel feeding it */
    for (int i = 0; i < m->records.n; i++) {
        Record *r = m->records.v[i];
        if (r->kind != REC_STATE || r->var->kind != SYM_PORT)
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
    return true;
}
