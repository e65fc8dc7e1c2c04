"""snnc: reading and plotting what the executables snnc builds write (a run's
output folder: spikes, recorded states, run.json).  snn-plot is its command."""
import os


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
