/*
 * ast.h: the children of every node kind, by name.
 *
 * A Node keeps its children in kid[0 .. nkid-1], in the order grammar/snn.y
 * hands them to its ast_* constructor.  The passes read a particular child
 * through the accessors below, so that the order is written down once, here,
 * and a reader sees "trace_gap(st)" where it would see "st->kid[5]".  Each
 * accessor asserts the kind of its node (and, for the kinds built in two
 * shapes, the shape) unless NDEBUG is defined: asking a binary operator for
 * its body fails at once instead of handing out its right operand.  Walkers
 * that visit every child alike (dump, bind, dependence) and loops over a
 * list's items still read kid[].  tests/unit/compiler_ast.c parses one model
 * with every production and checks each accessor against it.
 *
 * Accessors named X_name return the N_NAME child, for its span; the string is
 * also in the node's own name (ast.c copies a first child's name).
 *
 * The one reference: each kind, its children in order ("?" = may be NULL;
 * "list" = an N_LIST), and what the node holds besides.
 *
 *   N_FILE         items (list of top-level items)                            op 0
 *   N_IMPORT       path (N_STR)
 *   N_PARAM        global 'param': name, default                              (2 children)
 *                  formal:         name, default?, type? (N_NAME: a dimension
 *                                  or 'modulator'); at least one is set,
 *                                  both for 'NAME : DIMENSION = default'      (3 children)
 *   N_NEURON       name, params (list of N_PARAM), body (list of statements)
 *   N_SYNAPSE      name, params, weight dimension (N_NAME), body
 *   N_PLASTICITY   name, params, weight dimension (N_NAME; 'weight': generic), body
 *   N_MODULATOR    name, params, body
 *   N_MODINST      name, type (N_CALL), source (N_TARGET), options (list of
 *                  N_KV), pair? (N_TARGET, the second endpoint of 'on pair')
 *   N_POPULATION   name, size, type (N_CALL), options (list of N_GRID, N_STATE,
 *                  and lists of N_FAMILY from 'split')
 *   N_GRID         args (list of N_ARG), shuffled? (N_NAME, checked by sema)
 *   N_FAMILY       name, size
 *   N_STATE        name, init?, dimension? (N_NAME); in a population: name, init, NULL
 *   N_INPUT        name, dimension (N_NAME)
 *   N_NOISE        names (list of N_NAME)
 *   N_ODE          variable (N_NAME, from the token "dx/dt"), right-hand side
 *   N_THRESHOLD    condition
 *   N_RESET        assignments (list of N_ASSIGN)
 *   N_REFRACTORY   period
 *   N_ONSPIKE      assignments
 *   N_ON           event (N_NAME: pre, post or pair), assignments
 *   N_TRACE        name, side (N_NAME: pre or post), tau, 'decay' (N_NAME),
 *                  'gap'? (N_NAME), gap?
 *   N_BOUNDS       variable (N_NAME), lo, hi
 *   N_OUTPUT       value
 *   N_METHOD       name (N_NAME: exact, euler, ...)
 *   N_ALIAS        name, value
 *   N_ASSIGN       statement:      target (N_NAME), value; op = OP_ASSIGN,
 *                                  OP_ADDEQ, OP_SUBEQ or OP_MULEQ            (2 children)
 *                  phase 'set':    'set' (N_NAME), population, parameter
 *                                  (N_NAMEs), value; op 0                     (4 children)
 *   N_CONNECT      name?, pre (N_TARGET), post (N_TARGET), options (list of N_KV)
 *   N_TARGET       population (N_NAME), family? (N_NAME), lo?, hi?
 *   N_KV           key (N_NAME), value
 *   N_EXPERIMENT   items (list)
 *   N_SEED, N_DT, N_TIME   value
 *   N_RECORD       what (N_NAME), targets (list of N_TARGET), every?
 *   N_REPORT       name, targets, window? (a range)
 *   N_GUARD        what (N_NAME), targets, range, every?
 *   N_PHASE        name, items (list of N_KV, N_ASSIGN 'set', N_RECORD)
 *   N_TRIAL_RESET  targets, period (N_NAME after 'every')
 *   N_CALL         callee (N_NAME), args (list of N_ARG)
 *   N_ARG          name?, value
 *   N_UNARY        operand; op = OP_SUB or OP_NOT
 *   N_BINARY       lhs, rhs; op = the operator
 *   N_COND         test, then, else
 *   N_BOUNDED      draw, lo, hi ("normal(...) in [lo, hi]")
 *   N_LIST         items; as a range '[' lo ',' hi ']': lo, hi
 *   N_NUM          no children; num (SI), dim, name = the spelling
 *   N_STR          no children; name = the text
 *   N_NAME         no children; name
 */
