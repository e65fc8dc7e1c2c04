#!/usr/bin/python3
"""Brian2 C++-standalone reference for two reward-modulated STDP benchmarks.

Models (see the "Reward-modulated STDP" section of bench/README.md):

  single  one conductance-based LIF neuron driven by 200 Poisson inputs
          (10 Hz) through plastic synapses.   Default: 200 s simulated.
  coba    the Vogels-Abbott COBA network of brian2_va.py, where the
          excitatory -> excitatory synapses are plastic and the reward is
          driven by a fixed spike train read from --reward-spikes FILE
          (node_id,time_ms; bench/rmstdp.sh writes it and gives snnc the
          same file).                          Default: 10 s simulated.

Plasticity rule (both models): all-to-all pair STDP feeding an exponential
eligibility trace c per synapse; the weight follows dw/dt = eta*c*(r - r0),
where r is a reward trace bumped by +1 at each spike of the reward neuron
(single) or of the reward train (coba).
Every time step, every synapse is updated with one `run_regularly` statement
block (the cheap default, --update regularly):

    w = clip(w + dt*eta*c*(r_post - r0), w_min, w_max)
    c = c*exp(-dt/tau_c)

--update ode writes the same thing as clock-driven ODEs
(dc/dt, dw/dt, method exponential_euler) plus a second `run_regularly` that
clips w; it is numerically the same scheme and serves as a cross-check.

As in brian2_va.py the run is single-threaded, dt = 0.1 ms, the project
directory is deleted and recreated, and these are measured separately:

  build_s   code generation + compilation (codegen_s + compile_s); Python
            start-up and `import brian2` are reported as import_s only
  run_s     wall-clock time of DIR/main, started by this script
            (run_net_s: Brian2's own timing of the network loop)
  peak_rss  GNU time %M of the binary in kB (fallback: getrusage)

The last line of stdout is one JSON object.

Usage:
  /usr/bin/python3 bench/brian2_rmstdp.py [--model single|coba] [--time S] \
      --dir DIR [--seed N] [--update regularly|ode] [--reward-spikes FILE]
"""

import argparse
import json
import os
import time
import warnings

import numpy as np

import brian2_standalone as bs

TOOL = 'brian2_rmstdp.py'
DEFAULT_TIME = {'single': 200.0, 'coba': 10.0}
N_INPUTS = 200            # single: Poisson inputs
N_TOTAL, N_EXC = 4000, 3200   # coba


def fail(msg):
    bs.fail(TOOL, msg)


def parse_args():
    ap = argparse.ArgumentParser(
        description='Brian2 cpp_standalone reward-modulated STDP benchmark.')
    ap.add_argument('--model', default='single', choices=['single', 'coba'])
    ap.add_argument('--time', type=float, default=None,
                    help='simulated time in seconds (default: 200 for single, '
                         '10 for coba)')
    ap.add_argument('--dir', required=True,
                    help='standalone project directory; deleted and recreated')
    ap.add_argument('--seed', type=int, default=None,
                    help='seed for Brian2\'s random numbers (default: unseeded)')
    ap.add_argument('--update', default='regularly', choices=['regularly', 'ode'],
                    help='how the per-step c/w update is written (default: one '
                         'run_regularly block; "ode": clock-driven ODEs plus a '
                         'clipping run_regularly)')
    ap.add_argument('--w-max', type=float, default=None,
                    help='override w_max (single: nS, default 1; coba: units '
                         'of g_L, default 1.2)')
    ap.add_argument('--reward-spikes', metavar='FILE',
                    help='coba: the reward train, a CSV file node_id,time_ms of '
                         'one source (node 0; required for coba)')
    ap.add_argument('--no-record', action='store_true',
                    help='count spikes only (SpikeMonitor(record=False))')
    bs.add_project_options(ap, '--dir')
    args = ap.parse_args()
    if args.time is None:
        args.time = DEFAULT_TIME[args.model]
    if args.time <= 0:
        fail('--time must be positive')
    if args.model == 'coba' and args.reward_spikes is None:
        fail('--model coba needs --reward-spikes FILE (bench/rmstdp.sh writes one)')
    return args


# ---------------------------------------------------------------------------
# The plasticity rule, shared by both models. `unit` is the weight unit
# string ('siemens' for single, '1' for coba); `conductance` is the
# postsynaptic variable that receives w.
# ---------------------------------------------------------------------------

