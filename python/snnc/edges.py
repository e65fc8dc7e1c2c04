"""edges.py: connectivity snapshots and final weights, one Edges per connection.

HDF5 (docs/outputs.md): a SONATA edges file, one edge population per
connection, /edges/C/source_node_id, target_node_id and /edges/C/0/syn_weight
(units attribute), /edges/C/0/delay (ms).  CSV: an edges snapshot has the
columns connection,source,target,source_node_id,target_node_id,weight,delay_ms
(weights in SI units); the final weights of a plastic connection are
pre,post,weight (SI units, no delays).
"""
import csv

import numpy as np

from . import units as _units
from .errors import RunError, complete, reading

CSV_EDGES = ['connection', 'source', 'target', 'source_node_id', 'target_node_id', 'weight', 'delay_ms']


class Edges:
    """The synapses of one connection: `source`, `target` node ids (within
    their populations), `weight` in `units` (None: SI) and `delay_ms` (None
    when the file has no delays), in the connection's storage order."""

    def __init__(self, connection, source, target, weight, delay_ms=None, units=None, source_population=None,
                 target_population=None):
        self.connection = connection
        self.source, self.target = np.asarray(source, dtype=np.int64), np.asarray(target, dtype=np.int64)
        self.weight = np.asarray(weight)
        self.delay_ms = None if delay_ms is None else np.asarray(delay_ms)
        self.units, self.source_population, self.target_population = units, source_population, target_population

    def __len__(self):
        return len(self.source)

    def __repr__(self):
        return '<Edges %s: %d synapses, %s>' % (self.connection, len(self), _units.text(self.units))

    def weight_si(self):
        """The weights as float64 in SI units."""
        return _units.to_si(self.weight, self.units)


def read_h5(path):
    """{connection: Edges} of a SONATA edges file."""
    import h5py
    out = {}
    with reading(path), h5py.File(path, 'r') as f:
        if 'edges' not in f:
            raise RunError('%s: not a SONATA edges file (no /edges group)' % path)
        for name, g in f['edges'].items():
            src, tgt, grp = g['source_node_id'], g['target_node_id'], g['0']
            w = grp['syn_weight']
            units = w.attrs.get('units')
            e = Edges(name, src[()], tgt[()], w[()], grp['delay'][()] if 'delay' in grp else None,
                      units.decode() if isinstance(units, bytes) else units,
                      _pop(src), _pop(tgt))
            if not (len(e.target) == len(e) == len(e.weight)):
                raise RunError('%s: /edges/%s: datasets of different lengths' % (path, name))
            out[name] = e
    return out


def _pop(ds):
    v = ds.attrs.get('node_population')
    return v.decode() if isinstance(v, bytes) else v


def read_csv(path, units=None):
    """{connection: Edges} of an edges snapshot or a final-weights file in CSV."""
    complete(path)
    with reading(path), open(path, newline='') as f:
        rd = csv.reader(f)
        head = next(rd, None)
        if head == ['pre', 'post', 'weight']:
            rows = _rows(path, rd, 3)
            return {None: Edges(None, rows[0], rows[1], np.array(rows[2], dtype=np.float64))}
        if head != CSV_EDGES:
            raise RunError('%s: not an edges file (expected the header %s)' % (path, ','.join(CSV_EDGES)))
        cols = _rows(path, rd, len(CSV_EDGES))
        conn = np.array(cols[0], dtype=object)
        out = {}
        for c in dict.fromkeys(cols[0]):  # the connections in file order
            k = np.flatnonzero(conn == c)
            out[c] = Edges(c, np.array(cols[3])[k], np.array(cols[4])[k], np.array(cols[5], dtype=np.float64)[k],
                           np.array(cols[6], dtype=np.float64)[k], units, cols[1][k[0]], cols[2][k[0]])
        return out


def _rows(path, rd, width):
    cols = [[] for _ in range(width)]
    for line, row in enumerate(rd, 2):
        if len(row) != width:
            raise RunError('%s:%d: expected %d fields, found %d (truncated?)' % (path, line, width, len(row)))
        for c, x in zip(cols, row):
            c.append(x)
    return cols
