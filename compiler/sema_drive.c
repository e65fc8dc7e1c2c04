/*
 * sema_drive.c: 'connect poisson(rate = R) -> POST { synapse; port; weight }'.
 * Every neuron of POST receives its own Poisson train of rate R, each spike
 * adding the weight to the kernel's input, as NEST's poisson_generator
 * connected to all of them and Brian2's PoissonInput do.  The rate and the
 * weight are one value each, from global parameters (so --set changes them);
 * there is no delay, since a delayed independent Poisson train is the same
 * process.
 */
#include "sema.h"

#include <string.h>

static Node *rate_arg(Node *call)
{
    Node *args = call_args(call);
    if (strcmp(call_name(call)->name, "poisson") != 0) {
        diag_error(call_name(call)->sp, "a connection comes from a population or from poisson(rate = R), not '%s'",
                   call_name(call)->name);
        return NULL;
    }
    if (args->nkid != 1 || !arg_name(list_at(args, 0)) || strcmp(arg_name(list_at(args, 0))->name, "rate") != 0) {
        diag_error(call->sp, "poisson takes one argument, the rate of each neuron's train: poisson(rate = 8 kHz)");
        return NULL;
    }
    return arg_value(list_at(args, 0));
}

bool check_drive(Sema *s, Node *decl)
{
    Model *m = s->m;
    Drive *d = arena_alloc(sizeof *d);
    d->decl = decl;
    d->index = m->drives.n;
    if (!(d->rate = rate_arg(connect_pre(decl))) || !resolve_endpoint(s, connect_post(decl), &d->post, &d->lo, &d->n))
        return false;
    Pop *post = m->pops.v[d->post];
    d->name = connect_name(decl) ? connect_name(decl)->name : arena_printf("poisson->%s", node_text(connect_post(decl)));
    Node *kvs = connect_opts(decl);
    for (int i = 0; i < kvs->nkid; i++) {
        Node *k = kv_key(list_at(kvs, i));
        if (strcmp(k->name, "synapse") && strcmp(k->name, "port") && strcmp(k->name, "weight")) {
            diag_error(k->sp, "a Poisson drive takes 'synapse:', 'port:' and 'weight:' only%s",
                       strcmp(k->name, "delay") == 0 ? " (a delay would not change an independent Poisson train)" : "");
            return false;
        }
        if (!kv_once(kvs, i))
            return false;
    }
    if (post->kind != POP_NEURON) {
        diag_error(connect_post(decl)->sp, "population '%s' is a spike source and cannot receive a drive", post->name);
        return false;
    }
    Dim hz;
    dim_pow(dim_time(), -1, &hz);
    Ctx cr = {s->g, 0, "a Poisson rate"};
    if (!check_dim(d->rate, &cr, &hz, "the rate"))
        return false;
    Node *syn, *sdef;
    Sym *w;
    if ((d->kernel = connect_kernel(s, decl, post, &syn, &sdef, &w)) < 0)
        return false;
    Ctx cw = {s->g, 0, "the weight of a Poisson drive (one value for every spike)"};
    if (!(d->weight = kv_get(kvs, "weight"))) {
        diag_error(decl->sp, "connect needs a 'weight:'");
        return false;
    }
    if (!check_dim(d->weight, &cw, &w->dim, "the weight"))
        return false;
    vec_push(&m->drives, d);
    return true;
}