def plastic_synapses(b2, source, target, conductance, unit, namespace, update,
                     name):
    trace_eqs = '''
    dxpre/dt  = -xpre/tau_plus   : 1 (event-driven)
    dxpost/dt = -xpost/tau_minus : 1 (event-driven)
    '''
    if update == 'regularly':
        model = f'''
        w : {unit}
        c : {unit}
        ''' + trace_eqs
        method = None
    else:
        model = f'''
        dw/dt = eta*c*(r_post - r0) : {unit} (clock-driven)
        dc/dt = -c/tau_c            : {unit} (clock-driven)
        ''' + trace_eqs
        method = 'exponential_euler'
    on_pre = f'''
    {conductance}_post += w
    xpre += 1
    c += -A_minus*xpost
    '''
    on_post = '''
    xpost += 1
    c += A_plus*xpre
    '''
    kw = dict(on_pre=on_pre, on_post=on_post, namespace=namespace, name=name)
    if method is not None:
        # order=-2: the synaptic state updater runs before the neurons' one
        # (order 0) and before the clipping below (order -1), i.e. it sees
        # r at the start of the step, exactly like the 'regularly' variant.
        kw.update(method=method, order=-2)
    S = b2.Synapses(source, target, model=model, **kw)
    if update == 'regularly':
        # One pass over all synapses per step, before the neurons are
        # integrated: forward Euler for w with the start-of-step c and r,
        # exact decay for c, then the clip.
        S.run_regularly('''
        w = clip(w + dt*eta*c*(r_post - r0), w_min, w_max)
        c = c*exp(-dt/tau_c)
        ''', when='groups', order=-1, name=name + '_rmstdp')
    else:
        S.run_regularly('w = clip(w, w_min, w_max)', when='groups', order=-1,
                        name=name + '_clip')
    return S


def rule_namespace(b2, w_max):
    ms, second = b2.ms, b2.second
    A_plus = 0.01 * w_max
    return dict(tau_plus=20 * ms, tau_minus=20 * ms, tau_c=0.4 * second,
                eta=1 / second, w_max=w_max, w_min=0 * w_max,
                A_plus=A_plus, A_minus=1.05 * A_plus)


def build_single(b2, w_max_ns, update, record):
    ms, mV, nS, pF, Hz, second = b2.ms, b2.mV, b2.nS, b2.pF, b2.Hz, b2.second
    w_max = w_max_ns * nS
    ns_neuron = dict(C_m=300 * pF, g_L=10 * nS, E_L=-70 * mV, E_e=0 * mV,
                     V_th=-59 * mV, V_reset=-70 * mV, tau_e=5 * ms,
                     tau_r=0.5 * second)
    eqs = '''
    dv/dt   = (g_L*(E_L - v) + g_e*(E_e - v))/C_m : volt (unless refractory)
    dg_e/dt = -g_e/tau_e                          : siemens
    dr/dt   = -r/tau_r                            : 1
    '''
    post = b2.NeuronGroup(1, eqs, threshold='v > V_th',
                          reset='v = V_reset\nr += 1',
                          refractory=5 * ms, method='exponential_euler',
                          namespace=ns_neuron, name='neuron')
    post.v = -70 * mV          # = E_L; g_e = 0, r = 0 by default
    inputs = b2.PoissonGroup(N_INPUTS, rates=10 * Hz, name='inputs')
    ns = rule_namespace(b2, w_max)
    ns['r0'] = 5
    S = plastic_synapses(b2, inputs, post, 'g_e', 'siemens', ns, update, 'S')
    S.connect()                # all 200 inputs -> the neuron
    S.w = 0.5 * w_max
    mon = b2.SpikeMonitor(post, record=record, name='spikes')
    return dict(objects=[post, inputs, S, mon], post=post, S=S, mon=mon,
                w_max=w_max, w_unit=nS, r0=5)


def read_train(path, dt_ms=0.1):
    """The steps of the spikes in a node_id,time_ms file of one source, as
    snnc reads a spike_file population: each time rounded to the nearest
    step, two spikes in one step counted once."""
    try:
        rows = np.loadtxt(path, delimiter=',', skiprows=1, ndmin=2)
    except (OSError, ValueError) as e:
        fail(f'--reward-spikes {path}: {e}')
    if rows.shape[1] != 2 or np.any(rows[:, 0] != 0) or np.any(rows[:, 1] < 0):
        fail(f'--reward-spikes {path}: expected node_id,time_ms lines of node 0, times >= 0')
    return np.unique(np.round(rows[:, 1] / dt_ms).astype(np.int64))


