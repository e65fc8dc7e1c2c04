"""digest.py RUN: one line per output of a run folder, "NAME SHA256", over what
the run computed and nothing of how or when: CSV and JSON files byte for byte
(run.json without its timings, memory, versions of snnc and GSL, input hash, command line, start and host), HDF5 files by their
datasets' names, types, shapes and values (HDF5 stores object times)."""
import hashlib
import json
import os
import sys

import h5py
import numpy as np


def h5_digest(path):
    h = hashlib.sha256()

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            a = np.ascontiguousarray(obj[()])
            h.update(('%s %s %s\n' % (name, a.dtype.str, a.shape)).encode())
            h.update(a.tobytes())
        for k in sorted(obj.attrs):
            h.update(('%s@%s=%r\n' % (name, k, obj.attrs[k])).encode())

    with h5py.File(path, 'r') as f:
        f.visititems(visit)
    return h.hexdigest()


def run_json_digest(path):
    j = json.load(open(path))
    for k in ('timings', 'memory', 'versions', 'snnc_version', 'snnc_revision', 'model_hash', 'files', 'command', 'started',
              'host'):
        j.pop(k, None)
    return hashlib.sha256(json.dumps(j, sort_keys=True).encode()).hexdigest()


d = sys.argv[1]
for name in sorted(os.listdir(d)):
    p = os.path.join(d, name)
    if name == 'run.json':
        dig = run_json_digest(p)
    elif name.endswith('.h5'):
        dig = h5_digest(p)
    else:
        dig = hashlib.sha256(open(p, 'rb').read()).hexdigest()
    print(name, dig)
