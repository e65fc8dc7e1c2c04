# The HDF5 outputs (docs/outputs.md) hold what the CSV outputs hold: a state
# record as a SONATA report in mV, a weight series, the connectivity as SONATA
# edges at the start, every T and at the end, a plastic connection's final
# weights; compression where it pays (--compress), float64 on request
# (--precision double); populations not recorded left out of spikes.h5; the
# command line, start and host in run.json.
. tests/lib.sh
cat >"$T/ed.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/plasticity.snn"
population src = 20 poisson(rate = 40 Hz)
population dst = 5 lif_cond()
population idle = 3 lif_cond()
connect a = src -> dst { rule: all; synapse: exp_cond(tau = 5 ms); port: g_e; weight: 2 nS; delay: 1 ms
                         plasticity: stdp_nearest(A_plus = 0.01 * 4 nS, tau_plus = 20 ms, tau_minus = 20 ms, w_max = 4 nS) }
connect s = src -> dst { rule: probability(0.5); synapse: exp_cond(tau = 5 ms); port: g_e
                         weight: uniform(0.5 nS, 1 nS); delay: uniform(1 ms, 3 ms) }
experiment { time 1 s; record edges of dst every 400 ms; record v of dst every 1 ms; record w of a every 250 ms
             record spikes of src, dst }
SNN
build "$T/ed.snn" "$T/ed" || exit 0
"$T/ed" --quiet --format sonata,csv --out "$T/o" || fail outputs-run "exit status $?"
"$T/ed" --quiet --compress 0 --precision double --out "$T/o0" || fail outputs-run-double "exit status $?"
"$T/ed" --quiet --compress 6 --out "$T/o6" || fail outputs-run-compress "exit status $?"
"$PY" - "$T" <<'PYEOF' || fail outputs-check "python check crashed"
import csv, json, sys, zlib
import h5py
import numpy as np
T = sys.argv[1]
o = T + '/o'
def check(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))

# the state record: SONATA report layout, mV, the CSV's SI values converted
f = h5py.File(o + '/state_dst_v.h5', 'r')
g = f['report/dst']
d = g['data']
rows = list(csv.reader(open(o + '/state_dst_v.csv')))
si = np.array([[float(x) for x in r[1:]] for r in rows[1:]])
t_csv = np.array([float(r[0]) for r in rows[1:]])
t0, t1, dt = g['mapping/time'][:]
check('report-layout', d.shape == (1000, 5) and d.dtype == np.float32 and d.attrs['units'] == 'mV'
      and d.attrs['variable'] == 'v' and list(g['mapping/node_ids'][:]) == [0, 1, 2, 3, 4]
      and list(g['mapping/index_pointers'][:]) == [0, 1, 2, 3, 4, 5] and list(g['mapping/element_ids'][:]) == [0] * 5,
      'shape %s dtype %s units %s' % (d.shape, d.dtype, d.attrs.get('units')))
check('report-time', np.allclose(t0 + dt * np.arange(d.shape[0]), t_csv) and abs(t1 - (t0 + 1000 * dt)) < 1e-9,
      'time %s..%s step %s, CSV %s..%s' % (t0, t1, dt, t_csv[0], t_csv[-1]))
check('report-values', np.array_equal(d[:], (si.astype(np.float32).astype(np.float64) * 1e3).astype(np.float32)),
      'largest difference %g mV' % np.abs(d[:] - si * 1e3).max())
# --compress auto: compressed iff its first 64 kB, shuffled and deflated, shrink to half
raw = np.frombuffer(d[:].astype('<f4').tobytes()[:65536], np.uint8).reshape(-1, 4).T.tobytes()
pays = 2 * len(zlib.compress(raw, 1)) <= len(raw)
check('report-compress-auto', d.chunks is not None and (d.compression == 'gzip') == pays,
      'sample ratio %.2f, compression %s' % (len(raw) / len(zlib.compress(raw, 1)), d.compression))

