"""snnc: read the outputs of a run of a model compiled by snnc.

    import snnc
    run = snnc.load('out')            # a run folder (docs/outputs.md)
    run.spikes['net'].times_ms        # and .node_ids, .counts(), .rates()
    run.states[0].data                # [times x nodes], .times_ms, .units

Reads both the HDF5 (SONATA) and the CSV files of a run; docs/python.md walks
through an example.  snn-plot draws a run's figure with it.
"""
import os

from .errors import RunError
from .run import Run, load


def _version():
    # installed: the VERSION file make install puts beside this one;
    # in a checkout: the checkout's VERSION, two folders up
    here = os.path.dirname(os.path.abspath(__file__))
    for path in (os.path.join(here, 'VERSION'), os.path.join(here, '..', '..', 'VERSION')):
        try:
            with open(path) as f:
                return f.read().strip()
        except OSError:
            pass
    return 'unknown'


__version__ = _version()
__all__ = ['load', 'Run', 'RunError', '__version__']
