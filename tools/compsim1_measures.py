"""compsim1_measures.py: the measures of the paper's Figs 3B, 4 and 5 (and
Suppl. Figs 1, 2) on a run of models/compsim1_biofeedback.snn, as the paper's
figure scripts define them (reference: ../shared/reference/legenstein2008.md,
section 2.1).  Used by tools/compsim1_report.py (numbers and checks) and
tools/compsim1_plot.py (the figure).  Excitatory neurons are numbered el 0-1599,
eh 1600-3199 here; every choice of random neurons is drawn from a fixed seed so
that the report and the figure measure the same neurons."""
import numpy as np

TRIAL_S = 1.5
N_LOW = 1600                     # el: the low-noise excitatory neurons, then eh
N_EXC = 3200
WINDOWS = ((300, 360), (600, 660), (900, 960), (1140, 1200))   # s: Fig 5's four windows
ONTO = {'el_el': ('el', 'el'), 'eh_el': ('eh', 'el'), 'el_eh': ('el', 'eh'), 'eh_eh': ('eh', 'eh')}
AFFERENTS = ('el_el', 'eh_el')   # the E->E connections onto el


def gid(pop, ids):
    """Excitatory index (el first, then eh) of node ids of population pop."""
    return np.asarray(ids, dtype=np.int64) + (N_LOW if pop == 'eh' else 0)


def spike_trains(run):
    """{excitatory index: sorted spike times in s} of every recorded excitatory spike."""
    out = {}
    for pop in ('el', 'eh'):
        s = run.spikes.get(pop)
        if s is None:
            continue
        ids, t = gid(pop, s.node_ids), np.asarray(s.times_ms, dtype=float) / 1000
        order = np.lexsort((t, ids))
        ids, t = ids[order], t[order]
        cut = np.flatnonzero(np.diff(ids)) + 1
        for part_ids, part_t in zip(np.split(ids, cut), np.split(t, cut)):
            if len(part_ids):
                out[int(part_ids[0])] = part_t
    return out


def window_rates(trains, t0, t1):
    """Rate in Hz of every excitatory neuron in [t0, t1) s (the window records all of them)."""
    r = np.zeros(N_EXC)
    for k, t in trains.items():
        r[k] = np.count_nonzero((t >= t0) & (t < t1)) / (t1 - t0)
    return r


def in_window(t, t0, t1):
    return t[(t >= t0) & (t < t1)]


def crosscov(ta, tb, t0, t1, bin_s, max_s):
    """Cross-covariance in Hz^2 of two spike trains in [t0, t1): the rate of
    pairs at lag tau = t_b - t_a in bins of bin_s up to +-max_s, less the
    product of the rates (zero for independent trains)."""
    a, b = in_window(ta, t0, t1), in_window(tb, t0, t1)
    edges = np.linspace(-max_s, max_s, int(round(2 * max_s / bin_s)) + 1)
    T = t1 - t0
    if len(a) == 0 or len(b) == 0:
        return edges, np.zeros(len(edges) - 1)
    lo, hi = np.searchsorted(b, a - max_s), np.searchsorted(b, a + max_s)
    lags = np.concatenate([b[i:j] - x for x, i, j in zip(a, lo, hi)])
    h, _ = np.histogram(lags, edges)
    return edges, h / (T * bin_s) - len(a) * len(b) / T ** 2


def random_pairs(n, seed=200):
    """n distinct pairs of different excitatory neurons (Fig 5C/D: 200 random pairs)."""
    rng, pairs = np.random.default_rng(seed), set()
    while len(pairs) < n:
        a, b = rng.integers(0, N_EXC, 2)
        if a != b:
            pairs.add((int(min(a, b)), int(max(a, b))))
    return sorted(pairs)


def mean_crosscov(trains, pairs, t0, t1, bin_s=0.2e-3, max_s=0.1):
    """Fig 5C/D: the mean cross-covariance of the pairs (0.2 ms bins, +-100 ms)."""
    empty = np.array([])
    curves = [crosscov(trains.get(a, empty), trains.get(b, empty), t0, t1, bin_s, max_s) for a, b in pairs]
    return curves[0][0], np.mean([c for _, c in curves], axis=0)


