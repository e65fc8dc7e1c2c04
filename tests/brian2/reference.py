#!/usr/bin/python3
"""reference.py: Brian2's results on the networks of tests/brian2, cached in
reference.json for networks.test.sh, which runs snnc on the same wiring and
initial state and compares.

For each seed, wiring.py draws the wiring, v(0) and the reward train and
writes the files snnc reads; Brian2 reads the same files back.  Brian2 2.5.1,
C++ standalone, one thread, dt 0.1 ms; the models are written as stdlib's
lif_cond / lif_curr, exp_cond / exp_curr, stdp_pair, rm_stdp_exp and
spike_trace are, in SI units, with snnc's conventions where a rule leaves a
choice (see plastic()); exponential Euler for the conductance-based v,
'exact' for CUBA.  All runs of one network are independent blocks of one
Brian2 network, so each network is built once.

Besides the run of each seed, --replicas runs per seed start from v(0) plus
normal noise of --perturb-uv (small against v(0)'s 5 mV, large enough that
every replica leaves the seed's trajectory within its first spikes), and one
run has Brian2's state in single precision (what rounding alone changes, as
in snnc).  How far the runs of one seed spread is the trajectory spread of a
network with fixed wiring: networks.test.sh's yardstick (compare.py).

    /usr/bin/python3 tests/brian2/reference.py            # remakes reference.json (about 7 minutes)
    /usr/bin/python3 tests/brian2/reference.py --nets coba --refractory-ms 5.1 --out /tmp/r.json
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', '..', 'bench'))
import wiring  # noqa: E402

N, N_EXC = wiring.N, wiring.N_EXC
NETS = ('coba', 'cuba', 'stdp', 'rmstdp')
# the plastic rules' parameters, as in stdp.snn and rmstdp.snn (SI)
A_PLUS, RATIO, TAU_PM, W0, W_MAX = 0.3e-9, 1.05, 20e-3, 6e-9, 12e-9
TAU_C, ETA, TAU_R, BASELINE = 0.4, 5.0, 0.5, 1.0
WINDOW_S = 0.1   # spike counts are also kept per window of this length


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--nets', default=','.join(NETS))
    ap.add_argument('--seeds', type=int, default=5, help='seeds 1..SEEDS (default 5)')
    ap.add_argument('--replicas', type=int, default=4, help='perturbed runs per seed (default 4)')
    ap.add_argument('--perturb-uv', type=float, default=100.0, help='their v(0) noise, sd in uV (default 100)')
    ap.add_argument('--time', type=float, default=1.0, help='simulated seconds (default 1)')
    ap.add_argument('--refractory-ms', type=float, default=5.0)
    ap.add_argument('--precision', default='double,single',
                    help="double: the seeds' runs and the replicas; single: one run per seed in single precision")
    ap.add_argument('--float32', action='store_true', help=argparse.SUPPRESS)   # a child's precision
    ap.add_argument('--out', default=os.path.join(HERE, 'reference.json'))
    ap.add_argument('--dir', default=None, help='scratch folder (default: a new temporary one)')
    ap.add_argument('--spikes', action='store_true', help='also save the spikes to DIR/spikes/NET_SEED_REPLICA.npz')
    ap.add_argument('--net', help=argparse.SUPPRESS)   # one network, in a child process
    return ap.parse_args()


def neurons(b2, net, n, refractory):
    """n neurons of the network's model, in one group."""
    if net == 'cuba':   # lif_curr with two exp_curr kernels on I_syn
        eqs = '''dv/dt = (g_L*(E_L - v) + I_exc + I_inh)/C_m : volt (unless refractory)
                 dI_exc/dt = -I_exc/(5*ms) : amp
                 dI_inh/dt = -I_inh/(10*ms) : amp'''
        ns = dict(E_L=-49e-3 * b2.volt)
        method = 'exact'
    else:               # lif_cond with exp_cond kernels on g_e, g_i
        eqs = '''dv/dt = (g_L*(E_L - v) + g_e*(E_e - v) + g_i*(E_i - v) + I_e)/C_m : volt (unless refractory)
                 dg_e/dt = -g_e/(5*ms) : siemens
                 dg_i/dt = -g_i/(10*ms) : siemens'''
        if net == 'rmstdp':   # the reward trace; every neuron's copy is bumped by the same train
            eqs += '\ndr/dt = -r/tau_r : 1'
        ns = dict(E_L=-60e-3 * b2.volt, E_e=0 * b2.volt, E_i=-80e-3 * b2.volt, I_e=200e-12 * b2.amp,
                  tau_r=TAU_R * b2.second)
        method = 'exponential_euler'
    ns.update(C_m=200e-12 * b2.farad, g_L=10e-9 * b2.siemens, V_th=-50e-3 * b2.volt, V_reset=-60e-3 * b2.volt)
    return b2.NeuronGroup(n, eqs, threshold='v > V_th', reset='v = V_reset', refractory=refractory,
                          method=method, namespace=ns, name='P')


