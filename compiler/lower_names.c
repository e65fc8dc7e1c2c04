/*
 * lower_names.c: the names the generated C gives the model's parts, chosen so
 * that a reader can grep the .snn for them: projection 'ee' is prj_ee (an
 * unnamed one is named after its endpoints, inp[0:50] -> target giving
 * prj_inp_0_50_target), the kernel feeding input g_e is g_e (g_e2 for a
 * second one), its state g is g_e_g.  Every name is an identifier made of the
 * model's own characters ([A-Za-z0-9_]) and unique among its kind; each kind
 * has its own prefix or struct, so names of different kinds cannot meet.  A
 * parameter that differs per neuron is an array p_V_th of its population.
 */
#include "ir.h"

#include <ctype.h>
#include <string.h>

/* s with every run of other characters turned into one '_', none at the ends */
static char *c_ident(const char *s)
{
    char *b = arena_alloc(strlen(s) + 1), *o = b;
    for (; *s; s++) {
        if (isalnum((unsigned char)*s) || *s == '_')
            *o++ = *s;
        else if (o > b && o[-1] != '_')
            *o++ = '_';
    }
    while (o > b && o[-1] == '_')
        o--;
    *o = 0;
    return b;
}

static bool taken(const Vec *names, const char *s)
{
    for (int i = 0; i < names->n; i++)
        if (strcmp(names->v[i], s) == 0)
            return true;
    return false;
}

/* base, or base_2, base_3, ... : the first not yet in names, which it joins */
static const char *unique(Vec *names, const char *base)
{
    const char *s = base;
    for (int k = 2; taken(names, s); k++)
        s = arena_printf("%s_%d", base, k);
    vec_push(names, (void *)s);
    return s;
}

void lower_names(Model *m)
{
    Vec params = {0}; /* net.V_th -> p_net_V_th (P_net_V_th: its slot in the run's table) */
    for (int i = 0; i < m->params.n; i++) {
        Param *p = m->params.v[i];
        p->cname = unique(&params, arena_printf("p_%s", c_ident(p->name)));
    }
    Vec projs = {0};
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        pj->cname = unique(&projs, arena_printf("prj_%s", c_ident(pj->name)));
    }
    for (int i = 0; i < m->drives.n; i++) { /* fields of the target's struct: drv_<name> */
        Drive *d = m->drives.v[i];
        d->cname = unique(&projs, arena_printf("drv_%s", c_ident(d->name)));
    }
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        for (int k = 0; k < p->kernels.n; k++) {
            Kernel *ker = p->kernels.v[k];
            int before = 0;
            for (int j = 0; j < k; j++)
                before += ((Kernel *)p->kernels.v[j])->port == ker->port;
            ker->cname = before ? arena_printf("%s%d", ker->port->name, before + 1) : ker->port->name;
        }
        if (p->kind != POP_NEURON)
            continue;
        /* a population's states share its struct: neuron states keep their names */
        Vec vars = {0};
        for (int j = 0; j < p->plan->vars.n; j++) {
            OdeVar *v = p->plan->vars.v[j];
            if (v->kernel < 0)
                vec_push(&vars, (void *)v->cname);
        }
        for (int j = 0; j < p->plan->vars.n; j++) {
            OdeVar *v = p->plan->vars.v[j];
            if (v->kernel >= 0)
                v->cname = unique(&vars, arena_printf("%s_%s", ((Kernel *)p->kernels.v[v->kernel])->cname, v->sym->name));
        }
        /* ... and so do the arrays of parameters that differ per neuron: V_th is p_V_th */
        for (int j = 0; j < p->ir->neuron_params.n; j++) {
            IrParam *q = p->ir->neuron_params.v[j];
            q->array = unique(&vars, arena_printf("p_%s", q->param->sym->name));
            if (q->file)
                q->file_array = unique(&vars, arena_printf("file_%s", q->param->sym->name));
        }
    }
}
