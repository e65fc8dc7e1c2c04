#!/usr/bin/python3
"""Brian2 C++-standalone reference for the Potjans & Diesmann (2014) cortical
microcircuit, as described in /work/shared/reference/microcircuit.md (the
PyNEST example's model with Poisson background and "optimized" initial
membrane potentials).

The model, and how each part maps onto Brian2:

  neurons     8 populations (L23E, L23I, L4E, L4I, L5E, L5I, L6E, L6I) of
              iaf_psc_exp, N = round(N_full * scale), as slices of one
              NeuronGroup; exact integration, dt = 0.1 ms; V(0) normal per
              population, no clipping
  synapses    fixed_total_number with replacement: for every (target y,
              source x) pair n = round(K_total_full[y][x] * scale) sources and
              n targets drawn uniformly (numpy, --seed), so in-degrees stay at
              their full-scale values (K_scaling = 1, no compensation).
              Multapses and autapses are allowed. One Synapses object for the
              excitatory sources (onto I_ex), one for the inhibitory ones
              (onto I_in); weights and delays are drawn inside the binary
  weights     normal(J, 0.1*|J|), clipped at 0 to keep the sign; J = 87.81 pA
              (0.15 mV PSP), g = -4 for inhibitory sources, 2 J for L4E->L23E
  delays      normal(1.5 ms E / 0.75 ms I, sd half the mean), clipped below at
              0.1 ms and rounded to the 0.1 ms grid
  background  PoissonInput per population: K_ext inputs at 8 Hz, 87.81 pA
  protocol    0.5 s presimulation (not recorded), then --time s recorded by a
              SpikeMonitor on all neurons

Measured:

  build_s     codegen_s + compile_s. codegen_s runs from set_device through
              the connectivity draw (also given alone as draw_s), network
              construction and run() to the written project; compile_s is
              Brian2's make (all cores). Python start-up and `import brian2`
              are not included (import_s).
  run_s       wall time of the measured run() inside the binary (clock_gettime
              around the call, so it includes Brian2's per-run preparation,
              such as rebuilding the spike queues); Brian2's own timing of the
              loop alone is run_loop_s (wall time with OpenMP, CPU time of the
              process without it). setup_s is the binary's start up to the
              presimulation (loading arrays, creating synapses, drawing weights,
              delays and V), presim_wall_s the 0.5 s presimulation, binary_s
              the whole process as timed from outside (it ends with Brian2
              writing every array, the synapses' included, to results/),
              binary_cpu_s its CPU
              time (user + system; far below threads * binary_s when other
              processes took the cores).
  rtf         run_s / time_s: the measured part only. rtf_with_presim is
              (presim_wall_s + run_s) / (0.5 + time_s).
  peak_mb     peak RSS of the binary alone (GNU time %M, which is the
              binary's getrusage; the script's own RUSAGE_CHILDREN would also
              count the compiler), in MiB.
  rates, cv   per population: spikes / N / time_s, and the mean ISI CV of the
              neurons with at least 3 spikes in the measured part (null if
              none); cv_n is how many neurons that mean is over.

The JSON object (stdout, or --out FILE) has the keys scale, n {pop: N},
synapses, rates {pop: Hz}, cv {pop: CV}, build_s, run_s, rtf, peak_mb,
threads, and the details named above.

Usage:
  /usr/bin/python3 bench/brian2_microcircuit.py [--scale 0.1] [--time 1]
      [--threads 2] [--seed 55] [--out FILE] [--build-dir DIR] [--keep]
      [--make-jobs N] [--force]
"""

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
import warnings

import numpy as np

import brian2_standalone as bs

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tools'))
from microcircuit_data import CONN_PROBS, K_EXT, LABELS, N_FULL, V0  # noqa: E402

TOOL = 'brian2_microcircuit.py'

# ---- the model (reference sections 1-5) ------------------------------------

POPS = LABELS
EXC = [p.endswith('E') for p in POPS]
BG_RATE_HZ = 8.0

# iaf_psc_exp (ms, pF, mV)
C_M, TAU_M, TAU_SYN = 250.0, 10.0, 0.5
E_L, V_RESET, V_TH, T_REF = -65.0, -65.0, -50.0, 2.0

PSP_E = 0.15          # mV, mean excitatory PSP amplitude
G = -4.0              # relative inhibitory strength
W_REL_SD = 0.1        # sd of the weights relative to their mean
DELAY_E, DELAY_I = 1.5, 0.75   # ms, mean delays by source type
DELAY_REL_SD = 0.5
DT = 0.1              # ms; also the smallest delay
PRESIM = 0.5          # s


