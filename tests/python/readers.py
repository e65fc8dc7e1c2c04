"""tests/python/readers.py DIR: each reader of the snnc package on the hand-written
run of fixture.py, in HDF5 and in CSV, and the errors for broken folders.
Prints PASS/FAIL lines."""
import os
import shutil
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'python'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture as F  # noqa: E402
import snnc  # noqa: E402

d = sys.argv[1]


def report(name, ok, why=''):
    print('PASS %s' % name if ok else 'FAIL %s: %s' % (name, why))


def raises(name, f, text):
    """f() raises a RunError whose message holds `text`."""
    try:
        f()
    except snnc.RunError as e:
        report(name, text in str(e), 'message %r lacks %r' % (str(e), text))
    except Exception as e:  # noqa: BLE001 (the point: nothing but RunError)
        report(name, False, '%s instead of a RunError: %s' % (type(e).__name__, e))
    else:
        report(name, False, 'no error')


F.write_h5(os.path.join(d, 'h5'))
F.write_csv(os.path.join(d, 'csv'))
runs = {fmt: snnc.load(os.path.join(d, fmt)) for fmt in ('h5', 'csv')}
for fmt, r in runs.items():
    si = 1e-3 if fmt == 'csv' else 1  # the CSV files hold SI values: back to the fixture's mV and nS
    ns = 1e-9 if fmt == 'csv' else 1
    s = r.spikes.get('net')
    report('reader-spikes-' + fmt, s is not None and np.allclose(s.times_ms, F.SPIKES[:, 0], atol=1e-4) and
           np.array_equal(s.node_ids, F.SPIKES[:, 1]) and s.counts().sum() == len(F.SPIKES) and s.size == 10,
           'spikes %r' % s)
    report('reader-families-' + fmt, r.families == {'net.a': ('net', 0, 6), 'net.b': ('net', 6, 10)} and
           list(r.spikes_of('net.b').node_ids) == [1, 3],
           'families %s' % r.families)
    t, hz = s.rate(100.0)
    report('reader-rate-' + fmt, np.allclose(t, [0, 100, 200, 300, 400]) and np.allclose(hz, [4 / 10 / 0.1, 0, 1, 0, 1]),
           'rate %s %s' % (t, hz))
    v = r.state('v', 'net')
    vl = r.state('v', 'net', phase='learn')
    report('reader-state-' + fmt, v.data.shape == (4, 3) and np.allclose(v.times_ms, [1, 2, 3, 4]) and
           list(v.node_ids) == [0, 2, 4] and np.array_equal(np.float32(v.data / si), F.V) and
           np.allclose(vl.times_ms, [201, 202]) and np.array_equal(np.float32(vl.data / si), F.V_LEARN) and
           v.units == ('mV' if fmt == 'h5' else None) and np.allclose(v.si(), F.V * 1e-3),
           'state %r %r' % (v, vl))
    m = [x for x in r.states if x.kind == 'modulator']
    report('reader-modulator-' + fmt, len(m) == 1 and m[0].population == 'reward' and m[0].variable == 'output' and
           np.array_equal(m[0].data, F.OUT) and np.allclose(m[0].times_ms, [10, 20, 30]), 'modulator %s' % m)
    w = r.weight_series('net.a->net')
    report('reader-weights-' + fmt, np.allclose(w.times_ms, [0, 100, 200]) and list(w.source) == list(F.SRC) and
           list(w.target) == list(F.TGT) and np.array_equal(np.float32(w.data / ns), F.W) and w.variable == 'w',
           'weights %r' % w)
    c = r.synapses
    report('reader-synapses-' + fmt, len(c) == 1 and c[0].variable == 'c' and c[0].connection == 'net.a->net' and
           np.array_equal(c[0].data, F.C), 'synapse series %s' % c)
    fw = r.final_weights.get('net.a->net')
    report('reader-final-weights-' + fmt, fw is not None and list(fw.source) == list(F.SRC) and
           np.array_equal(np.float32(fw.weight / ns), F.W_END), 'final weights %s' % r.final_weights)
    e = r.edges
    report('reader-edges-' + fmt, sorted(e) == ['200ms', 'end', 'start'] and
           np.array_equal(np.float32(e['start']['net.a->net'].weight / ns), F.W[0]) and
           np.array_equal(np.float32(e['end']['net.a->net'].weight / ns), F.W_END) and
           np.array_equal(np.float32(e['200ms']['net.a->net'].delay_ms), F.DELAY) and
           list(e['end']['net.a->net'].target) == list(F.TGT), 'edges %s' % e)
    tr = r.trials
    report('reader-trials-' + fmt, list(tr) == ['trial', 'phase', 'label', 'net.a'] and list(tr['label']) == F.LABELS
           and list(tr['phase']) == ['warm'] * 2 + ['learn'] * 3 and list(tr['net.a']) == F.COUNTS,
           'trials %s' % tr)
    report('reader-phases-' + fmt, [(p['name'], p['start_s'], p['end_s']) for p in r.phases] ==
           [('warm', 0, 0.2), ('learn', 0.2, 0.5)] and r.summary['reports']['net.a']['window_s'] == [0, 0.1],
           'phases %s' % r.phases)

