"""tests/python/fixture.py: a small run folder written by hand, in the HDF5
layouts of docs/outputs.md and as the CSV files of runtime/results.c, with
values the reader tests know.

    net        10 neurons, families a (6) and b (4); spikes of every neuron
    reward     a modulator, its output recorded
    net.a->net a plastic connection (4 synapses): weights every 100 ms from 0,
               its trace c, final weights; `record edges` at the start, at
               200 ms and at the end
    phases     warm (2 trials of 100 ms), learn (3), v of net[0,2,4] every ms
               and again in learn
"""
import json
import os

import numpy as np

DT, T_MS = 0.1, 500.0
POP, SIZE, FAMS = 'net', 10, (('a', 6), ('b', 4))
CONN, FILE_CONN = 'net.a->net', 'net.a-_net'
SPIKES = np.array([[1.0, 3], [2.5, 0], [2.5, 7], [40.1, 9], [250.0, 3], [499.9, 5]])  # time_ms, node
SRC, TGT = np.array([0, 0, 2, 5]), np.array([1, 7, 3, 9])
W = np.array([[2.0, 2.0, 2.0, 2.0], [2.5, 1.5, 2.0, 3.0], [3.0, 1.0, 2.0, 4.0]], np.float32)  # nS, at 0, 100, 200 ms
W_END = np.array([3.5, 0.5, 2.0, 4.5], np.float32)
DELAY = np.array([0.1, 0.1, 1.5, 2.0], np.float32)
C = np.array([[0, 0, 0, 0], [0.5, -0.5, 0, 1], [0.25, -0.25, 0, 0.5]], np.float32)
V_IDS = np.array([0, 2, 4])
V = (-60 + np.arange(12, dtype=np.float32).reshape(4, 3) / 4).astype(np.float32)  # mV, at 1..4 ms
V_LEARN = (-50 - np.arange(6, dtype=np.float32).reshape(2, 3)).astype(np.float32)  # mV, at 201, 202 ms
OUT = np.array([[0.0], [0.125], [0.25]], np.float32)  # modulator output at 10, 20, 30 ms
PHASES = (('warm', 2), ('learn', 3))
LABELS = [0, 1, 0, 1, 0]
COUNTS = [2, 0, 0, 1, 1]


def manifest(d, files):
    pops = [{'name': POP, 'size': SIZE, 'spikes': len(SPIKES), 'rate_hz': len(SPIKES) / SIZE / (T_MS / 1e3)}]
    lo = 0
    for name, n in FAMS:
        k = int(np.sum((SPIKES[:, 1] >= lo) & (SPIKES[:, 1] < lo + n)))
        pops.append({'name': '%s.%s' % (POP, name), 'size': n, 'spikes': k, 'rate_hz': k / n / (T_MS / 1e3)})
        lo += n
    phases, first = [], 0
    for name, n in PHASES:
        phases.append({'name': name, 'start_s': first * 0.1, 'trials': n, 'learning': name == 'learn'})
        first += n
    files += ['trials.csv', 'summary.json']
    with open(os.path.join(d, 'trials.csv'), 'w') as f:
        f.write('trial,phase,label,net.a\n')
        for t in range(5):
            f.write('%d,%s,%d,%d\n' % (t, 'warm' if t < 2 else 'learn', LABELS[t], COUNTS[t]))
    with open(os.path.join(d, 'summary.json'), 'w') as f:
        json.dump({'reports': {'net.a': {'window_s': [0, 0.1]}}, 'phases': []}, f)
    meta = {'model': 'fixture.snn', 'seed': 1, 'dt_ms': DT, 'time_s': T_MS / 1e3, 'steps': 5000, 'complete': True,
            'memory': {'connections': [{'name': CONN, 'synapses': 4, 'bytes': 32}]},
            'populations': pops, 'phases': phases, 'files': files + ['run.json']}
    with open(os.path.join(d, 'run.json'), 'w') as f:
        json.dump(meta, f, indent=2)


def report(path, group, data, start, step, units, variable, mapping, attrs=()):
    import h5py
    with h5py.File(path, 'w') as f:
        g = f.create_group('report/' + group)
        for k, v in attrs:
            g.attrs[k] = v
        ds = g.create_dataset('data', data=data)
        ds.attrs['units'], ds.attrs['variable'] = units, variable
        m = g.create_group('mapping')
        for k, v in mapping:
            m.create_dataset(k, data=v)
        t = m.create_dataset('time', data=np.array([start, start + len(data) * step, step], np.float64))
        t.attrs['units'] = 'ms'


