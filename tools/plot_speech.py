#!/usr/bin/python3
"""plot_speech.py SET.h5 OUT.png [ENTRY_ONE ENTRY_TWO]: the cochleagram and the
BSA spike raster of one utterance of each digit from a set written by
build/snn-audio --cochleagram (by default the first entry labelled 1 and the
first labelled 2)."""
import sys

import h5py
import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np


def main():
    if len(sys.argv) not in (3, 5):
        sys.exit(__doc__)
    f = h5py.File(sys.argv[1], 'r')
    if 'cochleagram' not in f:
        sys.exit('%s: no cochleagrams stored (run snn-audio with --cochleagram)' % sys.argv[1])
    label = f['entries/label'][:]
    src = [s.decode() if isinstance(s, bytes) else s for s in f['entries/source'][:]]
    if len(sys.argv) == 5:
        pick = [int(sys.argv[3]), int(sys.argv[4])]
    else:
        pick = [int(np.where(label == d)[0][0]) for d in (1, 2)]
    e, n, t = f['spikes/entry'][:], f['spikes/node_id'][:], f['spikes/time_ms'][:]
    cf = f['channels/cf_hz'][:]
    frame_ms = f.attrs['frame_ms']
    fig, ax = plt.subplots(2, 2, figsize=(11, 7), sharey='row')
    for col, k in enumerate(pick):
        cg = f['cochleagram/e%d' % k][:]
        ax[0, col].imshow(cg.T, aspect='auto', origin='upper', cmap='magma',
                          extent=(0, cg.shape[0] * frame_ms, len(cf) - 0.5, -0.5))
        ax[0, col].set_title('entry %d, label %d: %s' % (k, label[k], src[k].split('/')[-1]), fontsize=9)
        sel = e == k
        ax[1, col].plot(t[sel], n[sel], '|', ms=3, color='k')
        ax[1, col].set_xlim(0, cg.shape[0] * frame_ms)
        ax[1, col].set_xlabel('time (ms)')
        ax[1, col].set_title('%d BSA spikes' % sel.sum(), fontsize=9)
    ticks = np.arange(0, len(cf), 10)
    for r, what in enumerate(('cochleagram', 'spikes')):
        ax[r, 0].set_ylabel('channel (%s)' % what)
        ax[r, 0].set_yticks(ticks)
        ax[r, 0].set_yticklabels(['%d: %.0f Hz' % (c, cf[c]) for c in ticks], fontsize=7)
    ax[1, 0].invert_yaxis() if not ax[1, 0].yaxis_inverted() else None
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=110)


main()
