/*
 * compiler_ast.c: every accessor of compiler/ast.h returns the child that
 * grammar/snn.y put there.  One model uses every production; each check reads
 * a child by name and compares its kind and spelling with the source.  A change
 * to the order of an ast_* call's children that ast.h does not follow fails
 * here.  Linked with the front end's objects (tests/run.sh).
 */
#include "ast.h"
#include "check.h"

#include <string.h>

static const char model[] =
    "import \"lib.snn\"\n"
    "param drive = 2 pA\n"
    "neuron cell(C = 1 pF, k : modulator) {\n"
    "  input I : current\n"
    "  state v = 0 mV\n"
    "  state u : voltage\n"
    "  state q : voltage = 1 mV\n"
    "  noise xi, eta\n"
    "  dv/dt = -v / tau + xi\n"
    "  threshold v > 1 mV\n"
    "  reset { v = 0 mV; u += 1 mV }\n"
    "  refractory 2 ms\n"
    "  on spike v -= 1 mV\n"
    "  on pair v *= 2\n"
    "  trace xp : pre, decay 20 ms\n"
    "  trace xq : post, decay 30 ms, gap 1 ms\n"
    "  w in [0 nS, 1 nS]\n"
    "  output v\n"
    "  method euler\n"
    "  a = !b ? -c : normal(0, sd = 1) in [lo, hi]\n"
    "}\n"
    "synapse syn(tau = 5 ms) : current { output I }\n"
    "plasticity rule(A = 1) : conductance { on pre w += A }\n"
    "modulator dop(tau = 1 s) { output y }\n"
    "modulator r1 = dop of net\n"
    "modulator r2 = dop(tau = 2 s) of net.exc, net[0:2] { delay: 1 ms }\n"
    "population net = 10 cell(C = 2 pF) on grid(5, 2) shuffled state v = 1 mV split exc 8, inh 2\n"
    "connect net -> net.exc[1:3] { rule: all }\n"
    "connect ee = net.exc -> net { weight: 1 pA }\n"
    "experiment {\n"
    "  seed 42\n"
    "  dt 0.1 ms\n"
    "  time 1 s\n"
    "  record v of net every 1 ms\n"
    "  report rate of net\n"
    "  report early of net in [0 ms, 5 ms]\n"
    "  guard v of net in [-1 V, 1 V] every 2 ms\n"
    "  trial 100 ms\n"
    "  phase learn { trials 3; learning on; set net.C = 3 pF; record spikes of net }\n"
    "  reset net every trial\n"
    "}\n";

/* n is a node of kind k, spelled s (a name, a string, a number's spelling) */
static bool is(const Node *n, NodeKind k, const char *s)
{
    return n && n->kind == k && (!s || (n->name && strcmp(n->name, s) == 0));
}

static const char *kind_of(const Node *n) { return n ? ast_kind_name(n->kind) : "NULL"; }

static const char *spelling(const Node *n) { return n && n->name ? n->name : ""; }

#define EXPECT(what, node, k, s) CHECK(what, is((node), (k), (s)), "got %s '%s'", kind_of(node), spelling(node))
#define NONE(what, node) CHECK(what, (node) == NULL, "got %s", kind_of(node))