def plastic(b2, P, net):
    """The E->E synapses with stdp.snn's or rmstdp.snn's rule, in snnc's conventions:
    a spike transmits the weight from before its own update, handlers read the
    traces from before the spike, and rm_stdp_exp's weight is clipped only at
    the synapse's events and at the end of the run (docs/language.md 19).  The
    weight integral is the per-step sum dt eta c r as in snnc, with the same r,
    but with c from before the step's pre and post events (snnc: after them),
    a one-step shift of each change of c: relatively dt/tau_c = 2.5e-4."""
    ns = dict(A_plus=A_PLUS * b2.siemens, ratio=RATIO, tau=TAU_PM * b2.second, w_max=W_MAX * b2.siemens,
              tau_c=TAU_C * b2.second, eta=ETA / b2.second, baseline=BASELINE)
    model = '''w : siemens
               dxpre/dt = -xpre/tau : 1 (event-driven)
               dxpost/dt = -xpost/tau : 1 (event-driven)'''
    if net == 'stdp':
        pre = 'g_e_post += w; w = clip(w - ratio*A_plus*xpost, 0*nS, w_max); xpre += 1'
        post = 'w = clip(w + A_plus*xpre, 0*nS, w_max); xpost += 1'
    else:
        model += '\nc : siemens'
        pre = 'w = clip(w, 0*nS, w_max); g_e_post += w; c += -ratio*A_plus*xpost; xpre += 1'
        post = 'w = clip(w, 0*nS, w_max); c += A_plus*xpre; xpost += 1'
    S = b2.Synapses(P, P, model, on_pre=pre.replace('; ', '\n'), on_post=post.replace('; ', '\n'),
                    namespace=ns, name='ee')
    if net == 'rmstdp':
        S.run_regularly('w += dt*eta*c*(r_post - baseline)\nc = c*exp(-dt/tau_c)', when='groups', order=-1)
    return S


def read_files(folder, net):
    """The values back from the files snnc reads (so both read the same numbers)."""
    load = lambda name, **kw: np.loadtxt(os.path.join(folder, name), delimiter=',', skiprows=1, **kw)  # noqa: E731
    d = {'v0': load('v0_cuba.csv' if net == 'cuba' else 'v0.csv')}
    for name in wiring.PROJECTIONS:
        d[name] = load(name + '.csv', dtype=np.int64, ndmin=2).T
    if net == 'rmstdp':
        d['reward_ms'] = load('reward.csv', ndmin=2)[:, 1]
    return d


def blocks_of(args):
    """The runs of a network: every seed, then its replicas."""
    blocks = []
    for seed in range(1, args.seeds + 1):
        d = read_files(os.path.join(args.dir, 'seed%d' % seed), args.net)
        noise = np.random.default_rng([seed, 99])
        for rep in range(args.replicas + 1):
            v0 = d['v0'] + (noise.normal(0, args.perturb_uv * 1e-6, N) if rep else 0)
            blocks.append(dict(d, seed=seed, replica=rep, v0=v0))
    return blocks


def build(b2, args, blocks):
    """The network of all blocks (block k: neurons k*N ...); (objects, P, E->E synapses)."""
    net, nb = args.net, len(blocks)
    P = neurons(b2, net, nb * N, args.refractory_ms * b2.ms)
    P.v = np.concatenate([b['v0'] for b in blocks]) * b2.volt
    cuba = net == 'cuba'
    w = dict(ee=(16.2e-12 * b2.amp if cuba else 6e-9 * b2.siemens), inh=(-90e-12 * b2.amp if cuba else 67e-9 * b2.siemens))
    w['ei'] = w['ee']
    objects, ee = [P], None
    for name, (pre0, _, post0, _) in wiring.PROJECTIONS.items():
        if name == 'ee' and net in ('stdp', 'rmstdp'):
            S = ee = plastic(b2, P, net)
        else:
            port = ('I_inh' if cuba else 'g_i') if name == 'inh' else ('I_exc' if cuba else 'g_e')
            S = b2.Synapses(P, P, on_pre='%s_post += w_syn' % port, namespace={'w_syn': w[name]}, name=name)
        S.connect(i=np.concatenate([k * N + pre0 + b[name][0] for k, b in enumerate(blocks)]),
                  j=np.concatenate([k * N + post0 + b[name][1] for k, b in enumerate(blocks)]))
        objects.append(S)
    if ee is not None:
        ee.w = W0 * b2.siemens
    if net == 'rmstdp':   # each block's copy of the fixed train bumps r of its excitatory neurons
        G = b2.SpikeGeneratorGroup(nb, np.concatenate([np.full(len(b['reward_ms']), k) for k, b in enumerate(blocks)]),
                                   np.concatenate([b['reward_ms'] for b in blocks]) * b2.ms, name='train')
        R = b2.Synapses(G, P, on_pre='r_post += 1', name='reward')
        R.connect(i=np.repeat(np.arange(nb), N_EXC), j=(np.arange(nb)[:, None] * N + np.arange(N_EXC)).ravel())
        objects += [G, R]
    return objects, P, ee