def central(edges, cov, half_s=0.01):
    """The mean of a cross-covariance over |tau| < half_s."""
    mid = (edges[:-1] + edges[1:]) / 2
    return float(cov[np.abs(mid) < half_s].mean())


def random_neurons(n, exclude, pool, seed=50):
    """n random neurons of pool other than exclude (Fig 4C: the E->E synapses of 50
    random neurons; pool: the neurons whose afferent weights were recorded)."""
    rng = np.random.default_rng(seed)
    pool = np.setdiff1d(pool, [exclude])
    return np.sort(rng.choice(pool, min(n, len(pool)), replace=False))


class Weights:
    """The run's E->E weight series, as one [samples x synapses] array in units of
    w_max, with the excitatory index of each synapse's source and target."""

    def __init__(self, run, w_max):
        parts = [(s, s.connection) for s in run.weights if s.connection in ONTO and s.phase is None]
        if not parts:
            raise KeyError('no E->E weights recorded (record w of el_el ... every T)')
        self.times_s = np.asarray(parts[0][0].times_ms, dtype=float) / 1000
        for s, c in parts:
            if len(s.times_ms) != len(self.times_s):
                raise KeyError('the weight series of %s has %d samples, of %s %d' %
                               (c, len(s.times_ms), parts[0][1], len(self.times_s)))
        self.w = np.concatenate([s.si() for s, _ in parts], axis=1) / w_max
        self.source = np.concatenate([gid(ONTO[c][0], s.source) for s, c in parts])
        self.target = np.concatenate([gid(ONTO[c][1], s.target) for s, c in parts])

    def onto(self, neurons):
        return np.isin(self.target, neurons)

    def mean(self, mask):
        """The mean weight of the masked synapses at every sample."""
        return self.w[:, mask].mean(axis=1)

    def in_window(self, mask, t0, t1):
        """Every masked weight at every sample in [t0, t1] s (Fig 5A's histograms)."""
        rows = (self.times_s >= t0) & (self.times_s <= t1)
        return self.w[np.ix_(rows, mask)].ravel()


def reward_from_spikes(times_ms, t_spikes_s, delay_s=0.201, tau_p=0.2, tau_m=1.0, a_p=0.005 / (0.2 * np.e),
                       a_m=0.005 / (1 * np.e)):
    """The paper's d(t) = sum_f eps_r(t - d_r - t_f) at the given times (eps_r a
    difference of alpha kernels, the model's modulator parameters)."""
    t = np.asarray(times_ms, dtype=float) / 1000
    d = np.zeros_like(t)
    for tf in t_spikes_s:
        s = t - delay_s - tf
        on = s > 0
        s = s[on]
        d[on] += a_p * (s / tau_p) * np.exp(1 - s / tau_p) - a_m * (s / tau_m) * np.exp(1 - s / tau_m)
    return d


def stdp_covariance(pre, post, wins, tau_s=0.03, ratio=1.05, bin_s=1e-3, max_s=0.1):
    """The cross-covariance of a presynaptic and a postsynaptic train, in the given
    windows, weighted by the STDP window (exp(-tau/tau_s) for pre before post,
    -ratio exp(tau/tau_s) for post before pre; the model's rm_stdp): the term the
    paper's analysis makes a weight's drift under reward proportional to.
    Returns (pre-before-post part, post-before-pre part) in Hz^2 s, window means."""
    pos = neg = 0.0
    for t0, t1 in wins:
        e, c = crosscov(pre, post, t0, t1, bin_s, max_s)
        mid = (e[:-1] + e[1:]) / 2
        pos += float((c * np.where(mid > 0, np.exp(-mid / tau_s), 0)).sum()) * bin_s
        neg += ratio * float((c * np.where(mid < 0, np.exp(mid / tau_s), 0)).sum()) * bin_s
    return pos / len(wins), neg / len(wins)
