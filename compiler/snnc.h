/*
 * snnc.h: every type of the compiler, one section per .c file.
 *
 * Pipeline: source text -> tokens (grammar/snn.re) -> AST (grammar/snn.y, ast.c)
 * -> checked model (sema*.c with units.c) -> lowered form (ir.h: ode.c, lower*.c)
 * -> C text (cgen*.c) -> cc.  Everything is allocated from one arena per compilation.
 */
#ifndef SNNC_H
#define SNNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "version.h" /* snn_version, snn_revision: the build (runtime/version.h) */

/* ---- arena.c: one region per compilation, freed once ---------------------- */
void *arena_alloc(size_t n);            /* zeroed; aborts (exit 2) when out of memory */
char *arena_strdup(const char *s);
char *arena_strndup(const char *s, size_t n);
char *arena_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void arena_free_all(void);

/* Growable array of pointers, arena-backed. */
typedef struct {
    void **v;
    int n, cap;
} Vec;
void vec_push(Vec *a, void *p);

/* ---- source.c: files in memory, byte spans, line lookup --------------------- */
typedef struct {
    const char *path;     /* as the user or the import named it */
    const char *dir;      /* directory part, for relative imports */
    const char *text;     /* NUL-terminated */
    size_t len;
    int *line_start;      /* byte offset of each line */
    int nlines;
} SrcFile;

typedef struct {
    int file;             /* index into the source table; -1 = no location */
    int lo, hi;           /* byte offsets [lo, hi) */
} Span;

/* Returns the file id, or -1 with *err set, and *at the place of the error in
 * the file (at->file = -1 if it has none).  Regular files only, at most
 * SRC_MAX_BYTES, no NUL byte. */
enum { SRC_MAX_BYTES = 16 << 20 };
int src_load(const char *path, const char **err, Span *at);
int src_add_bytes(const char *path, const void *bytes, size_t len, const char **err, Span *at); /* same checks */
void src_reset(void);
const SrcFile *src_get(int id);
void src_set_display(int id, const char *name);     /* the name messages use */
void src_linecol(const SrcFile *f, int off, int *line, int *col);
Span span_join(Span a, Span b);
uint64_t hash_bytes(uint64_t h, const void *p, size_t n); /* FNV-1a, for the inputs' content hash */

