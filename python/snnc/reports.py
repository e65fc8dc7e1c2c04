"""reports.py: sampled series of a run -- state and modulator records, weight
and per-synapse series -- as numpy arrays with their time axis and units.

HDF5 (docs/outputs.md): the SONATA report layout, /report/GROUP/data
[times x columns] with attributes units and variable, and mapping/time =
(start, stop, step) in ms; a state record maps its columns to node_ids, a
connection's series to source_node_ids, target_node_ids and edge_ids.
CSV: time_ms, then one column per node (its id), per synapse ("pre->post") or,
for a modulator, one column named by the variable; values in SI units.
"""
import warnings

import numpy as np

from . import units as _units
from .errors import RunError, complete, reading


class Series:
    """Samples `data` [times x columns] at `times_ms`, in `units` (None: SI)."""
    kind = None

    def __init__(self, file, variable, phase, data, times_ms, units):
        self.file, self.variable, self.phase = file, variable, phase
        self.data, self.times_ms, self.units = data, np.asarray(times_ms, dtype=np.float64), units

    def si(self):
        """`data` as float64 in SI units (V, S, A, ...)."""
        return _units.to_si(self.data, self.units)

    def __repr__(self):
        return '<%s %s of %s%s: %d x %d, %s>' % (type(self).__name__, self.variable, self.name,
                                                ' in ' + self.phase if self.phase else '', self.data.shape[0],
                                                self.data.shape[1], _units.text(self.units))


class StateRecord(Series):
    """A `record VAR of POP` (kind 'state') or of a modulator (kind 'modulator',
    one column, node id 0, `population` the modulator's name)."""

    def __init__(self, kind, population, node_ids, **kw):
        super().__init__(**kw)
        self.kind, self.population, self.node_ids = kind, population, np.asarray(node_ids, dtype=np.int64)

    @property
    def name(self):
        return self.population


class SynapseSeries(Series):
    """A connection's weights (`record w of C every T`, kind 'weights') or one
    per-synapse state of its rule (kind 'synapses'), a column per synapse:
    `source` and `target` node ids in the connection's storage order."""

    def __init__(self, kind, connection, source, target, edge_ids=None, source_population=None,
                 target_population=None, **kw):
        super().__init__(**kw)
        self.kind, self.connection = kind, connection
        self.source, self.target = np.asarray(source, dtype=np.int64), np.asarray(target, dtype=np.int64)
        self.edge_ids = None if edge_ids is None else np.asarray(edge_ids, dtype=np.int64)
        self.source_population, self.target_population = source_population, target_population

    @property
    def name(self):
        return self.connection


def _attr(obj, key, default=None):
    v = obj.attrs.get(key, default)
    return v.decode() if isinstance(v, bytes) else v


def read_h5(path):
    """The one report of a SONATA report file: (group name, fields), fields
    holding data, times_ms, units, variable and the mapping's arrays."""
    import h5py
    with reading(path), h5py.File(path, 'r') as f:
        groups = list(f['report'].keys()) if 'report' in f else []
        if len(groups) != 1:
            raise RunError('%s: not a report file (expected one group under /report, found %d)' % (path, len(groups)))
        g = f['report'][groups[0]]
        data, m = g['data'][()], g['mapping']
        start, stop, step = (float(x) for x in m['time'][()])
        if data.ndim != 2:
            raise RunError('%s: /report/%s/data is not a [times x columns] table' % (path, groups[0]))
        if step > 0 and round((stop - start) / step) != data.shape[0]:
            raise RunError('%s: /report/%s/data holds %d samples, mapping/time says %g..%g ms every %g ms'
                           % (path, groups[0], data.shape[0], start, stop, step))
        times = start + step * np.arange(data.shape[0])
        out = {'data': data, 'times_ms': times, 'units': _attr(g['data'], 'units'),
               'variable': _attr(g['data'], 'variable'), 'source_population': _attr(g, 'source_population'),
               'target_population': _attr(g, 'target_population')}
        for key in ('node_ids', 'source_node_ids', 'target_node_ids', 'edge_ids'):
            if key in m:
                out[key] = m[key][()]
                if len(out[key]) != data.shape[1]:
                    raise RunError('%s: mapping/%s holds %d ids for %d columns' % (path, key, len(out[key]),
                                                                                  data.shape[1]))
        return groups[0], out


def read_csv(path):
    """(header, times_ms, data) of a series written as CSV."""
    complete(path)
    with reading(path):
        with open(path) as f:
            head = f.readline().rstrip('\r\n').split(',')
        if len(head) < 2 or head[0] != 'time_ms':
            raise RunError('%s: not a series (expected a header time_ms,...)' % path)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')  # a series without samples is an empty file, not a problem
            rows = np.loadtxt(path, delimiter=',', skiprows=1, ndmin=2, dtype=np.float64)
        if rows.size == 0:
            rows = rows.reshape(0, len(head))
        if rows.shape[1] != len(head):
            raise RunError('%s: %d columns in the header, %d in the rows' % (path, len(head), rows.shape[1]))
        return head[1:], rows[:, 0], rows[:, 1:]


def synapse_ids(path, columns):
    """Source and target node ids of CSV columns named "pre->post"."""
    with reading(path):
        pairs = [c.split('->') for c in columns]
        return np.array([int(p[0]) for p in pairs], dtype=np.int64), np.array([int(p[1]) for p in pairs], dtype=np.int64)
