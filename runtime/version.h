/*
 * version.h: the release and source revision snnc and the runtime library
 * were built from, defined in a file the build generates (tools/version.sh)
 * and linked into both, so that snnc --version, an executable's --version and
 * its run.json name the same build.
 */
#ifndef SNN_VERSION_H
#define SNN_VERSION_H

extern const char snn_version[];  /* the release, from the file VERSION: "0.16.0" */
extern const char snn_revision[]; /* git describe of the source: "abc1234", "abc1234-dirty" or "unknown" */

#endif