# the weight series: 4 samples of the 100 synapses of a, in nS
w = h5py.File(o + '/weights_a_t.h5', 'r')['report/a']
rows = list(csv.reader(open(o + '/weights_a_t.csv')))
wcsv = np.array([[float(x) for x in r[1:]] for r in rows[1:]])
check('series-values', w['data'].shape == (4, 100) and w['data'].attrs['units'] == 'nS'
      and np.allclose(w['data'][:], wcsv * 1e9, rtol=1e-6) and w.attrs['source_population'] == 'src'
      and list(w['mapping/time'][:]) == [250.0, 1250.0, 250.0],
      'shape %s, time %s' % (w['data'].shape, list(w['mapping/time'][:])))
pairs = ['%d->%d' % p for p in zip(w['mapping/source_node_ids'][:], w['mapping/target_node_ids'][:])]
check('series-columns', pairs == rows[0][1:], 'columns differ from the CSV header')

# edges: start, 0.4 s, 0.8 s, end; static s the same in each; a moves
def edges(name):
    e = h5py.File('%s/%s.h5' % (o, name), 'r')['edges']
    return {c: {k: e[c][k][:] for k in ('source_node_id', 'target_node_id')} |
               {'w': e[c]['0/syn_weight'][:], 'd': e[c]['0/delay'][:], 'units': e[c]['0/syn_weight'].attrs['units'],
                'pop': (e[c]['source_node_id'].attrs['node_population'], e[c]['target_node_id'].attrs['node_population'])}
            for c in e}
snaps = [edges(n) for n in ('edges', 'edges_at_0.4s', 'edges_at_0.8s', 'edges_end')]
files = json.load(open(o + '/run.json'))['files']
check('edges-files', all(n in files for n in ('edges.h5', 'edges_at_0.4s.h5', 'edges_at_0.8s.h5', 'edges_end.h5', 'edges.csv')),
      'run.json files: %s' % files)
st, end = snaps[0], snaps[-1]
check('edges-start', np.all(st['a']['w'] == 2.0) and np.all(st['a']['d'] == 1.0) and st['a']['units'] == 'nS'
      and st['a']['pop'] == ('src', 'dst') and len(st['a']['w']) == 100,
      'a at the start: %s' % st['a']['w'][:5])
check('edges-static', all(np.array_equal(x['s']['w'], st['s']['w']) and np.array_equal(x['s']['d'], st['s']['d'])
                          for x in snaps) and 0.5 <= st['s']['w'].min() and st['s']['w'].max() <= 1.0
      and 1.0 <= st['s']['d'].min() and st['s']['d'].max() <= 3.0, 'static weights or delays changed or out of range')
final = {(int(r['pre']), int(r['post'])): float(r['weight']) for r in csv.DictReader(open(o + '/weights_a.csv'))}
endw = {(int(p), int(q)): x for p, q, x in zip(end['a']['source_node_id'], end['a']['target_node_id'], end['a']['w'])}
check('edges-end', all(abs(endw[k] - np.float32(final[k] * 1e9)) <= 1e-6 * abs(endw[k]) for k in final)
      and not np.array_equal(snaps[1]['a']['w'], st['a']['w']), 'the end differs from weights_a.csv, or a never moved')
nodes = h5py.File(o + '/nodes.h5', 'r')['nodes']
check('nodes', sorted(nodes) == ['dst', 'idle', 'src'] and list(nodes['dst/node_id'][:]) == [0, 1, 2, 3, 4]
      and list(nodes['dst/node_type_id'][:]) == [0] * 5 and list(nodes['src/node_group_index'][:]) == list(range(20)),
      'node populations %s' % sorted(nodes))
fw = h5py.File(o + '/weights_a.h5', 'r')['edges/a']
check('final-weights-h5', np.array_equal(fw['0/syn_weight'][:], end['a']['w']), 'weights_a.h5 differs from edges_end')
ecsv = [r for r in csv.DictReader(open(o + '/edges.csv')) if r['connection'] == 's']
check('edges-csv', len(ecsv) == len(st['s']['w']) and
      all(abs(float(r['weight']) - x) <= 1e-6 * x for r, x in zip(ecsv, st['s']['w'])), 'edges.csv differs from edges.h5')