#ifndef AST_H
#define AST_H

#include "snnc.h"

#include <assert.h>
#include <string.h>

/* file -> item* */
static inline Node *file_items(const Node *n) { assert(n->kind == N_FILE); return n->kid[0]; }

/* import -> 'import' STRING */
static inline Node *import_path(const Node *n) { assert(n->kind == N_IMPORT); return n->kid[0]; }

/* param -> 'param' NAME '=' expr
 * formal -> NAME '=' expr | NAME ':' DIMENSION ['=' expr] | NAME ':' 'modulator' */
static inline Node *param_name(const Node *n) { assert(n->kind == N_PARAM); return n->kid[0]; }
static inline Node *param_default(const Node *n) { assert(n->kind == N_PARAM); return n->kid[1]; }
static inline Node *param_type(const Node *n) { assert(n->kind == N_PARAM); return n->nkid > 2 ? n->kid[2] : NULL; }

/* neuron -> 'neuron' NAME '(' formals ')' '{' body '}'
 * synapse -> 'synapse' NAME '(' formals ')' ':' DIMENSION '{' body '}'
 * plasticity -> 'plasticity' NAME '(' formals ')' ':' DIMENSION '{' body '}'
 * modulator -> 'modulator' NAME '(' formals ')' '{' body '}' */
static inline bool is_def(const Node *n)
{
    return n->kind == N_NEURON || n->kind == N_SYNAPSE || n->kind == N_PLASTICITY || n->kind == N_MODULATOR;
}
static inline bool has_weight_dim(const Node *n) { return n->kind == N_SYNAPSE || n->kind == N_PLASTICITY; }
static inline Node *def_name(const Node *n) { assert(is_def(n)); return n->kid[0]; }
static inline Node *def_params(const Node *n) { assert(is_def(n)); return n->kid[1]; }
static inline Node *def_weight_dim(const Node *n) { assert(has_weight_dim(n)); return n->kid[2]; }
static inline Node *def_body(const Node *n) { assert(is_def(n)); return n->kid[has_weight_dim(n) ? 3 : 2]; }
/* the first statement of kind k in a definition's body, or NULL */
static inline Node *def_stmt(const Node *n, NodeKind k)
{
    Node *b = def_body(n);
    for (int i = 0; i < b->nkid; i++)
        if (b->kid[i]->kind == k)
            return b->kid[i];
    return NULL;
}
/* The definition's scope: its parameters and what its body declares (sema_def.c) */
static inline Scope *def_scope(const Node *n) { assert(is_def(n)); return n->scope; }

/* modulator -> 'modulator' NAME '=' TYPE ['(' args ')'] 'of' endpoint [',' endpoint] ['{' kvs '}'] */
static inline Node *modinst_name(const Node *n) { assert(n->kind == N_MODINST); return n->kid[0]; }
static inline Node *modinst_type(const Node *n) { assert(n->kind == N_MODINST); return n->kid[1]; }
static inline Node *modinst_source(const Node *n) { assert(n->kind == N_MODINST); return n->kid[2]; }
static inline Node *modinst_opts(const Node *n) { assert(n->kind == N_MODINST); return n->kid[3]; }
static inline Node *modinst_pair(const Node *n) { assert(n->kind == N_MODINST); return n->kid[4]; }