def build_coba(b2, w_max, update, method, record, reward_steps):
    ms, mV, second = b2.ms, b2.mV, b2.second
    ns = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms,
              Vt=-50 * mV, Vr=-60 * mV, El=-60 * mV,
              Erev_exc=0 * mV, Erev_inh=-80 * mV, I=20 * mV,
              we=0.6, wi=6.7)
    eqs = '''
    dv/dt = (ge*(Erev_exc-v) + gi*(Erev_inh-v) - (v-El) + I)*(1./taum) : volt (unless refractory)
    dge/dt = -ge/taue : 1
    dgi/dt = -gi/taui : 1
    dr/dt = -r/tau_r : 1
    '''
    ns['tau_r'] = 0.5 * second
    P = b2.NeuronGroup(N_TOTAL, eqs, threshold='v > Vt', reset='v = Vr',
                       refractory=5 * ms, method=method, namespace=ns, name='P')
    P.v = '(randn()*5 - 55)*mV'
    # Global reward driven by a fixed train. Brian2 2.5.1 cannot give the
    # plastic synapses a single shared r (a shared variable cannot be an ODE
    # nor be written by a synaptic pathway, and Synapses cannot read a
    # linked variable that uses an index), so every excitatory neuron holds
    # its own copy of r: all copies start at 0, decay by the same factor
    # exp(-dt/tau_r) every step and are bumped in the same step by the
    # "reward" pathway train -> P[:N_EXC], hence they are identical and the
    # plastic synapses read it as r_post. (r of inhibitory neurons stays 0.)
    Pe, Pi = P[:N_EXC], P[N_EXC:]
    train = b2.SpikeGeneratorGroup(1, np.zeros(len(reward_steps), dtype=int),
                                   reward_steps * b2.defaultclock.dt, name='train')
    bump = b2.Synapses(train, Pe, on_pre='r_post += 1', name='reward')
    bump.connect()

    rns = rule_namespace(b2, w_max)
    rns['r0'] = 2
    Cee = plastic_synapses(b2, Pe, Pe, 'ge', '1', rns, update, 'Cee')
    Cei = b2.Synapses(Pe, Pi, on_pre='ge += we', namespace=ns, name='Cei')
    Ci = b2.Synapses(Pi, P, on_pre='gi += wi', namespace=ns, name='Ci')
    for syn in (Cee, Cei, Ci):
        syn.connect(p=0.02)    # autapses allowed, as in brian2_va.py
    Cee.w = 0.6
    mon = b2.SpikeMonitor(P, record=record, name='spikes')
    return dict(objects=[P, train, bump, Cee, Cei, Ci, mon], P=P, S=Cee,
                Cei=Cei, Ci=Ci, mon=mon, w_max=w_max, w_unit=1, r0=2)


def weight_stats(w, w_max):
    w = np.asarray(w, dtype=float)
    w_max = float(w_max)
    return dict(n=int(w.size), mean=float(w.mean()), sd=float(w.std()),
                frac0=float(np.mean(w <= 0.0)),
                fracmax=float(np.mean(w >= w_max * (1 - 1e-9))))