# spikes.h5: src and dst recorded, idle not observed: no group
sp = h5py.File(o + '/spikes.h5', 'r')['spikes']
check('spikes-unrecorded', sorted(sp) == ['dst', 'src'], 'groups %s' % sorted(sp))

# --precision double, --compress 0 and 6: the same values
d0 = h5py.File(T + '/o0/state_dst_v.h5', 'r')['report/dst/data']
d6 = h5py.File(T + '/o6/state_dst_v.h5', 'r')['report/dst/data']
check('precision-double', d0.dtype == np.float64 and np.allclose(d0[:], d[:], rtol=1e-6), 'dtype %s' % d0.dtype)
ids0 = h5py.File(T + '/o0/edges.h5', 'r')['edges/s/target_node_id']
ids = h5py.File(o + '/edges.h5', 'r')['edges/s/target_node_id']
check('compress-levels', d6.compression == 'gzip' and d6.shuffle and np.array_equal(d6[:], d[:])
      and ids0.compression is None and np.array_equal(ids0[:], ids[:]),
      '--compress 6: %s; --compress 0 ids: %s' % (d6.compression, ids0.compression))

j = json.load(open(o + '/run.json'))
check('run-json-provenance', j['command'][1:5] == ['--quiet', '--format', 'sonata,csv', '--out'] and
      j['started'].endswith('Z') and len(j['started']) == 20 and j['host'] != '', 'command %s started %s' %
      (j.get('command'), j.get('started')))
PYEOF
# bad values are refused before anything is written
for bad in "--compress 10" "--compress fast" "--precision half" "--format h5"; do
    # shellcheck disable=SC2086
    "$T/ed" --quiet $bad --out "$T/bad" 2>"$T/bad.err"
    st=$?
    check "outputs-refused-$(echo "$bad" | tr ' ' '=')" "exit $st: $(cat "$T/bad.err")" \
        sh -c "[ $st = 1 ] && grep -q 'error: --' '$T/bad.err' && [ ! -e '$T/bad' ]"
done
# Large data written straight into the file at its chunks' places (--compress 0:
# a v trace in 3 chunks, the last one partial; a weight series whose rows of
# 300,000 synapses span 2 chunks each) equals what HDF5 itself writes when it
# compresses (--compress 1).
cat >"$T/big.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/plasticity.snn"
population pre = 600 poisson(rate = 5 Hz)
population post = 500 lif_cond()
connect big = pre -> post { rule: all; synapse: exp_cond(tau = 5 ms); port: g_e; weight: uniform(0.01 nS, 0.02 nS)
                            plasticity: stdp_nearest(A_plus = 0.001 nS, tau_plus = 20 ms, tau_minus = 20 ms, w_max = 1 nS) }
experiment { time 200 ms; record w of big every 100 ms; record v of post[0:300] every 0.1 ms; record spikes of post }
SNN
build "$T/big.snn" "$T/big" || exit 0
"$T/big" --quiet --compress 0 --out "$T/b0" && "$T/big" --quiet --compress 1 --out "$T/b1" || fail outputs-big-run "exit status $?"
"$PY" - "$T" <<'PYEOF' || fail outputs-big-check "python check crashed"
import sys
import h5py
import numpy as np
T = sys.argv[1]
for name, path in (('v', 'state_post_v.h5'), ('w', 'weights_big_t.h5')):
    a = h5py.File('%s/b0/%s' % (T, path), 'r')['report']
    b = h5py.File('%s/b1/%s' % (T, path), 'r')['report']
    g = list(a)[0]
    da, db = a[g]['data'], b[g]['data']
    ok = (da.compression is None and db.compression == 'gzip' and da.shape == db.shape
          and np.array_equal(da[:], db[:]) and np.isfinite(da[:]).all() and da.shape[0] > 1 and np.ptp(da[:]) > 0)
    print(('PASS ' if ok else 'FAIL ') + 'outputs-direct-chunks-' + name +
          ('' if ok else ': %s %s %s %s' % (da.shape, da.chunks, da.compression, db.compression)))
PYEOF