def psc_per_psp(c_m, tau_m, tau_s):
    """pA of exponential PSC amplitude per mV of PSP peak (ms, pF -> pA/mV):
    the inverse of the PSP peak that a 1 pA PSC produces on the membrane."""
    a = (tau_m / tau_s) ** (1.0 / (tau_s - tau_m))
    peak = (tau_m * tau_s / c_m) / (tau_s - tau_m) * (a ** tau_m - a ** tau_s)
    return 1.0 / peak


def synapse_counts(scale):
    """n_syn[y][x] = round(K_total_full[y][x] * scale), K_total from the
    full-scale sizes (Potjans & Diesmann Eq. 1)."""
    c = np.array(CONN_PROBS)
    nn = np.outer(N_FULL, N_FULL).astype(float)
    k_full = np.log(1.0 - c) / np.log((nn - 1.0) / nn)
    return np.round(k_full * scale).astype(np.int64)


def draw_connections(rng, sizes, offsets, counts):
    """Sources and targets (global indices) of every synapse, split by the
    sign of the source: {'E': (i, j), 'I': (i, j)}. Each (y, x) block draws its
    n sources and n targets uniformly with replacement. The source column of a
    block is then sorted: the targets are independent of the sources and of
    each other, so this leaves the joint distribution as it was, and gives the
    binary a source-major layout (one neuron's synapses next to each other),
    as Brian2's own connect() would."""
    parts = {'E': ([], []), 'I': ([], [])}
    for y in range(len(POPS)):
        for x in range(len(POPS)):
            n = int(counts[y][x])
            if n == 0:
                continue
            src = np.sort(rng.integers(0, sizes[x], n, dtype=np.int32)) + np.int32(offsets[x])
            tgt = rng.integers(0, sizes[y], n, dtype=np.int32) + np.int32(offsets[y])
            key = 'E' if EXC[x] else 'I'
            parts[key][0].append(src)
            parts[key][1].append(tgt)
    return {k: (np.concatenate(i), np.concatenate(j)) for k, (i, j) in parts.items()}


def build_network(b2, sizes, offsets, conn):
    """The neurons, both Synapses objects, the background and the monitor, in
    the current (standalone) device, as one Network (run()'s magic network
    would miss the objects held in lists); also the monitor and J_E in pA."""
    ms, mV, pA, pF, Hz = b2.ms, b2.mV, b2.pA, b2.pF, b2.Hz
    j_e = PSP_E * psc_per_psp(C_M, TAU_M, TAU_SYN)      # 87.81 pA
    ns = dict(C_m=C_M * pF, tau_m=TAU_M * ms, tau_syn_ex=TAU_SYN * ms,
              tau_syn_in=TAU_SYN * ms, E_L=E_L * mV, V_reset=V_RESET * mV,
              V_th=V_TH * mV, J_ex=j_e * pA, J_in=G * j_e * pA,
              w_rel_sd=W_REL_SD, L4E=POPS.index('L4E'), L23E=POPS.index('L23E'),
              d_ex=DELAY_E * ms, d_in=DELAY_I * ms, d_rel_sd=DELAY_REL_SD,
              d_min=DT * ms, d_cap=1000 * ms)
    eqs = '''
    dv/dt = (E_L - v)/tau_m + (I_ex + I_in)/C_m : volt (unless refractory)
    dI_ex/dt = -I_ex/tau_syn_ex : amp
    dI_in/dt = -I_in/tau_syn_in : amp
    pop : integer (constant)
    '''
    net = b2.NeuronGroup(sum(sizes), eqs, threshold='v >= V_th', reset='v = V_reset',
                         refractory=T_REF * ms, method='exact', namespace=ns,
                         name='microcircuit')
    groups = []
    for k, name in enumerate(POPS):
        g = net[offsets[k]:offsets[k] + sizes[k]]
        g.pop = k
        g.v = f'({V0[k][0]} + {V0[k][1]}*randn())*mV'
        groups.append(g)

    syn = {}
    for key, target, mean_w, mean_d in (('E', 'I_ex', 'J_ex', 'd_ex'),
                                        ('I', 'I_in', 'J_in', 'd_in')):
        s = b2.Synapses(net, net, model='w : amp (constant)',
                        on_pre=f'{target}_post += w', namespace=ns, name=f'syn_{key}')
        i, j = conn[key]
        s.connect(i=i, j=j)
        # normal(J, 0.1|J|) with the sign kept: J*max(0, 1 + 0.1 z); the
        # L4E->L23E block has twice the mean and twice the sd
        twice = '(1 + int(pop_pre == L4E and pop_post == L23E))' if key == 'E' else '1'
        s.w = f'{mean_w}*{twice}*clip(1 + w_rel_sd*randn(), 0, inf)'
        s.delay = (f'd_min*floor(clip({mean_d}*(1 + d_rel_sd*randn()), d_min, d_cap)'
                   f'/d_min + 0.5)')
        syn[key] = s

    bg = [b2.PoissonInput(g, 'I_ex', N=K_EXT[k], rate=BG_RATE_HZ * Hz, weight=j_e * pA)
          for k, g in enumerate(groups)]
    mon = b2.SpikeMonitor(net, name='spikes')
    return b2.Network(net, *syn.values(), *bg, mon), mon, j_e


