"""tests/python/load_checks.py COBA PLASTIC: snnc.load on real runs written with
--format sonata,csv (coba shortened; the plastic model of docs/python.md),
each read from its HDF5 and from its CSV files, against run.json and each
other.  Prints PASS/FAIL lines."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'python'))
import snnc  # noqa: E402
from snnc import units  # noqa: E402

coba, plastic = sys.argv[1:3]


def report(name, ok, why=''):
    print('PASS %s' % name if ok else 'FAIL %s: %s' % (name, why))


def counts(run):
    """(name, spikes) of every population and family, from the spike files."""
    return sorted([(p, len(s)) for p, s in run.spikes.items()] + [(f, len(run.spikes_of(f))) for f in run.families])


for d in (coba, plastic):
    name = os.path.basename(d)
    runs = {fmt: snnc.load(d, prefer=fmt) for fmt in ('sonata', 'csv')}
    meta = runs['sonata'].meta
    want = sorted((p['name'], p['spikes']) for p in meta['populations'])
    for fmt, run in runs.items():
        report('load-%s-spikes-%s' % (name, fmt), counts(run) == want,
               'spikes per population %s, run.json says %s' % (counts(run), want))
    a, b = runs['sonata'].spikes, runs['csv'].spikes
    same = sorted(a) == sorted(b) and all(np.array_equal(a[p].node_ids, b[p].node_ids) and
                                          np.allclose(a[p].times_ms, b[p].times_ms, rtol=0, atol=5e-5) for p in a)
    report('load-%s-spikes-sonata-is-csv' % name, same, 'the spikes of spikes.h5 and spikes.csv differ')

# the plastic model: v of readout (2 neurons) every 1 ms in phase probe (2 trials of 250 ms)
runs = {fmt: snnc.load(plastic, prefer=fmt) for fmt in ('sonata', 'csv')}
for fmt, run in runs.items():
    v = run.state('v', 'readout', phase='probe')
    h5 = v.file.endswith('.h5')
    ok = (v.data.shape == (500, 2) and np.allclose(v.times_ms, np.arange(1, 501)) and list(v.node_ids) == [0, 1] and
          v.units == ('mV' if h5 else None) and -71e-3 < v.si().min() and v.si().max() < -58e-3)
    report('load-state-record-' + fmt, ok, '%r: times %s..%s, nodes %s, V_m %s..%s' % (
        v, v.times_ms[:1], v.times_ms[-1:], v.node_ids, v.si().min(), v.si().max()))
v, vc = runs['sonata'].state('v', 'readout', phase='probe'), runs['csv'].state('v', 'readout', phase='probe')
# the CSV prints the float32 state in volts with %.9g: read back, it is that float32 exactly;
# the HDF5 file holds the same float32 times a power of ten (1000 for mV), rounded to float32
per_si = 1 / units.scale(v.units)
per_si = round(per_si) if per_si >= 1 else per_si  # 1000, not 1 / 1e-3 = 999.9999999999999
same = np.array_equal(np.float32(np.float64(np.float32(vc.data)) * per_si), np.float32(v.data))
report('load-state-sonata-is-csv', same and np.allclose(v.times_ms, vc.times_ms, rtol=0, atol=1e-4),
       'V_m of the HDF5 and the CSV record differ (largest difference %g)' %
       np.abs(vc.si() - v.si()).max())

for fmt, run in runs.items():
    w, end = run.weight_series('syn'), run.final_weights['syn']
    start = run.edges['start']['syn']  # the weights as built (record edges)
    if w.units == start.units:
        first_ok = np.array_equal(w.data[0], start.weight)
    else:  # one in SI, the other in nS
        first_ok = np.allclose(w.si()[0], start.weight_si(), rtol=1e-8, atol=0)
    report('load-weights-first-row-' + fmt, first_ok and w.data.shape[1] == 80 and start.units == ('nS' if fmt != 'csv' else None),
           '%r: first row %s, as built %s %s' % (w, w.data[0][:3], start.weight[:3], start.units))
    last_ok = (w.times_ms[-1] == 2000 and list(w.source) == list(end.source) and list(w.target) == list(end.target)
               and np.allclose(w.si()[-1], end.weight_si(), rtol=1e-7, atol=0) and
               np.any(w.data[0] != w.data[-1]))  # and learning changed them
    report('load-weights-last-row-' + fmt, last_ok, 'the last sample %s differs from the final weights %s' %
           (w.si()[-1][:3], end.weight_si()[:3]))
t = runs['sonata'].trials
report('load-trials', list(t['phase']) == ['probe'] * 2 + ['train'] * 6 and
       int(t['readout'].sum()) <= runs['sonata'].meta['populations'][1]['spikes'], 'trials %s' % t)