def run_net(args):
    """One network: all blocks in one Brian2 run; a JSON-ready dict."""
    import brian2_standalone as device
    warnings.filterwarnings('ignore', category=FutureWarning)
    import brian2 as b2
    if args.float32:
        b2.prefs.core.default_float_dtype = np.float32
    blocks = blocks_of(args)
    project = device.prepare_dir('reference.py', os.path.join(args.dir, 'b2_' + args.net), True)
    device.start_device(b2, project, None, 1)
    objects, P, ee = build(b2, args, blocks)
    mon = b2.SpikeMonitor(P, name='spikes')
    b2.Network(*objects, mon).run(args.time * b2.second, namespace={})
    device.write_and_compile('reference.py', project)
    run_s = device.run_binary('reference.py', project)[0]
    device.network_run_s('reference.py', project, b2.get_device())
    node, step = np.asarray(mon.i[:]), np.round(np.asarray(mon.t[:]) / 1e-4).astype(np.int64)
    nwin, per_win = int(round(args.time / WINDOW_S)), int(round(WINDOW_S / 1e-4))
    if ee is not None:
        w = np.clip(np.asarray(ee.w[:]), 0, W_MAX)   # rm_stdp_exp: clipped at the end of the run
        wblock = np.asarray(ee.i[:]) // N
    runs = []
    for k, b in enumerate(blocks):
        sel = node // N == k
        n, s = node[sel] % N, step[sel]
        win = np.minimum(s // per_win, nwin - 1)
        r = dict(seed=b['seed'], replica=b['replica'], precision='single' if args.float32 else 'double',
                 exc_per_window=np.bincount(win[n < N_EXC], minlength=nwin).tolist(),
                 inh_per_window=np.bincount(win[n >= N_EXC], minlength=nwin).tolist())
        if ee is not None:
            wk = w[wblock == k]
            r.update(w_mean=float(wk.mean()), w_sd=float(wk.std()), synapses=int(wk.size))
        runs.append(r)
        if args.spikes:
            os.makedirs(os.path.join(args.dir, 'spikes'), exist_ok=True)
            np.savez(os.path.join(args.dir, 'spikes', '%s_%d_%s.npz' % (
                args.net, b['seed'], 'single' if args.float32 else b['replica'])), node=n, step=s)
    return dict(runs=runs, brian2_run_s=round(run_s, 2))


def main():
    args = parse_args()
    if args.net:
        print(json.dumps(run_net(args)))
        return
    args.dir = os.path.abspath(args.dir or tempfile.mkdtemp(prefix='snnc-b2ref-'))
    import brian2
    out = dict(made_by='/usr/bin/python3 tests/brian2/reference.py ' + ' '.join(sys.argv[1:]),
               brian2=brian2.__version__, numpy=np.__version__, time_s=args.time, dt_ms=0.1,
               window_s=WINDOW_S, refractory_ms=args.refractory_ms, seeds=args.seeds, replicas=args.replicas,
               perturb_uv=args.perturb_uv, hash={}, nets={})
    for seed in range(1, args.seeds + 1):
        out['hash'][str(seed)] = wiring.write(seed, os.path.join(args.dir, 'seed%d' % seed))[0]
    for net in args.nets.split(','):
        out['nets'][net] = dict(runs=[], brian2_run_s={})
        for precision in args.precision.split(','):
            child = [sys.executable, os.path.abspath(__file__), '--net', net, '--dir', args.dir,
                     '--replicas', str(args.replicas if precision == 'double' else 0)]
            for k in ('seeds', 'perturb_uv', 'time', 'refractory_ms'):
                child += ['--' + k.replace('_', '-'), str(getattr(args, k))]
            child += ['--float32'] * (precision == 'single') + ['--spikes'] * args.spikes
            res = json.loads(subprocess.run(child, stdout=subprocess.PIPE, check=True, text=True).stdout.splitlines()[-1])
            out['nets'][net]['runs'] += res['runs']
            out['nets'][net]['brian2_run_s'][precision] = res['brian2_run_s']
            r0 = res['runs'][0]
            print('%s seed 1 (%s): %d exc, %d inh spikes' % (net, precision, sum(r0['exc_per_window']),
                                                            sum(r0['inh_per_window'])), file=sys.stderr)
    with open(args.out, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