def rates_and_cvs(i, t, sizes, offsets, sim_s):
    """Per population: mean rate (Hz), mean ISI CV over the neurons with >= 3
    spikes, and how many neurons that was."""
    order = np.argsort(i, kind='stable')     # monitor order is time order
    i, t = i[order], t[order]
    rates, cvs, cv_n = {}, {}, {}
    for k, name in enumerate(POPS):
        lo, hi = offsets[k], offsets[k] + sizes[k]
        a, b = np.searchsorted(i, lo), np.searchsorted(i, hi)
        rates[name] = (b - a) / sizes[k] / sim_s
        _, starts, counts = np.unique(i[a:b], return_index=True, return_counts=True)
        vals = []
        for s0, c in zip(starts, counts):
            if c >= 3:
                isi = np.diff(t[a + s0:a + s0 + c])
                vals.append(isi.std() / isi.mean())
        cvs[name] = float(np.mean(vals)) if vals else None
        cv_n[name] = len(vals)
    return rates, cvs, cv_n


def phase_timer_code(path):
    """C++ for main.cpp: a monotonic clock, and the file the phase times go
    to. Brian2 inserts code between the steps of main() in script order."""
    start = ('auto _mc_now = []() { struct timespec ts; '
             'clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec + 1e-9*ts.tv_nsec; };\n'
             'const double _mc_t0 = _mc_now();')
    write = (f'const double _mc_t3 = _mc_now();\n'
             f'{{ std::ofstream _mc_f("{path}");\n'
             f'  _mc_f.precision(9);\n'
             f'  _mc_f << (_mc_t1 - _mc_t0) << " " << (_mc_t2 - _mc_t1) << " " << (_mc_t3 - _mc_t2) << std::endl; }}')
    return start, write


def parse_args():
    ap = argparse.ArgumentParser(
        description='Potjans & Diesmann (2014) microcircuit in Brian2 C++ standalone; '
                    'prints one JSON object (see the module docstring).')
    ap.add_argument('--scale', type=float, default=0.1,
                    help='N_scaling: neurons and synapse counts (in-degrees stay '
                         'at full scale) (default 0.1)')
    ap.add_argument('--time', type=float, default=1.0,
                    help='recorded biological time in s, after 0.5 s of '
                         'presimulation (default 1)')
    ap.add_argument('--seed', type=int, default=55,
                    help='seed of the connectivity draw (numpy) and of Brian2\'s '
                         'generator (default 55, the NEST example\'s)')
    ap.add_argument('--out', default=None,
                    help='write the JSON object to FILE instead of stdout')
    ap.add_argument('--build-dir', default=None,
                    help='project directory (default: a new temporary one); it '
                         'is deleted and recreated first')
    ap.add_argument('--keep', action='store_true',
                    help='keep the project directory afterwards')
    bs.add_project_options(ap, '--build-dir', threads=2)
    args = ap.parse_args()
    if not args.scale > 0 or args.scale > 1:
        bs.fail(TOOL, f'--scale must be in (0, 1], got {args.scale}')
    if not args.time > 0:
        bs.fail(TOOL, f'--time must be positive, got {args.time}')
    return args


def main():
    args = parse_args()
    if args.build_dir:
        project_dir = bs.prepare_dir(TOOL, args.build_dir, args.force)
    else:
        project_dir = tempfile.mkdtemp(prefix='brian2-microcircuit.')
    try:
        result = measure(args, project_dir)
    finally:
        if not args.keep:
            shutil.rmtree(project_dir, ignore_errors=True)
    text = json.dumps(result, indent=1)
    if args.out:
        with open(args.out, 'w') as f:
            f.write(text + '\n')
    else:
        print(text)


