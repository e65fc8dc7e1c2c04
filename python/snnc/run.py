"""run.py: the Run object, a run folder read as numpy arrays.

load(path) reads run.json, the manifest that lists every file of the folder,
and checks that each is there; the data files are read when first asked for
(a tool that wants the trials does not pay for a V_m trace of an hour).  A
folder written with --format sonata,csv holds most data twice: `prefer` picks
which one is read (HDF5 by default: the exact float32/float64 values).
"""
import functools
import json
import os

from . import edges as _edges
from . import names as _names
from . import reports as _reports
from . import spikes as _spikes
from . import trials as _trials
from . import units as _units
from .errors import RunError, reading


def load(path, prefer='sonata'):
    """The run in folder `path` (prefer: 'sonata' or 'csv', where it has both)."""
    return Run(path, prefer)


def _json(path):
    with reading(path), open(path) as f:
        return json.load(f)


class Run:
    """A run folder: `meta` (run.json), `populations` (name -> size), `families`
    (POP.FAM -> (POP, first, end)), `phases`, `files` (name -> path) and, read
    on first use, `spikes`, `states`, `weights`, `synapses`, `edges`,
    `final_weights`, `trials` and `summary`."""

    def __init__(self, path, prefer='sonata'):
        if prefer not in ('sonata', 'csv'):
            raise ValueError("prefer must be 'sonata' or 'csv', not %r" % prefer)
        self.path, self.prefer = path, prefer
        manifest = os.path.join(path, 'run.json')
        if not os.path.isdir(path):
            raise RunError('%s: no such folder' % path)
        if not os.path.exists(manifest):
            raise RunError('%s: not a run folder (no run.json)' % path)
        self.meta = meta = _json(manifest)
        with reading(manifest):
            if not isinstance(meta, dict) or not isinstance(meta.get('files'), list):
                raise RunError('%s: not a run manifest (no list of files)' % manifest)
            self.files = {name: os.path.join(path, name) for name in meta['files']}
            pops = meta.get('populations', [])
            self.populations = {p['name']: int(p['size']) for p in pops if '.' not in p['name']}
            self.families = self._families(pops)
            self.dt_ms, self.t_stop_ms = float(meta['dt_ms']), float(meta['time_s']) * 1e3
            self.phases = self._phases(meta.get('phases', []))
            self.connections = {_names.sanitize(c['name']): c['name']
                                for c in meta.get('memory', {}).get('connections', [])}
        for name, p in self.files.items():
            if not os.path.exists(p):
                raise RunError('%s: listed in run.json but missing' % p)

    def __repr__(self):
        return '<Run %s: %s, %g s, %d files>' % (self.path, self.meta.get('model'), self.t_stop_ms / 1e3,
                                                len(self.files))

    @staticmethod
    def _families(pops):
        """Families follow each other from neuron 0 (docs/language.md 9.7)."""
        out, at = {}, {}
        for p in pops:
            if '.' in p['name']:
                pop = p['name'].split('.', 1)[0]
                lo = at.get(pop, 0)
                out[p['name']] = (pop, lo, lo + int(p['size']))
                at[pop] = lo + int(p['size'])
        return out

    def _phases(self, phases):
        """run.json's phases, each with its end_s (trials of equal length)."""
        out = [dict(p) for p in phases]
        total = sum(p['trials'] for p in out)
        for p in out:
            p['end_s'] = p['start_s'] + p['trials'] * self.t_stop_ms / 1e3 / total
        return out

    # ---- which file holds what ------------------------------------------------
    def _pick(self, kind):
        """{stem: (path, extension)} of the files of one kind, one format each."""
        out = {}
        for name, path in self.files.items():
            k, stem, ext = _names.classify(name)
            if k != kind or ext not in ('h5', 'csv'):
                continue
            if stem not in out or (ext == 'h5') == (self.prefer == 'sonata'):
                out[stem] = (path, ext)
        return out

    def _one(self, kind):
        """The path and extension of the one file of a kind, or (None, None)."""
        got = self._pick(kind)
        return next(iter(got.values())) if got else (None, None)

    # ---- the data -------------------------------------------------------------
    @functools.cached_property
    def spikes(self):
        """{population: Spikes} of the populations whose spikes were recorded."""
        path, ext = self._one('spikes')
        if path is None:
            return {}
        read = _spikes.read_h5 if ext == 'h5' else _spikes.read_csv
        return read(path, self.populations, self.t_stop_ms)

    def spikes_of(self, name):
        """The Spikes of a population or a family (POP.FAM, numbered from 0)."""
        if name in self.families:
            pop, lo, hi = self.families[name]
            return self.spikes[pop].select(lo, hi, name)
        if name not in self.spikes:
            raise KeyError('%s: no spikes of %r recorded in this run' % (self.path, name))
        return self.spikes[name]

    @functools.cached_property
    def states(self):
        """The state and modulator records, in file-name order."""
        out = []
        for kind in ('state', 'modulator'):
            for stem, (path, ext) in sorted(self._pick(kind).items()):
                out.append(self._state(kind, stem, path, ext))
        return out

    def _state(self, kind, stem, path, ext):
        rest = stem[len(kind) + 1:]
        if ext == 'h5':
            group, f = _reports.read_h5(path)
            _, tail = _names.split_known(rest, [group])
            _, phase, _ = _names.split_tail('x' + tail[len(f['variable'] or '') + 1:], self._phase_names())
            return _reports.StateRecord(kind, group, f.get('node_ids', [0]), file=path, variable=f['variable'],
                                        phase=phase, data=f['data'], times_ms=f['times_ms'], units=f['units'])
        head, times, data = _reports.read_csv(path)
        core, phase, _ = _names.split_tail(rest, self._phase_names())
        if kind == 'modulator':  # its one column is named by the variable
            var = head[0]
            owner, ids = core[:-len(var) - 1] if core.endswith('_' + var) else core, [0]
        else:
            owner, tail = _names.split_known(core, self.populations)
            if owner is None:
                raise RunError('%s: no population of run.json starts the name' % path)
            var = tail[1:]
            with reading(path):
                ids = [int(c) for c in head]
        return _reports.StateRecord(kind, owner, ids, file=path, variable=var, phase=phase, data=data,
                                    times_ms=times, units=None)

    def _phase_names(self):
        return [p['name'] for p in self.phases]

    def _series(self, kind):
        out = []
        for stem, (path, ext) in sorted(self._pick('weights' if kind == 'weights' else 'synapses').items()):
            rest = stem[len('weights_') if kind == 'weights' else len('synapses_'):]
            conn, tail = _names.split_known(rest, self.connections)
            if conn is None:  # a run.json without its connections: the name up to _t
                conn, tail = (rest.rsplit('_t', 1)[0], '_t' + rest.rsplit('_t', 1)[1]) if '_t' in rest else (rest, '')
            if kind == 'weights':
                if not tail.startswith('_t'):
                    continue  # the final weights
                var, (_, phase, _) = 'w', _names.split_tail('x' + tail[2:], self._phase_names())
            else:
                var, phase, _ = _names.split_tail(tail[1:], self._phase_names())
            name = self.connections.get(conn, conn)
            if ext == 'h5':
                _, f = _reports.read_h5(path)
                out.append(_reports.SynapseSeries(kind, name, f['source_node_ids'], f['target_node_ids'],
                                                  f.get('edge_ids'), f['source_population'], f['target_population'],
                                                  file=path, variable=f['variable'] or var, phase=phase,
                                                  data=f['data'], times_ms=f['times_ms'], units=f['units']))
            else:
                head, times, data = _reports.read_csv(path)
                src, tgt = _reports.synapse_ids(path, head)
                out.append(_reports.SynapseSeries(kind, name, src, tgt, file=path, variable=var, phase=phase,
                                                  data=data, times_ms=times, units=None))
        return out

    @functools.cached_property
    def weights(self):
        """The weight series (`record w of C every T`) of plastic connections."""
        return self._series('weights')

    @functools.cached_property
    def synapses(self):
        """The per-synapse state series (`record c of C every T`)."""
        return self._series('synapses')

    @functools.cached_property
    def edges(self):
        """{snapshot: {connection: Edges}}: 'start' (as built), 'end', '10s', ..."""
        out = {}
        for stem, (path, ext) in self._pick('edges').items():
            out[_names.snapshot(stem)] = _edges.read_h5(path) if ext == 'h5' else _edges.read_csv(path)  # CSV: SI
        return out

    @functools.cached_property
    def final_weights(self):
        """{connection: Edges} at the end of the run, of every plastic connection."""
        out = {}
        for stem, (path, ext) in self._pick('weights').items():
            conn, tail = _names.split_known(stem[len('weights_'):], self.connections)
            if conn is None and '_t' not in stem[len('weights_'):]:
                conn, tail = stem[len('weights_'):], ''
            if conn is None or tail:
                continue  # a series
            got = _edges.read_h5(path) if ext == 'h5' else _edges.read_csv(path)
            e = next(iter(got.values()))
            e.connection = self.connections.get(conn, conn)
            out[e.connection] = e
        return out

    @functools.cached_property
    def trials(self):
        """trials.csv as {column: numpy array} (None without trials)."""
        path = self.files.get('trials.csv')
        return _trials.read_csv(path) if path else None

    @functools.cached_property
    def summary(self):
        """summary.json as a dict (None without trials)."""
        path = self.files.get('summary.json')
        return _json(path) if path else None

    # ---- look-ups -------------------------------------------------------------
    def state(self, variable, population=None, phase=None):
        """The one record of `variable` (of `population`, in `phase`)."""
        return self._only(self.states, 'record of %s' % variable, lambda r: r.variable == variable and
                          population in (None, r.population) and r.phase == phase)

    def weight_series(self, connection, phase=None):
        """The one weight series of `connection` (in `phase`)."""
        return self._only(self.weights, 'weight series of %s' % connection,
                          lambda s: s.connection == connection and s.phase == phase)

    def _only(self, items, what, match):
        got = [x for x in items if match(x)]
        if len(got) != 1:
            raise KeyError('%s: %s %s' % (self.path, 'no' if not got else '%d records: the' % len(got), what))
        return got[0]