# both formats in one folder: prefer picks one
both = os.path.join(d, 'both')
shutil.copytree(os.path.join(d, 'h5'), both)
for f in os.listdir(os.path.join(d, 'csv')):
    if f.endswith('.csv'):
        shutil.copy(os.path.join(d, 'csv', f), both)
import json  # noqa: E402
meta = json.load(open(os.path.join(both, 'run.json')))
meta['files'] = sorted(set(os.listdir(both)))
json.dump(meta, open(os.path.join(both, 'run.json'), 'w'))
report('reader-prefer', snnc.load(both).state('v', 'net').units == 'mV' and
       snnc.load(both, prefer='csv').state('v', 'net').units is None, 'prefer= does not pick the format')
# an edges CSV file holds SI weights (units None), equal to the HDF5 file's nS
ec, eh = snnc.load(both, prefer='csv').edges['end']['net.a->net'], snnc.load(both).edges['end']['net.a->net']
report('reader-edges-csv-units', ec.units is None and eh.units == 'nS' and np.allclose(ec.weight_si(), eh.weight_si(), rtol=1e-7),
       'units %s %s' % (ec.units, eh.units))

# broken folders: one RunError naming the file, never another exception
raises('reader-not-a-run', lambda: snnc.load(d), 'not a run folder')
raises('reader-no-folder', lambda: snnc.load(os.path.join(d, 'nothing')), 'no such folder')
bad = os.path.join(d, 'bad')


def broken(name, edit, read, text):
    shutil.rmtree(bad, ignore_errors=True)
    shutil.copytree(os.path.join(d, name.split('-')[0]), bad)
    edit()
    raises('reader-' + name, lambda: read(snnc.load(bad)), text)


def cut(f, keep):
    p = os.path.join(bad, f)
    data = open(p, 'rb').read()
    open(p, 'wb').write(data[:keep(len(data))])


broken('h5-missing', lambda: os.remove(os.path.join(bad, 'spikes.h5')), lambda r: r, 'spikes.h5: listed in run.json but missing')
broken('h5-truncated', lambda: cut('state_net_v.h5', lambda n: n // 2), lambda r: r.states, 'state_net_v.h5: cannot read')
broken('h5-truncated-spikes', lambda: cut('spikes.h5', lambda n: 600), lambda r: r.spikes, 'spikes.h5: cannot read')
broken('h5-edges-not-edges', lambda: shutil.copy(os.path.join(bad, 'spikes.h5'), os.path.join(bad, 'edges.h5')),
       lambda r: r.edges, 'edges.h5: not a SONATA edges file')
def stop_at(ms):
    import h5py
    with h5py.File(os.path.join(bad, 'state_net_v.h5'), 'r+') as f:
        f['report/net/mapping/time'][1] = ms


broken('h5-report-times', lambda: stop_at(100.0), lambda r: r.states, 'mapping/time says')
broken('csv-truncated', lambda: cut('state_net_v.csv', lambda n: n - 5), lambda r: r.states, 'state_net_v.csv')
broken('csv-truncated-spikes', lambda: cut('spikes.csv', lambda n: n - 5), lambda r: r.spikes, 'spikes.csv: truncated')
broken('csv-short-row', lambda: open(os.path.join(bad, 'spikes.csv'), 'a').write('net,5\n'), lambda r: r.spikes,
       'spikes.csv:8: expected 3 fields, found 2')
broken('csv-trials-header', lambda: open(os.path.join(bad, 'trials.csv'), 'w').write('a,b\n'), lambda r: r.trials,
       'trials.csv: not a trials file')
broken('csv-manifest-truncated', lambda: cut('run.json', lambda n: n // 2), lambda r: r, 'run.json: cannot read')
broken('csv-node-beyond', lambda: open(os.path.join(bad, 'spikes.csv'), 'a').write('net,10,1.0\n'), lambda r: r.spikes,
       'node id 10 of net beyond its 10 neurons')

# units.scale: every unit a run writes, to SI
from snnc import units  # noqa: E402
table = {'mV': 1e-3, 'nS': 1e-9, 'nA': 1e-9, 'pA': 1e-12, 'pF': 1e-12, 'ms': 1e-3, 'Hz': 1, '1': 1, 'MOhm': 1e6,
         'um': 1e-6, 'mV/ms': 1, 'nA/ms': 1e-6, 'm^2*kg*s^-3*A^-1': 1, 'm^2 kg s^-3 A^-1': 1, None: 1}
wrong = {u: units.scale(u) for u, x in table.items() if abs(units.scale(u) - x) > 1e-12 * x}
try:
    units.scale('furlong')
    wrong['furlong'] = 'no error'
except ValueError:
    pass
report('reader-units', not wrong, 'scales %s' % wrong)