def main():
    args = parse_args()
    # read first, so that a bad file is refused at once and leaves no project
    reward_steps = read_train(args.reward_spikes) if args.model == 'coba' else None
    project_dir = bs.prepare_dir(TOOL, args.dir, args.force)
    method = 'exponential_euler'

    t0 = time.perf_counter()
    warnings.filterwarnings('ignore', category=FutureWarning)
    import brian2 as b2
    import_s = time.perf_counter() - t0

    # ---- code generation and compilation ---------------------------------------
    t0 = time.perf_counter()
    bs.start_device(b2, project_dir, args.make_jobs, args.seed)
    if args.model == 'single':
        w_max = 1.0 if args.w_max is None else args.w_max
        net = build_single(b2, w_max, args.update, not args.no_record)
    else:
        w_max = 2 * 0.6 if args.w_max is None else args.w_max
        net = build_coba(b2, w_max, args.update, method, not args.no_record,
                         reward_steps)
    # An explicit Network: the objects live in `net`, where the magic
    # network's collect() would not find them.
    network = b2.Network(*net['objects'])
    network.run(args.time * b2.second, namespace={})
    run_call_s = time.perf_counter() - t0
    device, write_s, compile_s = bs.write_and_compile(TOOL, project_dir)
    codegen_s = run_call_s + write_s

    # ---- run -----------------------------------------------------------------
    run_s, peak_rss_kb, rss_how = bs.run_binary(TOOL, project_dir)
    run_net_s = bs.network_run_s(TOOL, project_dir, device)

    # ---- results ---------------------------------------------------------------
    T = args.time
    counts = np.asarray(net['mon'].count[:])
    wunit = net['w_unit']
    ws = weight_stats(np.asarray(net['S'].w[:]) / float(wunit),
                      float(net['w_max']) / float(wunit))
    result = {'build_s': round(codegen_s + compile_s, 4),
              'run_s': round(run_s, 4)}
    if args.model == 'single':
        result.update(
            rate_hz=round(int(counts.sum()) / T, 4),
            w_mean_ns=round(ws['mean'], 6),
            w_sd_ns=round(ws['sd'], 6),
            frac_w0=round(ws['frac0'], 4),
            frac_wmax=round(ws['fracmax'], 4),
            peak_rss_kb=peak_rss_kb,
            w_max_ns=w_max, spikes=int(counts.sum()),
            r_final=float(np.asarray(net['post'].r[:])[0]))
        if not args.no_record:
            t_sp = np.asarray(net['mon'].t[:] / b2.second)
            win = min(10.0, T)
            result['rate_first_hz'] = round(np.sum(t_sp < win) / win, 4)
            result['rate_last_hz'] = round(np.sum(t_sp >= T - win) / win, 4)
            result['rate_window_s'] = win
    else:
        result.update(
            rate_exc_hz=round(int(counts[:N_EXC].sum()) / N_EXC / T, 4),
            rate_inh_hz=round(int(counts[N_EXC:].sum()) / (N_TOTAL - N_EXC) / T, 4),
            w_mean=round(ws['mean'], 6),
            w_sd=round(ws['sd'], 6),
            frac_w0=round(ws['frac0'], 4),
            frac_wmax=round(ws['fracmax'], 4),
            peak_rss_kb=peak_rss_kb,
            w_max=w_max, reward_file=os.path.abspath(args.reward_spikes),
            r_final=float(np.asarray(net['P'].r[:])[0]),
            r_copies_identical=bool(np.all(
                np.asarray(net['P'].r[:N_EXC]) == np.asarray(net['P'].r[:])[0])),
            spikes_exc=int(counts[:N_EXC].sum()),
            spikes_inh=int(counts[N_EXC:].sum()),
            synapses_static=[int(len(net['Cei'])), int(len(net['Ci']))])
    result.update(
        model=args.model, sim_time_s=T, seed=args.seed, update=args.update,
        method=method, n_plastic=ws['n'], r0=net['r0'],
        codegen_s=round(codegen_s, 4), compile_s=round(compile_s, 4),
        import_s=round(import_s, 4), run_net_s=run_net_s,
        record_spikes=not args.no_record, rss_source=rss_how,
        run_timing='perf_counter around DIR/main', brian2=b2.__version__)
    with open(os.path.join(project_dir, 'brian2_rmstdp.json'), 'w') as f:
        json.dump(result, f, indent=1)

    if args.model == 'single':
        what = (f'rate {result["rate_hz"]:.3f} Hz, mean w '
                f'{result["w_mean_ns"]:.4f} nS')
    else:
        what = (f'rates exc {result["rate_exc_hz"]:.3f} / inh '
                f'{result["rate_inh_hz"]:.3f} Hz, mean w {result["w_mean"]:.4f}')
    print(f'# brian2 rmstdp {args.model} ({args.update}), {T:g} s simulated: '
          f'build {codegen_s + compile_s:.2f} s (codegen {codegen_s:.2f} + '
          f'compile {compile_s:.2f}), run {run_s:.3f} s, {what}, '
          f'w=0 {ws["frac0"]:.3f}, w=w_max {ws["fracmax"]:.3f}, '
          f'peak RSS {peak_rss_kb} kB')
    print(json.dumps(result))


if __name__ == '__main__':
    main()