/* population -> 'population' NAME '=' size TYPE ['(' args ')'] popopt* */
static inline Node *population_name(const Node *n) { assert(n->kind == N_POPULATION); return n->kid[0]; }
static inline Node *population_size(const Node *n) { assert(n->kind == N_POPULATION); return n->kid[1]; }
static inline Node *population_type(const Node *n) { assert(n->kind == N_POPULATION); return n->kid[2]; }
static inline Node *population_opts(const Node *n) { assert(n->kind == N_POPULATION); return n->kid[3]; }

/* popopt -> 'on' 'grid' '(' args ')' ['shuffled'] */
static inline Node *grid_args(const Node *n) { assert(n->kind == N_GRID); return n->kid[0]; }
static inline Node *grid_shuffled(const Node *n) { assert(n->kind == N_GRID); return n->nkid > 1 ? n->kid[1] : NULL; }

/* family -> NAME expr */
static inline Node *family_name(const Node *n) { assert(n->kind == N_FAMILY); return n->kid[0]; }
static inline Node *family_size(const Node *n) { assert(n->kind == N_FAMILY); return n->kid[1]; }

/* stmt -> 'state' NAME '=' expr | 'state' NAME ':' DIMENSION ['=' expr]
 * popopt -> 'state' NAME '=' expr */
static inline Node *state_name(const Node *n) { assert(n->kind == N_STATE); return n->kid[0]; }
static inline Node *state_init(const Node *n) { assert(n->kind == N_STATE); return n->kid[1]; }
static inline Node *state_dim(const Node *n) { assert(n->kind == N_STATE); return n->kid[2]; }

/* stmt -> 'input' NAME ':' DIMENSION */
static inline Node *input_name(const Node *n) { assert(n->kind == N_INPUT); return n->kid[0]; }
static inline Node *input_dim(const Node *n) { assert(n->kind == N_INPUT); return n->kid[1]; }

/* stmt -> 'noise' NAME (',' NAME)* */
static inline Node *noise_names(const Node *n) { assert(n->kind == N_NOISE); return n->kid[0]; }

/* stmt -> DERIV '=' expr */
static inline Node *deriv_var(const Node *n) { assert(n->kind == N_ODE); return n->kid[0]; }
static inline Node *deriv_rhs(const Node *n) { assert(n->kind == N_ODE); return n->kid[1]; }

/* stmt -> 'threshold' expr | 'reset' assign_block | 'refractory' expr | 'on' 'spike' assign_block */
static inline Node *threshold_cond(const Node *n) { assert(n->kind == N_THRESHOLD); return n->kid[0]; }
static inline Node *reset_assigns(const Node *n) { assert(n->kind == N_RESET); return n->kid[0]; }
static inline Node *refractory_period(const Node *n) { assert(n->kind == N_REFRACTORY); return n->kid[0]; }
static inline Node *onspike_assigns(const Node *n) { assert(n->kind == N_ONSPIKE); return n->kid[0]; }

/* stmt -> 'on' NAME assign_block */
static inline Node *on_event(const Node *n) { assert(n->kind == N_ON); return n->kid[0]; }
static inline Node *on_assigns(const Node *n) { assert(n->kind == N_ON); return n->kid[1]; }
static inline bool on_post(const Node *n) { return strcmp(on_event(n)->name, "post") == 0; }

/* stmt -> 'trace' NAME ':' SIDE ',' 'decay' expr [',' 'gap' expr] */
static inline Node *trace_name(const Node *n) { assert(n->kind == N_TRACE); return n->kid[0]; }
static inline Node *trace_side(const Node *n) { assert(n->kind == N_TRACE); return n->kid[1]; }
static inline Node *trace_tau(const Node *n) { assert(n->kind == N_TRACE); return n->kid[2]; }
static inline Node *trace_decay_word(const Node *n) { assert(n->kind == N_TRACE); return n->kid[3]; }
static inline Node *trace_gap_word(const Node *n) { assert(n->kind == N_TRACE); return n->kid[4]; }
static inline Node *trace_gap(const Node *n) { assert(n->kind == N_TRACE); return n->kid[5]; }
static inline bool trace_post(const Node *n) { return strcmp(trace_side(n)->name, "post") == 0; }

