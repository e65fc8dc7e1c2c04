#!/usr/bin/python3
"""cond_step.py: Brian2's membrane potential, step by step, of one COBA neuron
(reference.py's lif_cond, exponential Euler) driven by a known conductance
train, cached in cond_step.json for cond_step.test.sh, which compares snnc's
v at every step with it and with the scheme's recurrence in double precision.

The drive: two fixed spike trains (drawn here once, from a fixed seed, and
kept in the JSON), excitatory through exp_cond(5 ms) onto g_e and inhibitory
through exp_cond(10 ms) onto g_i, with weights that move v by millivolts per
spike; with the constant 200 pA the neuron fires, so the trace covers
threshold, reset and refractoriness too.

    /usr/bin/python3 tests/brian2/cond_step.py     # remakes cond_step.json (about 20 s)
"""
import json
import os
import sys
import tempfile
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', '..', 'bench'))
import reference  # noqa: E402

TIME_S, V0 = 0.3, -65e-3
TRAINS = {'exc': (400.0, 3e-9, 'g_e'), 'inh': (100.0, 20e-9, 'g_i')}   # rate Hz, weight S, port


def trains():
    """Fixed spike times (ms on the 0.1 ms grid), Poisson with a 1 ms dead time."""
    rng = np.random.default_rng(20240)
    out = {}
    for name, (rate, _, _) in TRAINS.items():
        t = np.round(np.cumsum(rng.exponential(1e3 / rate, int(2 * rate * TIME_S)) + 1.0), 1)
        out[name] = t[t < TIME_S * 1e3 - 1].tolist()
    return out


def main():
    import brian2_standalone as device
    warnings.filterwarnings('ignore', category=FutureWarning)
    import brian2 as b2
    spikes = trains()
    project = device.prepare_dir('cond_step.py', tempfile.mkdtemp(prefix='snnc-b2cond-'), True)
    device.start_device(b2, project, None, 1)
    P = reference.neurons(b2, 'coba', 1, 5 * b2.ms)
    P.v = V0 * b2.volt
    objects = [P]
    for name, (_, w, port) in TRAINS.items():
        G = b2.SpikeGeneratorGroup(1, np.zeros(len(spikes[name]), int), np.array(spikes[name]) * b2.ms,
                                   name='in_' + name)
        S = b2.Synapses(G, P, on_pre='%s_post += %r*siemens' % (port, w), name='syn_' + name)
        S.connect()
        objects += [G, S]
    vmon = b2.StateMonitor(P, 'v', record=0, when='end', name='vmon')   # after the step's reset
    smon = b2.SpikeMonitor(P, name='spikes')
    b2.Network(*objects, vmon, smon).run(TIME_S * b2.second, namespace={})
    device.write_and_compile('cond_step.py', project)
    device.run_binary('cond_step.py', project)
    device.network_run_s('cond_step.py', project, b2.get_device())
    out = dict(made_by='/usr/bin/python3 tests/brian2/cond_step.py', brian2=b2.__version__, time_s=TIME_S,
               dt_ms=0.1, v0=V0, refractory_ms=5.0,
               trains={k: dict(rate_hz=r, weight_s=w, port=p, times_ms=spikes[k]) for k, (r, w, p) in TRAINS.items()},
               spike_steps=np.round(np.asarray(smon.t[:]) / 1e-4).astype(int).tolist(),
               v=['%.9g' % x for x in np.asarray(vmon.v[0])])
    with open(os.path.join(HERE, 'cond_step.json'), 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')
    print('%d spikes, %d samples' % (len(out['spike_steps']), len(out['v'])))


if __name__ == '__main__':
    main()
