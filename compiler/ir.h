/*
 * ir.h: the lowered form, between checking (sema) and printing C (cgen_*.c).
 *
 * Lowering (ode.c plans the equations, lower.c the rest) turns the checked
 * model into decisions: every expression the generated code evaluates is bound
 * once to slots (a population's state array, a parameter of the run's table,
 * a synapse's state), every linear system is one LinSys, and every choice of
 * how to run the model (integration scheme, Bernoulli sources drawn by skips,
 * which parameters a loop reads) is a field here.  The C printers read this
 * and decide nothing.
 */
#ifndef IR_H
#define IR_H

#include "snnc.h"
#include "ast.h"

/* x' = A x + b between events, integrated exactly: its propagator exp(A dt)
 * is computed once at start-up (and again when a phase sets a parameter).
 * One type for a neuron's linear block, a modulator and a plasticity rule's
 * per-synapse states.  Expressions are bound; NULL means 0. */
typedef struct LinSys {
    int n;
    Sym **x;              /* the states (neuron block: NULL, see OdeVar) */
    Node ***A;            /* n x n coefficients */
    Node **b;             /* n constant inputs */
    bool **reach;         /* entry (i,j) of the propagator can be non-zero */
    Node **gain;          /* n: what one event (an arriving spike) adds */
    Node **out;           /* n + 1: the output sum_i out[i] x_i + out[n] */
    Node **out_mod;       /* n: rules only, the part of out[i] that multiplies
                             the modulator's output: dw/dt = sum_i x_i (out_mod[i] d + out[i]) */
} LinSys;

LinSys *linsys_new(int n, Sym **x);      /* A, b, reach, gain, out, out_mod allocated, all NULL/false */
void linsys_reach(LinSys *s);            /* reach from A: the closure of A's pattern and the diagonal */

/* ---- ode.c: a population's equations as one planned system ------------------- */
typedef enum { SCHEME_EXACT, SCHEME_EXP_EULER, SCHEME_EULER } Scheme;

/* A state of a population: a neuron state or a kernel state. */
typedef struct OdeVar {
    Sym *sym;
    int kernel;              /* -1 for a neuron state */
    Node *rhs;               /* ODE right-hand side with ports and aliases expanded; NULL = constant */
    Scheme scheme;
    int block_index;         /* position in the exact block, or -1 */
    Node *lin_a, *lin_b;     /* exponential Euler: dx/dt = a*x + b */
    Vec noise_coef;          /* Node* coefficient per noise source (NULL if absent) */
    bool clamped;            /* held during refractoriness (assigned in reset) */
    const char *cname;
} OdeVar;

typedef struct OdePlan {
    Vec vars;                /* OdeVar* */
    LinSys *block;           /* the exact linear block (n = 0: none) */
    Vec noises;              /* Sym* noise sources */
} OdePlan;

bool ode_plan_pop(Model *m, Pop *p);
Node *ode_bind(Model *m, Pop *p, int kernel, Node *e);  /* resolve names for one population */
Node *ode_bind_proj(Model *m, Proj *pj, Node *e);       /* ... for one plastic projection */
Node *ode_bind_mod(Model *m, Modulator *md, Node *e);   /* ... for one modulator */
OdeVar *ode_find_var(OdePlan *plan, Sym *s, int kernel);

/* ---- lower_exprs.c: every expression the generated code evaluates, bound once ---- */

/* A reset statement of a neuron: var = value, var += value, ... */
typedef struct {
    OdeVar *var;
    int op;                  /* OP_ASSIGN, OP_ADDEQ, OP_SUBEQ, OP_MULEQ */
    Node *value;
} IrAssign;