def measure(args, project_dir):
    t0 = time.perf_counter()
    warnings.filterwarnings('ignore', category=FutureWarning)
    import brian2 as b2
    import_s = time.perf_counter() - t0

    sizes = [int(round(n * args.scale)) for n in N_FULL]
    if min(sizes) < 1:
        bs.fail(TOOL, f'--scale {args.scale} leaves a population empty: {sizes}')
    offsets = [int(x) for x in np.concatenate(([0], np.cumsum(sizes)[:-1]))]
    counts = synapse_counts(args.scale)
    phases = os.path.join(project_dir, 'results', 'phases.txt')
    code_start, code_end = phase_timer_code(phases)

    # ---- code generation: draw, construct, run() (recorded), write ---------
    t0 = time.perf_counter()
    bs.start_device(b2, project_dir, args.make_jobs, args.seed, args.threads)
    b2.device.insert_code('before_start', code_start)
    td = time.perf_counter()
    conn = draw_connections(np.random.default_rng(args.seed), sizes, offsets, counts)
    draw_s = time.perf_counter() - td
    network, mon, j_e = build_network(b2, sizes, offsets, conn)
    n_syn = {k: int(len(i)) for k, (i, j) in conn.items()}
    del conn
    mon.active = False
    b2.device.insert_code('main', 'const double _mc_t1 = _mc_now();')
    network.run(PRESIM * b2.second, namespace={})
    b2.device.insert_code('main', 'const double _mc_t2 = _mc_now();')
    mon.active = True
    network.run(args.time * b2.second, namespace={})
    b2.device.insert_code('main', code_end)
    run_calls_s = time.perf_counter() - t0
    device, write_s, compile_s = bs.write_and_compile(TOOL, project_dir)
    codegen_s = run_calls_s + write_s
    # The project on disk now holds the connectivity; Brian2's copies in this
    # process (the static arrays and the cache of known values, ~35 bytes per
    # synapse) would otherwise stay resident beside the binary, and at full
    # scale the two together do not fit in 24 GB. Values read after the run
    # come from the binary's result files.
    device.static_arrays.clear()
    device.array_cache.clear()

    # ---- the binary ----------------------------------------------------------
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    binary_s, peak_kb, rss_how = bs.run_binary(TOOL, project_dir)
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    binary_cpu_s = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
    run_loop_s = bs.network_run_s(TOOL, project_dir, device)
    with open(phases) as f:
        setup_s, presim_wall_s, run_s = (float(x) for x in f.read().split())

    spike_i, spike_t = np.asarray(mon.i[:]), np.asarray(mon.t_[:])
    rates, cvs, cv_n = rates_and_cvs(spike_i, spike_t, sizes, offsets, args.time)
    result = {
        'scale': args.scale,
        'n': dict(zip(POPS, sizes)),
        'synapses': sum(n_syn.values()),
        'rates': {k: round(v, 4) for k, v in rates.items()},
        'cv': {k: (None if v is None else round(v, 4)) for k, v in cvs.items()},
        'build_s': round(codegen_s + compile_s, 3),
        'run_s': round(run_s, 3),
        'rtf': round(run_s / args.time, 4),
        'peak_mb': round(peak_kb / 1024, 1),
        'threads': args.threads,
        # details
        'time_s': args.time,
        'presim_s': PRESIM,
        'seed': args.seed,
        'n_total': sum(sizes),
        'synapses_exc_inh': [n_syn['E'], n_syn['I']],
        'spikes': int(len(spike_i)),
        'cv_n': cv_n,
        'codegen_s': round(codegen_s, 3),
        'draw_s': round(draw_s, 3),
        'compile_s': round(compile_s, 3),
        'import_s': round(import_s, 3),
        'setup_s': round(setup_s, 3),
        'presim_wall_s': round(presim_wall_s, 3),
        'run_loop_s': run_loop_s,
        'binary_s': round(binary_s, 3),
        'binary_cpu_s': round(binary_cpu_s, 3),
        'rtf_of': 'run_s / time_s: the measured part only',
        'rtf_with_presim': round((presim_wall_s + run_s) / (PRESIM + args.time), 4),
        'peak_source': rss_how,
        'psc_per_psp_pA_per_mV': round(psc_per_psp(C_M, TAU_M, TAU_SYN), 3),
        'w_exc_pA': round(j_e, 3),
        'background': 'PoissonInput, K_ext x 8 Hz per neuron',
        'brian2': b2.__version__,
    }
    with open(os.path.join(project_dir, 'brian2_microcircuit.json'), 'w') as f:
        json.dump(result, f, indent=1)
    return result


if __name__ == '__main__':
    main()