/* stmt -> NAME 'in' '[' expr ',' expr ']' */
static inline Node *bounds_var(const Node *n) { assert(n->kind == N_BOUNDS); return n->kid[0]; }
static inline Node *bounds_lo(const Node *n) { assert(n->kind == N_BOUNDS); return n->kid[1]; }
static inline Node *bounds_hi(const Node *n) { assert(n->kind == N_BOUNDS); return n->kid[2]; }

/* stmt -> 'output' expr | 'method' NAME | NAME '=' expr */
static inline Node *output_value(const Node *n) { assert(n->kind == N_OUTPUT); return n->kid[0]; }
static inline Node *method_name(const Node *n) { assert(n->kind == N_METHOD); return n->kid[0]; }
static inline Node *alias_name(const Node *n) { assert(n->kind == N_ALIAS); return n->kid[0]; }
static inline Node *alias_value(const Node *n) { assert(n->kind == N_ALIAS); return n->kid[1]; }

/* assign -> NAME ('=' | '+=' | '-=' | '*=') expr */
static inline Node *assign_target(const Node *n) { assert(n->kind == N_ASSIGN && n->nkid == 2); return n->kid[0]; }
static inline Node *assign_value(const Node *n) { assert(n->kind == N_ASSIGN && n->nkid == 2); return n->kid[1]; }

/* pitem -> 'set' POP '.' PARAM '=' expr */
static inline Node *set_word(const Node *n) { assert(n->kind == N_ASSIGN && n->nkid == 4); return n->kid[0]; }
static inline Node *set_pop(const Node *n) { assert(n->kind == N_ASSIGN && n->nkid == 4); return n->kid[1]; }
static inline Node *set_param(const Node *n) { assert(n->kind == N_ASSIGN && n->nkid == 4); return n->kid[2]; }
static inline Node *set_value(const Node *n) { assert(n->kind == N_ASSIGN && n->nkid == 4); return n->kid[3]; }

/* connect -> 'connect' [NAME '='] endpoint '->' endpoint '{' kvs '}' */
static inline Node *connect_name(const Node *n) { assert(n->kind == N_CONNECT); return n->kid[0]; }
static inline Node *connect_pre(const Node *n) { assert(n->kind == N_CONNECT); return n->kid[1]; }
static inline Node *connect_post(const Node *n) { assert(n->kind == N_CONNECT); return n->kid[2]; }
static inline Node *connect_opts(const Node *n) { assert(n->kind == N_CONNECT); return n->kid[3]; }

/* endpoint -> POP ['.' FAMILY] ['[' lo ':' hi ']'] */
static inline Node *target_pop(const Node *n) { assert(n->kind == N_TARGET); return n->kid[0]; }
static inline Node *target_family(const Node *n) { assert(n->kind == N_TARGET); return n->kid[1]; }
static inline Node *target_lo(const Node *n) { assert(n->kind == N_TARGET); return n->kid[2]; }
static inline Node *target_hi(const Node *n) { assert(n->kind == N_TARGET); return n->kid[3]; }

/* kv -> key ':' expr;  eitem -> NAME expr;  pitem -> NAME expr | NAME 'on' */
static inline Node *kv_key(const Node *n) { assert(n->kind == N_KV); return n->kid[0]; }
static inline Node *kv_value(const Node *n) { assert(n->kind == N_KV); return n->kid[1]; }

/* experiment -> 'experiment' '{' eitem* '}' */
static inline Node *experiment_items(const Node *n) { assert(n->kind == N_EXPERIMENT); return n->kid[0]; }

/* eitem -> 'seed' expr | 'dt' expr | 'time' expr */
static inline Node *seed_value(const Node *n) { assert(n->kind == N_SEED); return n->kid[0]; }
static inline Node *dt_value(const Node *n) { assert(n->kind == N_DT); return n->kid[0]; }
static inline Node *time_value(const Node *n) { assert(n->kind == N_TIME); return n->kid[0]; }

/* eitem, pitem -> 'record' recwhat 'of' targets ['every' expr] */
static inline Node *record_what(const Node *n) { assert(n->kind == N_RECORD); return n->kid[0]; }
static inline Node *record_targets(const Node *n) { assert(n->kind == N_RECORD); return n->kid[1]; }
static inline Node *record_every(const Node *n) { assert(n->kind == N_RECORD); return n->kid[2]; }