/* A population of neurons: what its update and its start-up evaluate. */
typedef struct IrPop {
    Node *size;              /* a size --set can change (Pop.size_expr), bound; NULL = fixed */
    Node *bernoulli;         /* non-NULL: independent Bernoulli(p) sources per step, drawn by
                                geometric skips (no state, threshold 'rand() < p', p fixed) */
    Node *threshold;         /* NULL: never fires */
    bool threshold_rand;     /* the threshold draws rand() */
    Node *refractory;        /* t_ref, or NULL */
    Vec reset;               /* IrAssign* */
    Node **init;             /* per plan variable: its initial value (NULL: zero, or a file) */
    InitFile **init_file;    /* per plan variable: the file of its initial values, or NULL */
    bool *reads;             /* per model parameter: the update loop reads it (a float constant, or
                                element i of its array when it differs per neuron) */
    bool reads_dt, reads_t;  /* the update loop reads the time step, the time (in double) */
    /* Folded at start-up: the refractory steps, the propagator of the linear block
     * and the noise per step are computed from parameters once (consts_POP) and
     * again at the start of a phase that sets one of those parameters (refresh);
     * --set changes any parameter that does not shape the network (Param.fixed). */
    bool has_consts;         /* there is anything to fold */
    bool *folds;             /* per model parameter: the folded values read it */
    bool refresh;            /* a phase sets a parameter in folds, or one that a parameter
                                differing per neuron is computed from (lower_params.c) */
    /* from lower_params.c: what differs per neuron */
    Vec neuron_params;       /* IrParam*: the parameters that differ per neuron, in declaration order */
    bool *init_per_neuron;   /* per plan variable: its initial value reads such a parameter */
    bool refractory_per_neuron; /* the refractory period does: one count of steps per neuron */
    LinSys *block;           /* the exact block as start-up fills it: the plan's, or a copy without
                                the constant inputs that differ per neuron */
    Node **b_per_neuron;     /* per block row: its constant input, if that differs per neuron */
    bool *q_per_neuron;      /* per block row: the response to the constant inputs differs per neuron */
    bool *sd_per_neuron;     /* per block row: its exact noise amplitude differs per neuron */
} IrPop;

/* A projection: its connection rule's argument, weight, delay, short-term
 * dynamics and plasticity rule's statements, bound to its target population. */
typedef struct IrProj {
    Node *rule_arg;          /* probability, in-degree, total number or when(); NULL for the others */
    Node *weight, *delay;    /* delay NULL: one step */
    Node *stp[3];            /* U, D, F, or NULL */
    Node *body;              /* the plasticity rule's body, bound (NULL: static) */
    Node *on[2];             /* its 'on pre' and 'on post' handlers in body, or NULL; without
                                'on post' nothing runs at the target's spikes */
} IrProj;

/* A modulator: initial values of its states, delay, pairing window, sign. */
typedef struct IrMod {
    Node **init;             /* per state */
    Node *delay, *window, *sign;
} IrMod;

/* The experiment: trial length, the values phases set, recording intervals. */
typedef struct IrExp {
    int *default_order;      /* the order defaults are computed in: sim.dt first (defaults
                                may use dt), the model's parameters in declaration order (a
                                default only refers to earlier ones), sim.time and sim.seed */
    Node *trial;
    Node ***phase_values;    /* per phase, per 'set' */
    Node **record_every;     /* per record (NULL: every step) */
    Vec bounded;             /* the bounded draws (N_BOUNDED) of initial values, weights,
                                short-term parameters, delays and per-neuron parameters: each
                                gets a helper function (a loop), boundedK for the K-th */
} IrExp;

void lower_exprs(Model *m);  /* after the plans and lower.c's checks */

/* ---- lower_params.c: neuron parameters that differ per neuron ------------------ */

/* A neuron parameter whose value differs per neuron: a draw, an expression of
 * the neuron's index or grid position, a file's values, or a default that
 * reads such a parameter.  It is an array of its population, filled at
 * start-up and again at every phase start (a phase's 'set' gives every neuron
 * that one value while it runs; the run's table holds NaN otherwise). */
typedef struct IrParam {
    Param *param;
    int slot;                /* its position among the population's parameters: its draws' stream */
    Node *value;             /* bound: its value for neuron i, or NULL: the file's */
    InitFile *file;          /* the file of its values, or NULL */
    struct IrParam *follows; /* its default reads this one (NULL: its own argument differs per neuron) */
    const char *array;       /* its array in the population's struct (lower_names.c) */
    const char *file_array;  /* ... and the file's values, kept for the end of a phase that sets it */
} IrParam;

void lower_neuron_params(Model *m);       /* which: before lower_exprs */
bool lower_per_neuron_uses(Model *m);     /* where they are read: after lower_exprs; false after errors */
bool ir_per_neuron(const Node *e);        /* a bound expression reads such a parameter or the neuron's position */
Pop *ir_position_pop(const Node *e);      /* ... the population whose neuron's position (i, x, y, z) it reads, or NULL */

/* ---- lower_names.c: the names of the model's parts in the generated C ----------- */
void lower_names(Model *m);

/* ---- explain.c: snnc --explain ------------------------------------------------ */
void explain_model(FILE *out, Model *m);

#endif
