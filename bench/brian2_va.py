#!/usr/bin/python3
"""Brian2 C++-standalone reference for the Vogels-Abbott benchmark networks.

Builds the COBA or CUBA network (4000 LIF neurons, 3200 exc / 800 inh,
p = 0.02 random connectivity from each sub-population onto the whole group)
with Brian2's cpp_standalone device, dt = 0.1 ms, single-threaded unless
--threads N asks for N OpenMP threads, and measures separately:

  build_s   code generation + compilation of the standalone project
            (= codegen_s + compile_s; Python start-up and `import brian2`
            are reported separately as import_s and are NOT part of build_s)
  run_s     wall-clock time of the generated binary DIR/main, started by this
            script and timed with time.perf_counter() around the process
            (includes binary start-up, synapse creation, the simulation loop
            and writing the result files). Brian2's own in-binary measurement
            of the network-run loop only is reported as run_net_s.
  rates     mean firing rate of the excitatory (P[:3200]) and inhibitory
            (P[3200:]) neurons, from the SpikeMonitor's per-neuron counts read
            back from the result files after the binary has finished.
  peak_rss  maximum resident set size of the binary (GNU time %M, kB), falling
            back to resource.getrusage(RUSAGE_CHILDREN) if GNU time is absent.

The last line of stdout is a single JSON object with these numbers.

Usage:
  /usr/bin/python3 bench/brian2_va.py --model coba|cuba --time 10 --dir DIR \
      [--seed N] [--method exponential_euler|euler|exact] [--threads N]
"""

import argparse
import json
import os
import time
import warnings

import brian2_standalone as bs

N_TOTAL = 4000
N_EXC = 3200
N_INH = N_TOTAL - N_EXC

DEFAULT_METHOD = {'coba': 'exponential_euler', 'cuba': 'exact'}
TOOL = 'brian2_va.py'


def parse_args():
    ap = argparse.ArgumentParser(
        description='Brian2 cpp_standalone Vogels-Abbott benchmark (COBA/CUBA).')
    ap.add_argument('--model', required=True, choices=['coba', 'cuba'])
    ap.add_argument('--time', type=float, default=10.0,
                    help='biological time to simulate, in seconds (default 10)')
    ap.add_argument('--dir', required=True,
                    help='cpp_standalone project directory; it is deleted and '
                         'recreated so that the build starts from scratch')
    ap.add_argument('--seed', type=int, default=None,
                    help='seed for Brian2\'s random number generator '
                         '(default: unseeded, i.e. different every run)')
    ap.add_argument('--method', default=None,
                    choices=['exponential_euler', 'euler', 'exact'],
                    help='integration method (default: exponential_euler for '
                         'coba, exact for cuba)')
    ap.add_argument('--no-record', action='store_true',
                    help='only count spikes (SpikeMonitor(record=False)) '
                         'instead of recording every spike time')
    bs.add_project_options(ap, '--dir', threads=1)
    return ap.parse_args()


def build_network(b2, model, method, record):
    """Create the network in the current (standalone) device. Returns the
    NeuronGroup, the SpikeMonitor and the two Synapses objects."""
    ms, mV = b2.ms, b2.mV
    if model == 'coba':
        namespace = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms,
                         Vt=-50 * mV, Vr=-60 * mV, El=-60 * mV,
                         Erev_exc=0 * mV, Erev_inh=-80 * mV, I=20 * mV,
                         we=0.6, wi=6.7)
        eqs = '''
        dv/dt = (ge*(Erev_exc-v) + gi*(Erev_inh-v) - (v-El) + I)*(1./taum) : volt (unless refractory)
        dge/dt = -ge/taue : 1
        dgi/dt = -gi/taui : 1
        '''
    else:  # cuba, as in Brian2's examples/CUBA.py
        namespace = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms,
                         Vt=-50 * mV, Vr=-60 * mV, El=-49 * mV,
                         we=(60 * 0.27 / 10) * mV, wi=(-20 * 4.5 / 10) * mV)
        eqs = '''
        dv/dt = (ge + gi - (v-El))/taum : volt (unless refractory)
        dge/dt = -ge/taue : volt
        dgi/dt = -gi/taui : volt
        '''

    P = b2.NeuronGroup(N_TOTAL, eqs, threshold='v > Vt', reset='v = Vr',
                       refractory=5 * ms, method=method, namespace=namespace,
                       name='P')
    # Initial values are given as strings so that they are drawn per neuron
    # inside the generated binary (calling randn() in Python would give one
    # scalar for all neurons).
    if model == 'coba':
        P.v = '(randn()*5 - 55)*mV'
    else:
        P.v = 'Vr + rand()*(Vt - Vr)'
        P.ge = 0 * mV
        P.gi = 0 * mV

    Pe = P[:N_EXC]
    Pi = P[N_EXC:]
    Ce = b2.Synapses(Pe, P, on_pre='ge += we', namespace=namespace, name='Ce')
    Ci = b2.Synapses(Pi, P, on_pre='gi += wi', namespace=namespace, name='Ci')
    Ce.connect(p=0.02)   # autapses allowed (Brian2 default)
    Ci.connect(p=0.02)

    mon = b2.SpikeMonitor(P, record=record, name='spikes')
    return P, mon, Ce, Ci