/* eitem -> 'report' NAME 'of' targets ['in' '[' expr ',' expr ']'] */
static inline Node *report_name(const Node *n) { assert(n->kind == N_REPORT); return n->kid[0]; }
static inline Node *report_targets(const Node *n) { assert(n->kind == N_REPORT); return n->kid[1]; }
static inline Node *report_window(const Node *n) { assert(n->kind == N_REPORT); return n->kid[2]; }

/* eitem -> 'guard' recwhat 'of' targets 'in' '[' expr ',' expr ']' ['every' expr] */
static inline Node *guard_what(const Node *n) { assert(n->kind == N_GUARD); return n->kid[0]; }
static inline Node *guard_targets(const Node *n) { assert(n->kind == N_GUARD); return n->kid[1]; }
static inline Node *guard_range(const Node *n) { assert(n->kind == N_GUARD); return n->kid[2]; }
static inline Node *guard_every(const Node *n) { assert(n->kind == N_GUARD); return n->kid[3]; }

/* the '[' expr ',' expr ']' of a report window or a guard range */
static inline Node *range_lo(const Node *n) { assert(n->kind == N_LIST && n->nkid == 2); return n->kid[0]; }
static inline Node *range_hi(const Node *n) { assert(n->kind == N_LIST && n->nkid == 2); return n->kid[1]; }

/* eitem -> 'phase' NAME '{' pitem* '}' | 'reset' targets 'every' NAME */
static inline Node *phase_name(const Node *n) { assert(n->kind == N_PHASE); return n->kid[0]; }
static inline Node *phase_items(const Node *n) { assert(n->kind == N_PHASE); return n->kid[1]; }
static inline Node *trial_reset_targets(const Node *n) { assert(n->kind == N_TRIAL_RESET); return n->kid[0]; }
static inline Node *trial_reset_every(const Node *n) { assert(n->kind == N_TRIAL_RESET); return n->kid[1]; }

/* primary -> NAME '(' args ')';  pop_type -> NAME ['(' args ')'] */
static inline Node *call_name(const Node *n) { assert(n->kind == N_CALL); return n->kid[0]; }
static inline Node *call_args(const Node *n) { assert(n->kind == N_CALL); return n->kid[1]; }

/* arg -> expr | NAME '=' expr */
static inline Node *arg_name(const Node *n) { assert(n->kind == N_ARG); return n->kid[0]; }
static inline Node *arg_value(const Node *n) { assert(n->kind == N_ARG); return n->kid[1]; }

/* expr -> '-' expr | '!' expr */
static inline Node *unary_operand(const Node *n) { assert(n->kind == N_UNARY); return n->kid[0]; }

/* expr -> expr op expr */
static inline Node *bin_lhs(const Node *n) { assert(n->kind == N_BINARY); return n->kid[0]; }
static inline Node *bin_rhs(const Node *n) { assert(n->kind == N_BINARY); return n->kid[1]; }

/* expr -> expr '?' expr ':' expr */
static inline Node *cond_test(const Node *n) { assert(n->kind == N_COND); return n->kid[0]; }
static inline Node *cond_then(const Node *n) { assert(n->kind == N_COND); return n->kid[1]; }
static inline Node *cond_else(const Node *n) { assert(n->kind == N_COND); return n->kid[2]; }

/* expr -> primary 'in' '[' expr ',' expr ']' */
static inline Node *bounded_draw(const Node *n) { assert(n->kind == N_BOUNDED); return n->kid[0]; }
static inline Node *bounded_lo(const Node *n) { assert(n->kind == N_BOUNDED); return n->kid[1]; }
static inline Node *bounded_hi(const Node *n) { assert(n->kind == N_BOUNDED); return n->kid[2]; }

/* one item of a list, where a pass wants a particular one (loops read kid[i]) */
static inline Node *list_at(const Node *n, int i) { assert(n->kind == N_LIST && i >= 0 && i < n->nkid); return n->kid[i]; }

#endif
