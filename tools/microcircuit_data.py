"""The facts of the Potjans & Diesmann (2014) cortical microcircuit that more
than one script needs, from ../shared/reference/microcircuit.md: population
sizes, connection probabilities, external in-degrees, initial potentials,
NEST's full-scale rates and the other published runs. models/microcircuit.snn
states the same numbers in the language; tests/models/microcircuit.test.sh
checks the executable against these."""
import math

LABELS = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"]
POPS = [p.lower() for p in LABELS]          # the names in models/microcircuit.snn
N_FULL = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948]

# C[target][source]: probability of at least one synapse between a pair
CONN_PROBS = [
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
    [0.0077, 0.0059, 0.0497, 0.1350, 0.0067, 0.0003, 0.0453, 0.0],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.0600, 0.3158, 0.0086, 0.0],
    [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
    [0.0364, 0.0010, 0.0034, 0.0005, 0.0277, 0.0080, 0.0658, 0.1443],
]
K_EXT = [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100]

# NEST's "optimized" initial V_m: (mean, sd) in mV
V0 = [(-68.28, 5.36), (-63.16, 4.57), (-63.33, 4.74), (-63.45, 4.94),
      (-63.11, 4.94), (-61.66, 4.55), (-66.72, 5.46), (-61.43, 4.48)]

# rates (Hz) at full scale, Poisson drive: NEST's stored run (since Dec 2022),
# and the other published runs (NEST Mar 2020, NEST pre-2020, NetPyNE 60 s)
NEST_2022 = [0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829]
PUBLISHED = [
    [0.943, 3.026, 4.368, 5.882, 7.733, 8.664, 1.096, 7.851],
    [0.971, 2.868, 4.746, 5.396, 8.142, 9.078, 0.991, 7.523],
    [0.90, 2.80, 4.39, 5.70, 6.80, 8.22, 1.14, 7.60],
]
CV_NETPYNE = [0.938, 0.916, 0.891, 0.873, 0.847, 0.809, 0.924, 0.819]


def k_total(y, x):
    """Synapses from population x onto y at full scale (Potjans & Diesmann
    Eq. 1, NEST's num_synapses_from_conn_probs)."""
    return math.log(1 - CONN_PROBS[y][x]) / math.log(1 - 1 / (N_FULL[x] * N_FULL[y]))