def main():
    args = parse_args()
    method = args.method or DEFAULT_METHOD[args.model]
    project_dir = bs.prepare_dir(TOOL, args.dir, args.force)

    t_import0 = time.perf_counter()
    # Debian's pythran/numpy combination emits FutureWarnings on import.
    warnings.filterwarnings('ignore', category=FutureWarning)
    import brian2 as b2
    import_s = time.perf_counter() - t_import0

    # ---- (a1) code generation, (a2) compilation (Brian2's own make) -----------
    t0 = time.perf_counter()
    bs.start_device(b2, project_dir, args.make_jobs, args.seed, args.threads)
    P, mon, Ce, Ci = build_network(b2, args.model, method, not args.no_record)
    b2.run(args.time * b2.second)            # records the run; builds code objects
    run_call_s = time.perf_counter() - t0
    device, write_s, compile_s = bs.write_and_compile(TOOL, project_dir)
    codegen_s = run_call_s + write_s

    # ---- (b) + (d) run the binary ourselves ----------------------------------
    run_s, peak_rss_kb, rss_how = bs.run_binary(TOOL, project_dir)
    run_net_s = bs.network_run_s(TOOL, project_dir, device)

    # ---- (c) rates -------------------------------------------------------------
    counts = mon.count[:]
    n_exc_spikes = int(counts[:N_EXC].sum())
    n_inh_spikes = int(counts[N_EXC:].sum())
    rate_exc = n_exc_spikes / N_EXC / args.time
    rate_inh = n_inh_spikes / N_INH / args.time
    try:
        n_syn = [int(len(Ce)), int(len(Ci))]
    except Exception:   # not essential
        n_syn = None

    result = {
        'build_s': round(codegen_s + compile_s, 4),
        'run_s': round(run_s, 4),
        'rate_exc_hz': round(rate_exc, 4),
        'rate_inh_hz': round(rate_inh, 4),
        'peak_rss_kb': peak_rss_kb,
        'model': args.model,
        'method': method,
        'threads': args.threads,
        'sim_time_s': args.time,
        'seed': args.seed,
        'codegen_s': round(codegen_s, 4),
        'compile_s': round(compile_s, 4),
        'import_s': round(import_s, 4),
        'run_net_s': run_net_s,
        'spikes_exc': n_exc_spikes,
        'spikes_inh': n_inh_spikes,
        'synapses_exc_inh': n_syn,
        'record_spikes': not args.no_record,
        'rss_source': rss_how,
        'run_timing': 'perf_counter around DIR/main',
        'brian2': b2.__version__,
    }
    with open(os.path.join(project_dir, 'brian2_va.json'), 'w') as f:
        json.dump(result, f, indent=1)
    print(f'# brian2 {args.model} ({method}, {args.threads} thread'
          f'{"s" if args.threads > 1 else ""}), {args.time:g} s simulated: '
          f'build {codegen_s + compile_s:.2f} s (codegen {codegen_s:.2f} + '
          f'compile {compile_s:.2f}), run {run_s:.3f} s, '
          f'rates exc {rate_exc:.3f} Hz / inh {rate_inh:.3f} Hz, '
          f'peak RSS {peak_rss_kb} kB')
    print(json.dumps(result))


if __name__ == '__main__':
    main()