def edges_h5(path, weights, conns=(CONN,)):
    import h5py
    with h5py.File(path, 'w') as f:
        for c in conns:
            g = f.create_group('edges/' + c)
            for k, ids in (('source_node_id', SRC), ('target_node_id', TGT)):
                g.create_dataset(k, data=ids.astype(np.uint64)).attrs['node_population'] = POP
            g.create_dataset('edge_type_id', data=np.zeros(4, np.int64))
            g.create_dataset('edge_group_id', data=np.zeros(4, np.int64))
            g.create_dataset('edge_group_index', data=np.arange(4, dtype=np.uint64))
            g.create_dataset('0/syn_weight', data=weights).attrs['units'] = 'nS'
            g.create_dataset('0/delay', data=DELAY).attrs['units'] = 'ms'


def point(ids):
    return [('node_ids', ids.astype(np.uint64)), ('index_pointers', np.arange(len(ids) + 1, dtype=np.uint64)),
            ('element_ids', np.zeros(len(ids), np.uint32))]


def synapses():
    return [('source_node_ids', SRC.astype(np.uint64)), ('target_node_ids', TGT.astype(np.uint64)),
            ('edge_ids', np.arange(4, dtype=np.uint64))]


def write_h5(d):
    """The folder as --format sonata writes it."""
    import h5py
    os.makedirs(d)
    with h5py.File(os.path.join(d, 'spikes.h5'), 'w') as f:
        f.attrs['magic'], f.attrs['version'] = np.uint32(0x0A7A), np.array([0, 1], np.uint32)
        g = f.create_group('spikes/' + POP)
        g.attrs['sorting'] = 'by_time'
        g.create_dataset('timestamps', data=SPIKES[:, 0]).attrs['units'] = 'ms'
        g.create_dataset('node_ids', data=SPIKES[:, 1].astype(np.uint64))
    j = lambda name: os.path.join(d, name)
    report(j('state_net_v.h5'), POP, V, 1.0, 1.0, 'mV', 'v', point(V_IDS))
    report(j('state_net_v_learn.h5'), POP, V_LEARN, 201.0, 1.0, 'mV', 'v', point(V_IDS))
    report(j('modulator_reward_output.h5'), 'reward', OUT, 10.0, 10.0, '1', 'output', point(np.array([0])))
    pops = (('source_population', POP), ('target_population', POP))
    report(j('weights_%s_t.h5' % FILE_CONN), CONN, W, 0.0, 100.0, 'nS', 'w', synapses(), pops)
    report(j('synapses_%s_c.h5' % FILE_CONN), CONN, C, 0.0, 100.0, '1', 'c', synapses(), pops)
    edges_h5(j('edges.h5'), W[0])
    edges_h5(j('edges_at_200ms.h5'), W[2])
    edges_h5(j('edges_end.h5'), W_END)
    edges_h5(j('weights_%s.h5' % FILE_CONN), W_END)
    manifest(d, sorted(os.listdir(d)))


def write_csv(d):
    """The same folder as --format csv writes it (SI values, as runtime/results.c)."""
    os.makedirs(d)
    j = lambda name: open(os.path.join(d, name), 'w')
    with j('spikes.csv') as f:
        f.write('population,node_id,time_ms\n')
        for t, n in SPIKES:
            f.write('%s,%d,%.4f\n' % (POP, n, t))

    def series(name, head, t0, step, data, scale):
        with j(name) as f:
            f.write('time_ms,%s\n' % ','.join(head))
            for k, row in enumerate(data):
                f.write('%.4f,%s\n' % (t0 + k * step, ','.join('%.9g' % (x * scale) for x in row.astype(np.float64))))
    series('state_net_v.csv', [str(i) for i in V_IDS], 1.0, 1.0, V, 1e-3)
    series('state_net_v_learn.csv', [str(i) for i in V_IDS], 201.0, 1.0, V_LEARN, 1e-3)
    series('modulator_reward_output.csv', ['output'], 10.0, 10.0, OUT, 1)
    pairs = ['%d->%d' % (s, t) for s, t in zip(SRC, TGT)]
    series('weights_%s_t.csv' % FILE_CONN, pairs, 0.0, 100.0, W, 1e-9)
    series('synapses_%s_c.csv' % FILE_CONN, pairs, 0.0, 100.0, C, 1)
    with j('weights_%s.csv' % FILE_CONN) as f:
        f.write('pre,post,weight\n')
        for s, t, w in zip(SRC, TGT, W_END.astype(np.float64)):
            f.write('%d,%d,%.17g\n' % (s, t, w * 1e-9))
    for name, w in (('edges.csv', W[0]), ('edges_at_200ms.csv', W[2]), ('edges_end.csv', W_END)):
        with j(name) as f:
            f.write('connection,source,target,source_node_id,target_node_id,weight,delay_ms\n')
            for s, t, x, dl in zip(SRC, TGT, w.astype(np.float64), DELAY.astype(np.float64)):
                f.write('%s,%s,%s,%d,%d,%.17g,%.9g\n' % (CONN, POP, POP, s, t, x * 1e-9, dl))  # SI
    manifest(d, sorted(os.listdir(d)))
