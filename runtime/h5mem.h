/*
 * h5mem.h - HDF5 files built in memory and written to disk by us (h5mem.c):
 * groups, attributes, chunked datasets compressed where it pays.  Every
 * function returns 0 (or a valid id) on success and -1 after the first
 * failure, with snn_output_error() naming the file; later calls on a failed
 * file do nothing, so a writer may check only snn_h5_save().
 */
#ifndef SNN_H5MEM_H
#define SNN_H5MEM_H

#include <hdf5.h>
#include <stdint.h>

#include "output.h"

typedef struct snn_h5 snn_h5;

/* A new empty file in memory, to be saved as PATH (kept, not copied).
 * LEVEL: -1 compress where a sample shows it pays, 0 never, 1-9 always.
 * HINT: about the bytes of data the caller will put in it. */
snn_h5 *snn_h5_new(const char *path, int level, size_t hint);
hid_t snn_h5_root(const snn_h5 *f);
/* A group, with any missing parents (close it with H5Gclose). */
hid_t snn_h5_group(snn_h5 *f, hid_t loc, const char *name);
int snn_h5_attr_str(snn_h5 *f, hid_t obj, const char *name, const char *val);
/* N values (a scalar if N = 1) of file type TYPE from memory type MEMTYPE. */
int snn_h5_attr_num(snn_h5 *f, hid_t obj, const char *name, hid_t type, hid_t memtype, const void *val, hsize_t n);
/* Values of a dataset, in the file's (little-endian) representation: rows
 * r0 .. r0 + nrows - 1, columns c0 .. c0 + ncols - 1, into out (row by row,
 * ncols wide).  0, or -1 with snn_output_fail called. */
typedef int (*snn_h5_fill)(void *ctx, uint64_t r0, uint64_t nrows, uint64_t c0, uint64_t ncols, void *out);
/* A chunked dataset, ROWS x COLS (rank 2) or ROWS (rank 1), of file type TYPE,
 * compressed as the file's level says, its values from FILL: now, or at
 * snn_h5_save when they are large and not compressed (CTX and what it points
 * to must then live until then).  *out (if given) gets the open dataset,
 * for attributes (H5Dclose it). */
int snn_h5_put_rows(snn_h5 *f, hid_t loc, const char *name, hid_t type, int rank, uint64_t rows, uint64_t cols,
                    snn_h5_fill fill, void *ctx, hid_t *out);
/* A 1-D dataset of N values of TYPE at DATA (to live until snn_h5_save);
 * *out as for snn_h5_put_rows. */
int snn_h5_put(snn_h5 *f, hid_t loc, const char *name, hid_t type, uint64_t n, const void *data, hid_t *out);
/* Write the file to its path (atomically: a temporary renamed when complete). */
int snn_h5_save(snn_h5 *f);
void snn_h5_free(snn_h5 *f);

#endif /* SNN_H5MEM_H */