int main(void)
{
    const char *err;
    Span err_at;
    int f = src_add_bytes("accessors.snn", model, sizeof model - 1, &err, &err_at);
    Node *file = f >= 0 ? parse_file(f) : NULL;
    CHECK("ast: the model parses", file != NULL, "see the message above");
    if (!file)
        return check_done();
    /* the items, the neuron's statements and the experiment's items, by position */
    Node *items = file_items(file);
    CHECK("ast: every item parsed", items->nkid == 12, "%d items", items->nkid);
    if (items->nkid != 12)
        return check_done();
    Node *body = def_body(items->kid[2]), *ex = experiment_items(items->kid[11]);
    CHECK("ast: every statement parsed", body->nkid == 17 && ex->nkid == 10, "%d statements, %d experiment items",
          body->nkid, ex->nkid);
    if (body->nkid != 17 || ex->nkid != 10)
        return check_done();
    Node **it = items->kid, **st = body->kid, **e = ex->kid;
    EXPECT("ast: import_path", import_path(it[0]), N_STR, "lib.snn");
    EXPECT("ast: param_name", param_name(it[1]), N_NAME, "drive");
    EXPECT("ast: param_default (global)", param_default(it[1]), N_NUM, "2 pA");
    NONE("ast: param_type (global)", param_type(it[1]));

    Node *cell = it[2];
    EXPECT("ast: def_name (neuron)", def_name(cell), N_NAME, "cell");
    Node *formals = def_params(cell);
    EXPECT("ast: def_params", list_at(formals, 0), N_PARAM, "C");
    EXPECT("ast: param_default (formal)", param_default(list_at(formals, 0)), N_NUM, "1 pF");
    NONE("ast: param_type (formal with default)", param_type(list_at(formals, 0)));
    NONE("ast: param_default (modulator formal)", param_default(list_at(formals, 1)));
    EXPECT("ast: param_type (modulator formal)", param_type(list_at(formals, 1)), N_NAME, "modulator");
    EXPECT("ast: input_name", input_name(st[0]), N_NAME, "I");
    EXPECT("ast: input_dim", input_dim(st[0]), N_NAME, "current");
    EXPECT("ast: state_name", state_name(st[1]), N_NAME, "v");
    EXPECT("ast: state_init", state_init(st[1]), N_NUM, "0 mV");
    NONE("ast: state_dim (state x = e)", state_dim(st[1]));
    NONE("ast: state_init (state x : d)", state_init(st[2]));
    EXPECT("ast: state_dim (state x : d)", state_dim(st[2]), N_NAME, "voltage");
    EXPECT("ast: state_init (state x : d = e)", state_init(st[3]), N_NUM, "1 mV");
    EXPECT("ast: state_dim (state x : d = e)", state_dim(st[3]), N_NAME, "voltage");
    EXPECT("ast: noise_names", list_at(noise_names(st[4]), 1), N_NAME, "eta");
    EXPECT("ast: deriv_var", deriv_var(st[5]), N_NAME, "v");
    EXPECT("ast: deriv_rhs", deriv_rhs(st[5]), N_BINARY, NULL);
    Node *thr = threshold_cond(st[6]);
    EXPECT("ast: threshold_cond", thr, N_BINARY, NULL);
    EXPECT("ast: bin_lhs", bin_lhs(thr), N_NAME, "v");
    EXPECT("ast: bin_rhs", bin_rhs(thr), N_NUM, "1 mV");
    Node *as = list_at(reset_assigns(st[7]), 1);
    EXPECT("ast: reset_assigns", as, N_ASSIGN, NULL);
    EXPECT("ast: assign_target", assign_target(as), N_NAME, "u");
    EXPECT("ast: assign_value", assign_value(as), N_NUM, "1 mV");
    CHECK("ast: assign op", as->op == OP_ADDEQ, "op %d", as->op);
    EXPECT("ast: refractory_period", refractory_period(st[8]), N_NUM, "2 ms");
    EXPECT("ast: onspike_assigns", assign_target(list_at(onspike_assigns(st[9]), 0)), N_NAME, "v");
    EXPECT("ast: on_event", on_event(st[10]), N_NAME, "pair");
    EXPECT("ast: on_assigns", assign_value(list_at(on_assigns(st[10]), 0)), N_NUM, "2");
    CHECK("ast: on_post (pair)", !on_post(st[10]), "true");
    EXPECT("ast: trace_name", trace_name(st[11]), N_NAME, "xp");
    EXPECT("ast: trace_side", trace_side(st[11]), N_NAME, "pre");
    EXPECT("ast: trace_tau", trace_tau(st[11]), N_NUM, "20 ms");
    EXPECT("ast: trace_decay_word", trace_decay_word(st[11]), N_NAME, "decay");
    NONE("ast: trace_gap_word (no gap)", trace_gap_word(st[11]));
    NONE("ast: trace_gap (no gap)", trace_gap(st[11]));
    CHECK("ast: trace_post (pre)", !trace_post(st[11]), "true");
    EXPECT("ast: trace_gap_word", trace_gap_word(st[12]), N_NAME, "gap");
    EXPECT("ast: trace_gap", trace_gap(st[12]), N_NUM, "1 ms");
    CHECK("ast: trace_post (post)", trace_post(st[12]), "false");
    EXPECT("ast: bounds_var", bounds_var(st[13]), N_NAME, "w");
    EXPECT("ast: bounds_lo", bounds_lo(st[13]), N_NUM, "0 nS");
    EXPECT("ast: bounds_hi", bounds_hi(st[13]), N_NUM, "1 nS");
    EXPECT("ast: output_value", output_value(st[14]), N_NAME, "v");
    EXPECT("ast: method_name", method_name(st[15]), N_NAME, "euler");
    EXPECT("ast: alias_name", alias_name(st[16]), N_NAME, "a");
    Node *c = alias_value(st[16]);
    EXPECT("ast: alias_value", c, N_COND, NULL);
    EXPECT("ast: cond_test", cond_test(c), N_UNARY, NULL);
    EXPECT("ast: unary_operand", unary_operand(cond_test(c)), N_NAME, "b");
    EXPECT("ast: cond_then", cond_then(c), N_UNARY, NULL);
    Node *bd = cond_else(c);
    EXPECT("ast: cond_else", bd, N_BOUNDED, NULL);
    EXPECT("ast: bounded_draw", bounded_draw(bd), N_CALL, "normal");
    EXPECT("ast: bounded_lo", bounded_lo(bd), N_NAME, "lo");
    EXPECT("ast: bounded_hi", bounded_hi(bd), N_NAME, "hi");
    EXPECT("ast: call_name", call_name(bounded_draw(bd)), N_NAME, "normal");
    Node *args = call_args(bounded_draw(bd));
    NONE("ast: arg_name (positional)", arg_name(list_at(args, 0)));
    EXPECT("ast: arg_value (positional)", arg_value(list_at(args, 0)), N_NUM, "0");
    EXPECT("ast: arg_name (named)", arg_name(list_at(args, 1)), N_NAME, "sd");
    EXPECT("ast: arg_value (named)", arg_value(list_at(args, 1)), N_NUM, "1");

    EXPECT("ast: def_name (synapse)", def_name(it[3]), N_NAME, "syn");
    EXPECT("ast: def_weight_dim (synapse)", def_weight_dim(it[3]), N_NAME, "current");
    EXPECT("ast: def_body (synapse)", list_at(def_body(it[3]), 0), N_OUTPUT, NULL);
    EXPECT("ast: def_weight_dim (plasticity)", def_weight_dim(it[4]), N_NAME, "conductance");
    Node *on = list_at(def_body(it[4]), 0);
    EXPECT("ast: def_body (plasticity)", on, N_ON, "pre");
    CHECK("ast: on_post (pre)", !on_post(on), "true");
    EXPECT("ast: def_params (modulator)", list_at(def_params(it[5]), 0), N_PARAM, "tau");
    EXPECT("ast: def_body (modulator)", output_value(list_at(def_body(it[5]), 0)), N_NAME, "y");

    EXPECT("ast: modinst_name", modinst_name(it[6]), N_NAME, "r1");
    EXPECT("ast: modinst_type", modinst_type(it[6]), N_CALL, "dop");
    EXPECT("ast: modinst_source", modinst_source(it[6]), N_TARGET, "net");
    CHECK("ast: modinst_opts (none)", modinst_opts(it[6])->nkid == 0, "%d options", modinst_opts(it[6])->nkid);
    NONE("ast: modinst_pair (none)", modinst_pair(it[6]));
    EXPECT("ast: modinst_pair", modinst_pair(it[7]), N_TARGET, "net");
    EXPECT("ast: target_lo (pair)", target_lo(modinst_pair(it[7])), N_NUM, "0");
    EXPECT("ast: modinst_opts", list_at(modinst_opts(it[7]), 0), N_KV, "delay");

    Node *pop = it[8];
    EXPECT("ast: population_name", population_name(pop), N_NAME, "net");
    EXPECT("ast: population_size", population_size(pop), N_NUM, "10");
    EXPECT("ast: population_type", population_type(pop), N_CALL, "cell");
    Node *opts = population_opts(pop);
    EXPECT("ast: grid_args", arg_value(list_at(grid_args(list_at(opts, 0)), 1)), N_NUM, "2");
    EXPECT("ast: grid_shuffled", grid_shuffled(list_at(opts, 0)), N_NAME, "shuffled");
    EXPECT("ast: state in a population", state_init(list_at(opts, 1)), N_NUM, "1 mV");
    NONE("ast: state_dim in a population", state_dim(list_at(opts, 1)));
    Node *fam = list_at(list_at(opts, 2), 1);
    EXPECT("ast: family_name", family_name(fam), N_NAME, "inh");
    EXPECT("ast: family_size", family_size(fam), N_NUM, "2");

    NONE("ast: connect_name (none)", connect_name(it[9]));
    EXPECT("ast: connect_pre", connect_pre(it[9]), N_TARGET, "net");
    Node *post = connect_post(it[9]);
    EXPECT("ast: target_pop", target_pop(post), N_NAME, "net");
    EXPECT("ast: target_family", target_family(post), N_NAME, "exc");
    EXPECT("ast: target_lo", target_lo(post), N_NUM, "1");
    EXPECT("ast: target_hi", target_hi(post), N_NUM, "3");
    Node *kv = list_at(connect_opts(it[9]), 0);
    EXPECT("ast: kv_key", kv_key(kv), N_NAME, "rule");
    EXPECT("ast: kv_value", kv_value(kv), N_NAME, "all");
    EXPECT("ast: connect_name", connect_name(it[10]), N_NAME, "ee");
    NONE("ast: target_family (none)", target_family(connect_post(it[10])));
    NONE("ast: target_lo (none)", target_lo(connect_post(it[10])));

    EXPECT("ast: seed_value", seed_value(e[0]), N_NUM, "42");
    EXPECT("ast: dt_value", dt_value(e[1]), N_NUM, "0.1 ms");
    EXPECT("ast: time_value", time_value(e[2]), N_NUM, "1 s");
    EXPECT("ast: record_what", record_what(e[3]), N_NAME, "v");
    EXPECT("ast: record_targets", list_at(record_targets(e[3]), 0), N_TARGET, "net");
    EXPECT("ast: record_every", record_every(e[3]), N_NUM, "1 ms");
    EXPECT("ast: report_name", report_name(e[4]), N_NAME, "rate");
    EXPECT("ast: report_targets", list_at(report_targets(e[4]), 0), N_TARGET, "net");
    NONE("ast: report_window (none)", report_window(e[4]));
    EXPECT("ast: report_window", range_hi(report_window(e[5])), N_NUM, "5 ms");
    EXPECT("ast: range_lo", range_lo(report_window(e[5])), N_NUM, "0 ms");
    EXPECT("ast: guard_what", guard_what(e[6]), N_NAME, "v");
    EXPECT("ast: guard_targets", list_at(guard_targets(e[6]), 0), N_TARGET, "net");
    EXPECT("ast: guard_range", range_hi(guard_range(e[6])), N_NUM, "1 V");
    EXPECT("ast: guard_every", guard_every(e[6]), N_NUM, "2 ms");
    EXPECT("ast: kv in an experiment", kv_value(e[7]), N_NUM, "100 ms");
    EXPECT("ast: phase_name", phase_name(e[8]), N_NAME, "learn");
    Node *pi = phase_items(e[8]);
    EXPECT("ast: kv in a phase", kv_value(list_at(pi, 1)), N_NAME, "on");
    Node *set = list_at(pi, 2);
    EXPECT("ast: set_word", set_word(set), N_NAME, "set");
    EXPECT("ast: set_pop", set_pop(set), N_NAME, "net");
    EXPECT("ast: set_param", set_param(set), N_NAME, "C");
    EXPECT("ast: set_value", set_value(set), N_NUM, "3 pF");
    EXPECT("ast: record in a phase", record_what(list_at(pi, 3)), N_NAME, "spikes");
    EXPECT("ast: trial_reset_targets", list_at(trial_reset_targets(e[9]), 0), N_TARGET, "net");
    EXPECT("ast: trial_reset_every", trial_reset_every(e[9]), N_NAME, "trial");
    return check_done();
}