/* ---- diag.c: gcc-style messages with the source line and a caret ---------- */
enum { EXIT_USER = 1, EXIT_INTERNAL = 2 };
void diag_error(Span sp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_warning(Span sp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_note(Span sp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_file(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void diag_internal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int diag_errors(void);
void diag_reset(void);                 /* the count back to 0 (the fuzzer compiles many models) */
void diag_set_stream(FILE *f);

/* "did you mean 'X'?": offer every name that could have been meant; the best
 * is the one clearly closest in spelling, or NULL (see diag.c). */
typedef struct {
    const char *wrong;    /* the name as written */
    const char *best;     /* the closest candidate so far */
    int cost;             /* its distance */
    bool tied;            /* another candidate is as close */
} Suggest;
void suggest_init(Suggest *s, const char *wrong);
void suggest_offer(Suggest *s, const char *candidate);
const char *suggest_best(const Suggest *s);
const char *did_you_mean(const Suggest *s);   /* "; did you mean 'X'?" or "" */

/* ---- units.c: physical dimensions ------------------------------------------
 * A dimension is the vector of exponents of the SI base units m, kg, s, A,
 * and of DIM_W, the weight of a plasticity rule generic over it (declared
 * ': weight'): a variable, fixed at each use of the rule by the synapse kernel
 * of the connection (dim_subst).  Checking a generic rule's body with the
 * variable checks it for every weight at once.  Exponents are stored doubled
 * so that sqrt() of white noise (s^-1/2) works. */
enum { DIM_M, DIM_KG, DIM_S, DIM_A, DIM_W, NDIM };
typedef struct {
    int8_t e[NDIM];
} Dim;

extern const Dim DIM_NONE;
Dim dim_mul(Dim a, Dim b);
Dim dim_div(Dim a, Dim b);
bool dim_pow(Dim a, double p, Dim *out);   /* false if p does not give whole half-exponents */
bool dim_eq(Dim a, Dim b);
bool dim_is_none(Dim a);
Dim dim_weight(void);                      /* the variable: 'weight' in a generic rule */
bool dim_generic(Dim a);                   /* involves the variable */
Dim dim_subst(Dim a, Dim w);               /* the variable replaced by w, a dimension without it */
const char *dim_str(Dim d);                /* "voltage (mV)" or "kg*m^2*s^-3" */
const char *dim_short(Dim d);              /* "voltage" or the SI formula */
const char *dim_unit(Dim d, double *scale); /* "mV" and 1e-3 for a voltage; NULL if none */
const char *dim_report_unit(Dim d, double *scale); /* what a run writes it in: "mV" and 1e3; "1"; SI */
bool unit_lookup(const char *name, double *scale, Dim *d);  /* "mV" -> 1e-3, voltage */
bool unit_lookup_bare(const char *name, double *scale, Dim *d); /* ... as a name on its own */
bool dim_by_name(const char *name, Dim *d);                 /* "conductance" -> S */
const char *dim_names_list(void);
void dim_suggest(Suggest *s);              /* offers the dimension names */
void unit_suggest(Suggest *s, bool bare);  /* offers the unit symbols (bare: those usable as names) */
Dim dim_time(void);
/* The range of a number in a model, in SI units (besides 0): every number
 * reaches the generated C, some of them as a float. */
#define NUM_MIN 1e-30
#define NUM_MAX 1e30
Dim dim_voltage(void);

/* ---- ast.c: syntax tree ------------------------------------------------------
 * Nodes are generic; ast.h lists every kind's children and reads them by name. */
typedef enum {
    /* top level */
    N_FILE, N_IMPORT, N_PARAM, N_NEURON, N_SYNAPSE, N_PLASTICITY, N_MODULATOR, N_MODINST, N_POPULATION,
    N_CONNECT, N_EXPERIMENT,
    /* inside neuron/synapse bodies */
    N_STATE, N_INPUT, N_NOISE, N_ODE, N_THRESHOLD, N_RESET, N_REFRACTORY, N_ONSPIKE,
    N_OUTPUT, N_METHOD, N_ALIAS, N_ASSIGN, N_ON, N_TRACE, N_BOUNDS,
    /* populations, connections, experiment */
    N_FAMILY, N_GRID, N_KV, N_SEED, N_DT, N_TIME, N_RECORD, N_REPORT, N_GUARD, N_TARGET, N_PHASE, N_TRIAL_RESET,
    /* expressions */
    N_NUM, N_STR, N_NAME, N_CALL, N_ARG, N_UNARY, N_BINARY, N_COND, N_BOUNDED,
    N_LIST,
    N__COUNT
} NodeKind;

/* Binary/unary operators keep their token spelling as the op code. */
enum {
    OP_ADD = '+', OP_SUB = '-', OP_MUL = '*', OP_DIV = '/', OP_POW = '^',
    OP_LT = '<', OP_GT = '>', OP_NOT = '!',
    OP_LE = 256, OP_GE, OP_EQ, OP_NE, OP_AND, OP_OR, OP_ADDEQ, OP_SUBEQ, OP_MULEQ, OP_ASSIGN
};

typedef struct Sym Sym;
typedef struct Scope Scope;
typedef struct Node Node;
struct Node {
    NodeKind kind;
    Span sp;
    int op;               /* operator of N_BINARY, N_UNARY and an N_ASSIGN statement (see ast.h).  To go:
                             lower_exprs.c stores a helper number for N_BOUNDED here */
    const char *name;     /* identifier, string literal, unit spelling */
    double num;           /* numeric literal, already in SI */
    Dim dim;              /* dimension of a literal */
    Node **kid;
    int nkid;
    int depth;            /* 1 + the deepest child's: every pass recurses over nodes */
    /* filled in by sema */
    Dim ty;
    bool is_bool;
    unsigned dep;         /* DEP_* bits: what the value depends on */
    Sym *sym;             /* resolved name */
    Scope *scope;         /* N_NEURON, N_SYNAPSE, N_PLASTICITY, N_MODULATOR: the definition's own names
                             (sema_def.c; read with ast.h's def_scope) */
};

enum {
    DEP_PARAM = 1,        /* a model parameter (fixed during the run) */
    DEP_STATE = 2,        /* a per-neuron state variable or port */
    DEP_RANDOM = 4,       /* a distribution draw */
    DEP_NOISE = 8,        /* a white-noise source */
    DEP_TIME = 16,        /* t */
};

/* The deepest a tree may be (a chain of 500 '+' is 500 levels): the passes
 * recurse over nodes, and a deeper tree would overflow the stack.  The node
 * that crosses it is reported where it stands. */
enum { AST_MAX_DEPTH = 500 };
Node *ast_new(NodeKind k, Span sp, int nkid, ...);
Node *ast_leaf(NodeKind k, Span sp, const char *name);
Node *ast_num(Span sp, double v, Dim d, const char *spelling);
Node *ast_list(Span sp);
Node *ast_append(Node *list, Node *item);
Node *ast_op(NodeKind k, Span sp, int op, int nkid, ...);
Node *ast_named(NodeKind k, Span sp, const char *name, int nkid, ...);
void ast_dump(FILE *out, const Node *n);
const char *ast_kind_name(NodeKind k);
const char *op_str(int op);
bool ast_calls(const Node *e, const char *fn); /* e calls the built-in function fn somewhere */

/* ---- parse (grammar/snn.re + grammar/snn.y) -------------------------------- */
typedef struct {
    int file;
    const char *cur, *base, *tok;
} Lexer;
Node *parse_file(int file);          /* NULL after a syntax error (already reported) */
int lex_dump(FILE *out, int file);  /* prints the token stream, returns #errors */

/* ---- sema*.c: names, dimensions, the checked model -------------------------- */
/* sema.c holds the order of the checks; sema_scope.c, sema_expr.c, sema_import.c,
 * sema_def.c, sema_net.c and sema_exp.c one domain each; sema.h what they share. */
typedef enum {
    SYM_GPARAM, SYM_PARAM, SYM_STATE, SYM_PORT, SYM_NOISE, SYM_ALIAS, SYM_BUILTIN,
    SYM_NEURON, SYM_SYNAPSE, SYM_POP, SYM_FAMILY, SYM_WEIGHT, SYM_FUNC, SYM_TRACE, SYM_PLASTICITY,
    SYM_MODDEF, SYM_MOD, SYM_MODPARAM
} SymKind;

struct Sym {
    SymKind kind;
    const char *name;
    Node *decl;
    Dim dim;
    int index;            /* position within its owner */
    Node *owner;          /* neuron/synapse definition, or NULL for globals */
    void *data;           /* by kind: Pop* (SYM_POP), Family* (SYM_FAMILY), Modulator* (SYM_MOD); the Pop*
                             of a SYM_BUILTIN naming a neuron's index or grid position (i, x, y, z in
                             its population's arguments) */
    struct Param *param;  /* SYM_GPARAM: its parameter; SYM_PARAM of a name bound by ode.c: the run's */
    struct OdeVar *var;   /* SYM_STATE of a name bound by ode.c: the population's planned state */
    Node *ode;            /* SYM_STATE, SYM_WEIGHT: its equation (N_ODE), NULL without one */
    bool shapes_network;  /* a global parameter used in a size or count */
    long expanded;        /* SYM_ALIAS: nodes of its expression written out; 0 = not checked yet */
};

Scope *scope_new(Scope *parent);
Sym *scope_find(Scope *s, const char *name);
Sym *scope_find_local(Scope *s, const char *name);
Sym *scope_add(Scope *s, SymKind k, const char *name, Node *decl);

/* A runtime parameter: overridable with --set, evaluated once at start-up. */
typedef struct Param {
    const char *name;     /* "net.E_L", "we", "sim.time" */
    Dim dim;
    Node *def;            /* default expression (in its owner's scope) */
    int pop;              /* owning population or -1 */
    int kernel;           /* owning kernel instance or -1 */
    int proj;             /* owning plastic projection or -1 */
    int mod;              /* owning modulator or -1 */
    Sym *sym;             /* the SYM_PARAM / SYM_GPARAM it instantiates */
    bool is_string;       /* file names */
    bool positive;        /* time constants: must be > 0 */
    bool fixed;           /* shapes the network (a size): cannot be --set */
    const char *cname;    /* C identifier in the generated parameter struct */
    int index;            /* position in the model's parameter table */
    Node *value;          /* the default, bound (lower_exprs.c); NULL for strings */
    struct IrParam *ir;   /* from lower_params.c: non-NULL for a neuron parameter that differs per neuron */
} Param;

typedef struct {
    const char *name;
    int start, count;
    Span sp;
} Family;

/* One synaptic kernel instance: a synapse definition with its arguments feeding
 * one port of one population.  Projections with equal kernels share it, since the
 * kernels are linear and their states superpose. */
typedef struct {
    Node *def;            /* N_SYNAPSE */
    Node *call;           /* the synapse: call in the first connect using it */
    int pop;
    Sym *port;
    Vec params;           /* Param* in the order of the synapse's parameters */
    const char *cname;    /* e.g. "net_g_e_k0" */
    Sym *spike_target;    /* the state that "on spike" adds the weight to */
    Node *spike_gain;     /* ... multiplied by this (bound; NULL = 1) */
    const char *key;      /* for sharing: def name + canonical arguments + port */
    const char *label;    /* for people: exp_cond(tau = 5 ms) on g_e */
} Kernel;

/* 'state VAR = file("PATH" [, UNIT])' in a population: one initial value per
 * neuron, read from a file when the run starts (and again copied at each trial
 * reset); the numbers are in UNIT, by default VAR's SI unit.  The same for a
 * neuron argument 'lif(PARAM = file("PATH" [, UNIT]))': one value per neuron. */
typedef struct {
    Sym *var;             /* the neuron's state, or its parameter */
    double unit;          /* SI value of one unit of the file's numbers */
    int param;            /* index of the string parameter "POP.VAR.file" */
} InitFile;

typedef enum { POP_NEURON, POP_SPIKE_FILE, POP_FIXED_TRAINS, POP_TEMPLATES, POP_STIMSET } PopKind;

typedef struct {
    const char *name;
    Node *decl;
    PopKind kind;
    Node *neuron;          /* N_NEURON for POP_NEURON */
    int size;              /* with size_expr: its value for the parameters' defaults */
    Node *size_expr;       /* a size --set can change (it reads global parameters), or NULL: fixed */
    bool sliced;           /* used by family, slice or one_to_one: needs a size fixed at compile time */
    Vec families;          /* Family* */
    int grid[3];           /* 0 if no grid */
    bool grid_shuffled;    /* neurons take the grid's positions in a random order */
    Vec params;            /* Param*, one per neuron parameter */
    Vec kernels;           /* Kernel* */
    Vec inits;             /* N_STATE nodes overriding initial values ("state v = ...") */
    Vec init_files;        /* InitFile*: initial values read from files ("state v = file(...)") */
    Vec param_files;       /* InitFile*: parameters read from files ("lif(V_th = file(...))") */
    int file_param;        /* index into model params for POP_SPIKE_FILE; first of rate, dead_time for
                              POP_FIXED_TRAINS; of window, onset for POP_TEMPLATES */
    int ntemplates;        /* POP_TEMPLATES: the labels are 0 .. ntemplates - 1 */
    int index;
    const char *cname;
    bool reset_trial;      /* 'reset POP every trial': states back to their initial values */
    bool frozen;           /* in the frozen sub-network (split.c) */
    struct OdePlan *plan;  /* from ode.c */
    struct IrPop *ir;      /* from lower_exprs.c */
} Pop;

typedef enum { RULE_ALL, RULE_ONE_TO_ONE, RULE_PROB, RULE_INDEGREE, RULE_FILE, RULE_WHEN, RULE_TOTAL } RuleKind;

typedef struct {
    const char *name;
    Node *decl;
    int pre, post;                /* populations */
    int pre_lo, pre_n, post_lo, post_n;
    RuleKind rule;
    Node *rule_arg;               /* probability, in-degree, total number, file name */
    const char *rule_text;        /* the rule as written, "total(n_syn)", for the executable's messages */
    int kernel;                   /* index into the post population's kernels */
    Node *weight, *delay;
    bool autapses;
    bool weight_shared;           /* weight is one value for all synapses */
    bool delay_shared;
    int index;
    const char *cname;
    Node *stp;                    /* 'dynamics: tsodyks(U, D, F)': args U, D, F (NULL = none) */
    Node *stp_U, *stp_D, *stp_F;
    Node *plast;                  /* N_PLASTICITY rule, or NULL for a static projection */
    Node *plast_call;
    Vec plast_params;             /* Param*, in the order of the rule's parameters */
    int learning_param;           /* index of "<name>.learning" (1 = on) */
    int mod;                      /* the modulator bound to the rule, or -1 */
    struct IrProj *ir;            /* from lower_exprs.c */
    struct LinSys *eqs;           /* from lower.c, for rules with equations: x' = A x per synapse,
                                     dw/dt = sum_i x_i (out_mod_i d + out_i); NULL = none */
} Proj;

/* connect poisson(rate = R) -> POST { synapse; port; weight }: every neuron of
 * POST receives its own Poisson train of rate R, W per spike (NEST's
 * poisson_generator connected to all of them, Brian2's PoissonInput). */
typedef struct {
    const char *name;
    Node *decl;
    int post, lo, n;
    int kernel;                   /* index into the post population's kernels */
    Node *rate, *weight;          /* of global parameters */
    int index;
    const char *cname;
    Node *rate_b, *weight_b;      /* from lower_exprs.c: bound */
} Drive;

/* A modulator: a global signal (the third factor of a learning rule) made by
 * a linear system driven by the spikes of an endpoint, after a delay. */
typedef struct {
    const char *name;
    Node *decl, *def;             /* N_MODINST, N_MODULATOR */
    int pop, lo, n;               /* the driving spikes */
    int pop2, lo2, n2;            /* 'on pair': the second neuron (pop2 = -1 if none) */
    Node *delay;                  /* NULL = one step */
    Node *window;                 /* 'on pair': how far apart paired spikes may be */
    Node *sign;                   /* arrivals scaled by this expression of the trial's label */
    bool reset_trial;             /* state back to its initial value at each trial start */
    Vec params;                   /* Param* */
    int index;
    /* from lower.c */
    struct LinSys *sys;           /* its states: A, the constant input b, 'on spike' gains, output */
    Node **pair_gain;             /* per state: what 'on pair' adds, a function of delta */
    bool *impulse;                /* per state: no equation, lasts one step */
    struct IrMod *ir;             /* from lower_exprs.c */
} Modulator;

typedef enum { REC_SPIKES, REC_STATE, REC_WEIGHTS, REC_EDGES } RecKind;
typedef struct {
    RecKind kind;
    int pop, lo, n;
    int proj;                     /* REC_WEIGHTS: the plastic projection; REC_EDGES: the projection */
    int svar;                     /* REC_WEIGHTS: 0 = w, k = the rule's k-th per-synapse state */
    Sym *var;                     /* REC_STATE of a population */
    int mod;                      /* REC_STATE of a modulator (pop = -1), else -1 */
    int mvar;                     /* its state (index in the definition's order), -1 = the output */
    int phase;                    /* recorded only during this phase; -1 = always */
    Node *every;
    Span sp;
    const char *label;
} Record;

typedef struct {
    int pop, lo, n;
    const char *label;
    Node *t0, *t1;                /* 'in [t0, t1]': spikes counted per trial in this window */
} Report;

/* 'guard WHAT of TARGET in [lo, hi] [every T]': crossing it stops the run */
typedef enum { GUARD_STATE, GUARD_RATE, GUARD_WEIGHT } GuardKind;
typedef struct {
    GuardKind kind;
    int pop, lo, n;               /* STATE (a whole population), RATE */
    Sym *var;                     /* STATE */
    int proj;                     /* WEIGHT: a plastic projection */
    double min, max;              /* SI */
    double window;                /* RATE: the rate is counted over windows of this length (s) */
    Span sp;
    const char *text;             /* the guard as written, for messages */
    const char *label;            /* its target as written */
} Guard;

/* phase NAME { trials N; learning on|off; set POP.PARAM = value } */
typedef struct {
    const char *name;
    Node *decl;
    int trials;
    int learning;                 /* -1 unchanged, 0 off, 1 on */
    int order;                    /* stimulus order: 0 in order, 1 alternating by label, 2 random */
    Vec sets;                     /* Param* */
    Vec values;                   /* Node*: the values, evaluated at start-up */
} Phase;

typedef struct Model {
    const char *path;             /* the main .snn, as given */
    Vec files;                    /* Node* N_FILE, in import order */
    Vec params;                   /* Param* */
    Vec pops;                     /* Pop* */
    Vec projs;                    /* Proj* */
    Vec drives;                   /* Drive* */
    Vec records;                  /* Record* */
    Vec mods;                     /* Modulator* */
    Vec phases;                   /* Phase* */
    Node *trial;                  /* trial length, or NULL */
    Vec reports;                  /* Report* */
    Vec guards;                   /* Guard* */
    Vec labels;                   /* Node*: constants that 'label' is compared with (== / !=) */
    Node *seed, *dt, *time;
    Scope *globals;
    struct IrExp *ir;             /* from lower_exprs.c */
    uint64_t hash;                /* content hash of every input file */
} Model;

typedef struct {
    Vec include_dirs;             /* const char*: -I, SNN_PATH, stdlib */
    const char *stdlib_dir;       /* files from here are shown as "stdlib/..." */
} SearchPath;

Model *sema_load(int root, SearchPath *sp);           /* root: a source id; NULL after errors */
bool sema_const_eval(Node *e, double *out);           /* literal-only folding */

/* ---- linear.c: linear forms of expressions (sema checks them, ode.c and lower.c use them) */
typedef bool (*LinMatch)(const Node *e, const void *x);        /* is e the x of lin_affine? */
bool lin_is_const(const Node *e);                              /* literals, parameters and dt only */
bool lin_affine(Node *e, LinMatch m, const void *x, Node **a, Node **b); /* e = a*x + b, a and b free of x */
bool lin_affine_sym(Node *e, const Sym *x, Node **a, Node **b);          /* ... x a symbol */
bool lin_in(Node *e, Sym **xs, int n, Node **a, Node **rest);  /* e = sum a_j xs_j + rest, a_j constant */
bool lin_mentions(const Node *e, SymKind k);                   /* names a symbol of kind k */
int lin_states(Node *body, Sym ***out);                        /* the states a body declares, in order */
bool lin_rule_equations(Node *body, Node **wode);              /* a rule's body has equations; its dw/dt */
Node *lin_num(double v);
Node *lin_add(Node *a, Node *b);                               /* NULL is zero */

/* ---- lower.c: deciding storage (shared weights, delays, ring sizes) -------- */
bool lower_model(Model *m);

/* ---- split.c: the frozen sub-network, computed ahead per trial ------------------- */
void split_frozen(Model *m);
void split_explain(FILE *out, Model *m);

/* ---- cgen*.c: C text ---------------------------------------------------------- */
typedef struct {
    bool line_directives;
    const char *c_name;   /* the generated file as '#line' names it, e.g. "coba.c" */
} CgenOptions;
bool cgen_model(FILE *o, Model *m, const CgenOptions *opt);

/* ---- paths.c: snnc's own files, found from where snnc is --------------------- */
typedef struct {
    const char *stdlib;   /* the stdlib's .snn files */
    const char *include;  /* snn.h and the other runtime headers */
    const char *libdir;   /* libsnnrt.a, libsnnrt_mpi.a */
    const char *bin;      /* the folder snnc runs from, for messages */
} SnncPaths;
/* Installed (PREFIX/share/snnc/stdlib, PREFIX/include/snnc, PREFIX/lib/snnc)
 * or built in a checkout (its stdlib/ and runtime/, the libraries beside
 * snnc); SNNC_ROOT and SNNC_LIBDIR override.  A field is NULL when neither
 * layout is there. */
SnncPaths paths_find(void); /* a few stat calls: cheap enough to ask again */
int paths_missing(const char *what); /* says what is missing and how to point at it; returns EXIT_USER */

/* ---- cc.c: the system C compiler, run on the generated C -------------------- */
typedef struct {
    const char *cc;               /* --cc or $CC, possibly with words ("ccache gcc") */
    const char *cfile, *exe;
    const char *model;            /* the .snn, for the message if cc fails */
    bool native, mpi, verbose;
} CcJob;
int cc_build(const CcJob *j);     /* 0, or an exit status after one message */

#endif
