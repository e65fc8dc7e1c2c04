/*
 * spikes.c: a population's spikes of one step, as the generated update leaves
 * them (a byte per neuron, set when it fired) turned into the list the
 * deliveries, plasticity and the driver's bookkeeping walk (snn_spikelist).
 * Called once per population and step, so it skips quiet stretches eight
 * neurons at a time: most steps of most populations have no spike.
 */
#include "snn.h"

void snn_collect(const uint8_t *fired, uint32_t lo, uint32_t hi, snn_spikelist *out)
{
    uint32_t k = 0;
    uint32_t i = lo;
    for (; i + 8 <= hi; i += 8) {
        uint64_t w;
        memcpy(&w, fired + i, 8);
        if (!w)
            continue;
        for (uint32_t j = 0; j < 8; j++)
            if (fired[i + j])
                out->idx[k++] = i + j;
    }
    for (; i < hi; i++)
        if (fired[i])
            out->idx[k++] = i;
    out->n = k;
}
