/*
 * explain.c: snnc --explain, what lowering decided for each population,
 * modulator and plastic projection (integration schemes, Bernoulli sources,
 * parameters that differ per neuron, how rules are integrated), printed from
 * the lowered form (ir.h).
 */
#include "ir.h"

static const char *scheme_name(Scheme s)
{
    switch (s) {
    case SCHEME_EXACT: return "exact (propagator exp(A dt) computed at start-up)";
    case SCHEME_EXP_EULER: return "exponential Euler (linear in itself; other states held over the step)";
    case SCHEME_EULER: return "forward Euler";
    }
    return "?";
}

static void explain_rules(FILE *o, Model *m)
{
    for (int i = 0; i < m->mods.n; i++) {
        Modulator *md = m->mods.v[i];
        fprintf(o, "modulator %s: %s driven by %s, %d state%s: exact propagator per step; its state is kept at every "
                   "step with arrivals, for the rules that use it\n",
                md->name, md->def->name, ((Pop *)m->pops.v[md->pop])->name, md->sys->n, md->sys->n == 1 ? "" : "s");
    }
    for (int i = 0; i < m->drives.n; i++) {
        Drive *d = m->drives.v[i];
        fprintf(o, "drive %s: each neuron's Poisson count per step, by inverting the distribution with one word of "
                   "its own random stream; no state\n", d->name);
    }
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (!pj->plast)
            continue;
        fprintf(o, "projection %s: plasticity %s\n", pj->name, pj->plast->name);
        Node *body = def_body(pj->plast);
        for (int k = 0; k < body->nkid; k++)
            if (body->kid[k]->kind == N_TRACE)
                fprintf(o, "  trace %s (%s neuron): exact exponential decay, evaluated at spikes\n", body->kid[k]->name,
                        trace_post(body->kid[k]) ? "postsynaptic" : "presynaptic");
        if (pj->eqs) {
            fprintf(o, "  states");
            for (int k = 0; k < pj->eqs->n; k++)
                fprintf(o, " %s", pj->eqs->x[k]->name);
            fprintf(o, " and w: integrated in closed form at the spikes of either neuron, never per synapse and step; "
                       "bounds applied at these events\n");
            if (pj->mod >= 0)
                fprintf(o, "    modulator %s: its product with the rule's kernel summed once per step for all synapses "
                           "(running integral, epochs of ~3 eligibility time constants); a synapse silent for longer "
                           "than two epochs replays the modulator's history instead\n",
                        ((Modulator *)m->mods.v[pj->mod])->name);
        } else {
            fprintf(o, "  w: changed only by 'on pre' / 'on post'; bounds applied after each change\n");
        }
    }
}

void explain_model(FILE *o, Model *m)
{
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        if (p->kind != POP_NEURON) {
            fprintf(o, "population %s: %d spike sources %s\n", p->name, p->size,
                    p->kind == POP_SPIKE_FILE ? "read from a file" : "with fixed random trains drawn at start-up");
            continue;
        }
        fprintf(o, "population %s: %d x %s\n", p->name, p->size, p->neuron->name);
        if (p->ir->bernoulli)
            fprintf(o, "  independent Bernoulli sources: spikes drawn by geometric skips (cost per spike)\n");
        OdePlan *plan = p->plan;
        for (int j = 0; j < plan->vars.n; j++) {
            OdeVar *v = plan->vars.v[j];
            const char *owner = v->kernel < 0 ? "" : arena_printf(" of %s", ((Kernel *)p->kernels.v[v->kernel])->label);
            if (!v->rhs) {
                fprintf(o, "  %s%s: no equation, changes only at events\n", v->sym->name, owner);
                continue;
            }
            bool noisy = false;
            for (int k = 0; k < v->noise_coef.n; k++)
                noisy |= v->noise_coef.v[k] != NULL;
            fprintf(o, "  %s%s: %s%s%s\n", v->sym->name, owner, scheme_name(v->scheme),
                    noisy ? (v->scheme == SCHEME_EXACT ? ", noise: exact Ornstein-Uhlenbeck step" : ", noise: Euler-Maruyama") : "",
                    v->clamped ? ", held while refractory" : "");
        }
        for (int j = 0; j < p->ir->neuron_params.n; j++) {
            const IrParam *q = p->ir->neuron_params.v[j];
            fprintf(o, "  parameter %s: one value per neuron, %s\n", q->param->sym->name,
                    q->file ? "read from a file at start-up"
                    : q->follows ? arena_printf("as its default reads %s", q->follows->param->sym->name)
                    : q->value->dep & DEP_RANDOM ? "drawn at start-up" : "computed from the neuron's index or position");
        }
    }
    explain_rules(o, m);
}
