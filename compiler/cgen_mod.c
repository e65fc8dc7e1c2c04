/*
 * cgen_mod.c: modulators, the global signals a learning rule reads as its third
 * factor: one small state vector each, propagated exactly every step, driven by
 * the spikes of a population (or pairs of spikes of two neurons) after a delay.
 */
#include "cgen.h"

/* Whether a 'record' samples this modulator. */
static bool mod_recorded(Model *m, Modulator *md)
{
    for (int i = 0; i < m->records.n; i++)
        if (((Record *)m->records.v[i])->mod == md->index)
            return true;
    return false;
}

/* The names a sign reads, at 'step': the trial's label and number. */
static void gen_sign_inputs(Gen *g, Modulator *md, const char *ind)
{
    if (mentions(md->ir->sign, SYM_BUILTIN, "label"))
        out(g, "%sconst double label = (double)trial_label(step / trial_steps_);\n", ind);
    if (mentions(md->ir->sign, SYM_BUILTIN, "trial"))
        out(g, "%sconst double trial_ = (double)(step / trial_steps_);\n", ind);
}

void gen_mod(Gen *g, Modulator *md)
{
    Model *m = g->m;
    const LinSys *sys = md->sys;
    int ns = sys->n, ny = ns + 1;
    bool rec = mod_recorded(m, md);
    out(g, "/* modulator %s: %s driven by the spikes of %s */\n", ctext(md->name), ctext(md->def->name),
        ctext(((Pop *)m->pops.v[md->pop])->name));
    bool pairs = md->pop2 >= 0;
    /* a sign of the spiking neuron is applied as each spike is counted, any other as the count arrives */
    bool by_source = md->sign && mentions(md->ir->sign, SYM_BUILTIN, "source");
    bool at_arrival = md->sign && !by_source;
    bool per_trial = mentions(md->ir->sign, SYM_BUILTIN, "label") || mentions(md->ir->sign, SYM_BUILTIN, "trial");
    out(g, "static struct {\n    snn_mod m;\n    float *ring; /* arriving spike counts */\n    uint32_t L, D;\n    double gain[%d]; /* added per arriving spike */\n"
           "    double y0[%d]; /* the initial state */\n",
        ny, ny);
    if (rec)
        out(g, "    float rec[%d]; /* its states, then its output, for 'record' */\n", ny);
    if (pairs)
        out(g, "    double *imp; /* impulses due, L x %d */\n    int64_t *ha, *hb, W; /* recent spike steps of both neurons; the window */\n    uint32_t na, nb;\n",
            ns);
    out(g, "} mod_%s;\n\n", md->name);
    out(g, "static int init_mod_%s(snn_run *r)\n{\n", md->name);
    gen_propagator(g, sys, "    ", arena_printf("modulator %s", md->name));
    out(g, "    double P1[%d] = {0}, y0[%d];\n", ny * ny, ny);
    for (int i = 0; i < ns; i++) {
        out(g, "    y0[%d] = ", i);
        expr(g, md->ir->init[i], M_INIT);
        out(g, ";\n");
    }
    out(g, "    y0[%d] = 1; /* the constant mode */\n", ns);
    if (ns) /* P1 = [[P, q], [0, 1]] */
        out(g, "    for (int i = 0; i < %d; i++) {\n        for (int j = 0; j < %d; j++)\n            P1[i * %d + j] = P[i * %d + j];\n        P1[i * %d + %d] = q[i];\n    }\n",
            ns, ns, ny, ns, ny, ns);
    out(g, "    P1[%d] = 1;\n", ny * ny - 1);
    for (int i = 0; i < ns; i++)
        if (md->impulse[i]) /* an impulse lasts one step */
            out(g, "    for (int j = 0; j < %d; j++)\n        P1[%d * %d + j] = 0;\n", ny, i, ny);
    out(g, "    if (snn_mod_init(&mod_%s.m, %d, P1, y0))\n        return snn_fail(r, \"out of memory\");\n", md->name, ny);
    out(g, "    memcpy(mod_%s.y0, y0, sizeof y0);\n", md->name);
    for (int i = 0; i < ns; i++)
        if (sys->gain[i]) {
            out(g, "    mod_%s.gain[%d] = ", md->name, i);
            expr(g, sys->gain[i], M_INIT);
            out(g, ";\n");
        }
    out(g, "    const double d = ");
    if (md->ir->delay)
        expr(g, md->ir->delay, M_INIT);
    else
        out(g, "r->dt");
    out(g, ";\n    if (!(d >= r->dt * (1 - 1e-9)) || d / r->dt > 1e7)\n"
           "        return snn_fail(r, \"modulator %%s: delay %%g ms is shorter than the time step %%g ms (or too long)\", %s, d * 1e3, r->dt * 1e3);\n",
        cstr(md->name));
    out(g, "    mod_%s.D = (uint32_t)lround(d / r->dt);\n    mod_%s.L = mod_%s.D + 1;\n", md->name, md->name, md->name);
    out(g, "    if (!(mod_%s.ring = calloc(mod_%s.L, sizeof(float))))\n        return snn_fail(r, \"out of memory\");\n", md->name,
        md->name);
    if (pairs) {
        out(g, "    {\n        const double w = ");
        expr(g, md->ir->window, M_INIT);
        out(g, ";\n        if (!(w >= 0) || w / r->dt > 1e7)\n            return snn_fail(r, \"modulator %%s: the pairing window %%g ms is negative or too long\", %s, w * 1e3);\n",
            cstr(md->name));
        out(g, "        mod_%s.W = llround(w / r->dt);\n    }\n", md->name);
        out(g, "    if (!(mod_%s.imp = calloc((size_t)mod_%s.L * %d, sizeof(double))) ||\n"
               "        !(mod_%s.ha = calloc((size_t)mod_%s.W + 2, sizeof(int64_t))) ||\n"
               "        !(mod_%s.hb = calloc((size_t)mod_%s.W + 2, sizeof(int64_t))))\n        return snn_fail(r, \"out of memory\");\n",
            md->name, md->name, ns, md->name, md->name, md->name, md->name);
    }
    out(g, "    return 0;\n}\n\n");
    /* at the start of a step: propagate, then add this step's arrivals */
    out(g, "static void step_mod_%s(snn_run *r, int64_t step)\n{\n    snn_mod *m = &mod_%s.m;\n", md->name, md->name);
    if (!ns && !md->reset_trial && !at_arrival && !pairs) /* no state to check, no trial, no impulses */
        out(g, "    (void)r;\n");
    out(g, "    if (step > 0) {\n        double t[%d];\n        for (int i = 0; i < %d; i++) {\n            double acc = 0;\n"
           "            for (int j = 0; j < %d; j++)\n                acc += m->P1[i * %d + j] * m->y[j];\n            t[i] = acc;\n        }\n"
           "        memcpy(m->y, t, sizeof t);\n    }\n",
        ny, ny, ny, ny);
    out(g, "    float *slot = &mod_%s.ring[step %% mod_%s.L];\n    int any = *slot != 0;\n", md->name, md->name);
    if (md->reset_trial || (at_arrival && per_trial))
        out(g, "    const int64_t trial_steps_ = llround(trial_length(r) / r->dt);\n");
    if (md->reset_trial) { /* back to the initial state at each trial start */
        out(g, "    if (step %% trial_steps_ == 0) {\n        for (int i = 0; i < %d; i++)\n            m->y[i] = mod_%s.y0[i];\n        any = 1;\n    }\n",
            ny, md->name);
    }
    const char *sign = "";
    if (at_arrival) {
        gen_sign_inputs(g, md, "    ");
        out(g, "    const double sign_ = ");
        expr(g, md->ir->sign, M_INIT);
        out(g, ";\n");
        sign = "sign_ * ";
    }
    out(g, "    if (*slot != 0) {\n");
    for (int i = 0; i < ns; i++)
        if (sys->gain[i])
            out(g, "        m->y[%d] += %smod_%s.gain[%d] * *slot;\n", i, sign, md->name, i);
    out(g, "        *slot = 0;\n    }\n");
    if (pairs) {
        /* an impulse I over one step: the state is I / dt during that step */
        out(g, "    double *imp = mod_%s.imp + (size_t)(step %% mod_%s.L) * %d;\n", md->name, md->name, ns);
        for (int i = 0; i < ns; i++)
            if (md->pair_gain[i])
                out(g, "    if (imp[%d] != 0) {\n        m->y[%d] += imp[%d] / r->dt;\n        imp[%d] = 0;\n        any = 1;\n    }\n", i,
                    i, i, i);
    }
    out(g, "    if (any)\n        snn_mod_log(m, step);\n");
    for (int i = 0; i < ns; i++) /* a few values per step: checked after every step */
        out(g, "    if (!(fabs(m->y[%d]) <= DBL_MAX))\n        snn_halt(r, step, step, %s, m->y[%d], -DBL_MAX, DBL_MAX, NULL);\n", i,
            cstr(arena_printf("state %s of modulator %s", sys->x[i]->name, md->name)), i);
    if (rec) { /* as a neuron's state: the value at the end of this step, before the next arrivals */
        out(g, "    double out_ = 0, ye_[%d];\n    for (int i = 0; i < %d; i++) {\n        ye_[i] = 0;\n"
               "        for (int j = 0; j < %d; j++)\n            ye_[i] += m->P1[i * %d + j] * m->y[j];\n    }\n",
            ny, ny, ny, ny);
        for (int i = 0; i < ny; i++) {
            if (i < ns)
                out(g, "    mod_%s.rec[%d] = (float)ye_[%d];\n", md->name, i, i);
            if (sys->out[i]) {
                out(g, "    out_ += (");
                expr(g, sys->out[i], M_INIT);
                out(g, ") * ye_[%d];\n", i);
            }
        }
        out(g, "    mod_%s.rec[%d] = (float)out_;\n", md->name, ns);
    }
    out(g, "}\n\n");
    if (pairs) {
        /* after the populations: every new pair of spikes of the two neurons, delta = t(first) - t(second) */
        out(g, "static void pair_mod_%s(snn_run *r, int64_t step, double delta)\n{\n    (void)r;\n", md->name);
        out(g, "    double *imp = mod_%s.imp + (size_t)((step + mod_%s.D) %% mod_%s.L) * %d;\n", md->name, md->name, md->name, ns);
        for (int i = 0; i < ns; i++)
            if (md->pair_gain[i]) {
                out(g, "    imp[%d] += ", i);
                expr(g, md->pair_gain[i], M_INIT);
                out(g, ";\n");
            }
        out(g, "}\n\n");
        out(g, "static int spiked_mod_%s(const snn_spikelist *sl, uint32_t id)\n{\n    for (uint32_t s = 0; s < sl->n; s++)\n"
               "        if (sl->idx[s] == id)\n            return 1;\n    return 0;\n}\n\n",
            md->name);
        out(g, "static uint32_t keep_mod_%s(int64_t *h, uint32_t n, int64_t oldest)\n{\n    uint32_t k = 0;\n"
               "    for (uint32_t i = 0; i < n; i++)\n        if (h[i] >= oldest)\n            h[k++] = h[i];\n    return k;\n}\n\n",
            md->name);
        const char *n = md->name;
        out(g, "static void push_mod_%s(snn_run *r, int64_t step)\n{\n", n);
        out(g, "    mod_%s.na = keep_mod_%s(mod_%s.ha, mod_%s.na, step - mod_%s.W);\n", n, n, n, n, n);
        out(g, "    mod_%s.nb = keep_mod_%s(mod_%s.hb, mod_%s.nb, step - mod_%s.W);\n", n, n, n, n, n);
        /* the first neuron first: a pair in one step counts once */
        out(g, "    if (spiked_mod_%s(&r->now[%d], %du)) {\n        for (uint32_t i = 0; i < mod_%s.nb; i++)\n"
               "            pair_mod_%s(r, step, (double)(step - mod_%s.hb[i]) * r->dt);\n        mod_%s.ha[mod_%s.na++] = step;\n    }\n",
            n, md->pop, md->lo, n, n, n, n, n);
        out(g, "    if (spiked_mod_%s(&r->now[%d], %du)) {\n        for (uint32_t i = 0; i < mod_%s.na; i++)\n"
               "            pair_mod_%s(r, step, (double)(mod_%s.ha[i] - step) * r->dt);\n        mod_%s.hb[mod_%s.nb++] = step;\n    }\n}\n\n",
            n, md->pop2, md->lo2, n, n, n, n, n);
        return;
    }
    /* after the populations: count the driving spikes, due D steps later */
    out(g, "static void push_mod_%s(snn_run *r, int64_t step)\n{\n    const snn_spikelist *sl = &r->now[%d];\n    %s c = 0;\n",
        md->name, md->pop, by_source ? "double" : "uint32_t");
    if (by_source) { /* each spike counts its sign */
        if (per_trial)
            out(g, "    const int64_t trial_steps_ = llround(trial_length(r) / r->dt);\n");
        else
            out(g, "    (void)r;\n    (void)step;\n");
        gen_sign_inputs(g, md, "    ");
        out(g, "    for (uint32_t s = 0; s < sl->n; s++)\n        if (sl->idx[s] - %du < %s) {\n"
               "            const double source_ = (double)(sl->idx[s] - %du);\n            c += ",
            md->lo, range_nu(g->m, md->pop, md->n), md->lo);
        expr(g, md->ir->sign, M_INIT);
        out(g, ";\n        }\n");
    } else
        out(g, "    for (uint32_t s = 0; s < sl->n; s++)\n        c += sl->idx[s] - %du < %s;\n", md->lo, range_nu(g->m, md->pop, md->n));
    out(g, "    if (c)\n        mod_%s.ring[(step + mod_%s.D) %% mod_%s.L] += (float)c;\n}\n\n", md->name, md->name, md->name);
}
