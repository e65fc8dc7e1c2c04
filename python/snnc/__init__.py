"""snnc: read the outputs of a run of a model compiled by snnc.

    import snnc
    run = snnc.load('out')            # a run folder (docs/outputs.md)
    run.spikes['net'].times_ms        # and .node_ids, .counts(), .rates()
    run.states[0].data                # [times x nodes], .times_ms, .units

Reads both the HDF5 (SONATA) and the CSV files of a run; docs/python.md walks
through an example.  snn-plot draws a run's figure with it.
"""
from .errors import RunError
from .run import Run, load

__version__ = '0.1.0'
__all__ = ['load', 'Run', 'RunError', '__version__']
