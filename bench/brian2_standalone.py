"""brian2_standalone.py: what the Brian2 benchmark scripts (brian2_va.py,
brian2_rmstdp.py, brian2_microcircuit.py) do around their models: an empty
project folder, the C++ standalone device (one thread unless asked for more),
code generation and compilation timed apart, and the binary run and timed by
us, with its peak memory."""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import time

GNU_TIME = '/usr/bin/time'
MARKERS = {'makefile', 'main.cpp', 'brian2_rmstdp.json', 'brian2_va.json',
           'brian2_microcircuit.json'}


def fail(tool, msg):
    sys.exit(f'{tool}: {msg}')


def threads_arg(text):
    """argparse type of --threads: a whole number of at least 1."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f'expected a whole number >= 1, got {text!r}')
    return n


def add_project_options(ap, dir_option, threads=None):
    """The options every script has for its project: --make-jobs, --force
    (which concerns *dir_option*), and --threads when *threads* is given as
    its default."""
    if threads is not None:
        ap.add_argument('--threads', type=threads_arg, default=threads, metavar='N',
                        help=f'OpenMP threads of the binary (default {threads}; '
                             f'1 = built without OpenMP, openmp_threads = 0)')
    ap.add_argument('--make-jobs', default=None, metavar='N',
                    help='make -jN for the compile step (default: Brian2\'s '
                         'plain "make -j")')
    ap.add_argument('--force', action='store_true',
                    help=f'allow deleting a non-empty {dir_option} that does not '
                         f'look like a Brian2 project')


def prepare_dir(tool, path, force):
    """The absolute path of an empty folder at *path*. An existing folder is
    removed first, but only if it is empty or looks like an earlier Brian2
    project (or *force*)."""
    path = os.path.abspath(path)
    if os.path.lexists(path):
        if not os.path.isdir(path) or os.path.islink(path):
            fail(tool, f'--dir {path} exists and is not a plain directory')
        names = set(os.listdir(path))
        if names and not (names & MARKERS) and not force:
            fail(tool, f'will not delete non-empty directory {path}: it does not '
                       f'look like a Brian2 project (use --force)')
        shutil.rmtree(path)
    os.makedirs(path)
    return path


def start_device(b2, project_dir, make_jobs, seed, threads=1):
    """cpp_standalone in *project_dir*, dt = 0.1 ms, *threads* OpenMP threads.
    One thread means no OpenMP at all (openmp_threads = 0), Brian2's default:
    openmp_threads = 1 would compile with -fopenmp and pay for parallel
    regions that one thread does not need."""
    b2.set_device('cpp_standalone', directory=project_dir, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = threads if threads > 1 else 0
    if make_jobs is not None:
        b2.prefs.devices.cpp_standalone.extra_make_args_unix = [f'-j{make_jobs}']
    b2.defaultclock.dt = 0.1 * b2.ms
    if seed is not None:
        b2.seed(seed)


def write_and_compile(tool, project_dir):
    """After the network's run(): write the project, then compile it.
    Returns (device, code generation s, compilation s)."""
    from brian2.devices.device import get_device
    from brian2.codegen.cpp_prefs import get_compiler_and_args
    device = get_device()
    t0 = time.perf_counter()
    device.build(directory=project_dir, compile=False, run=False)
    write_s = time.perf_counter() - t0
    compiler, _ = get_compiler_and_args()
    t0 = time.perf_counter()
    device.compile_source(project_dir, compiler, debug=False, clean=False)
    compile_s = time.perf_counter() - t0
    if not os.path.exists(os.path.join(project_dir, 'main')):
        fail(tool, 'compilation produced no binary')
    return device, write_s, compile_s


def run_binary(tool, project_dir):
    """Start DIR/main with cwd = DIR, as Brian2 does; return (wall s, peak RSS
    kB, how the RSS was measured). GNU time's %M is preferred: getrusage's
    RUSAGE_CHILDREN may also count the compiler processes."""
    results = os.path.join(project_dir, 'results')
    os.makedirs(results, exist_ok=True)
    rss_file = os.path.join(results, 'peak_rss.txt')
    cmd = [os.path.join(project_dir, 'main')]
    have_time = os.access(GNU_TIME, os.X_OK)
    if have_time:
        cmd = [GNU_TIME, '-f', '%M', '-o', rss_file] + cmd
    with open(os.path.join(results, 'stdout.txt'), 'w') as out:
        start = time.perf_counter()
        status = subprocess.call(cmd, cwd=project_dir, stdout=out)
        wall = time.perf_counter() - start
    if status != 0:
        fail(tool, f'{cmd[-1]} exited with status {status}')
    if have_time:
        with open(rss_file) as f:
            # GNU time may prepend "Command exited ..." lines; %M is the last
            return wall, int(f.read().split()[-1]), 'GNU time %M'
    return (wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            'getrusage(RUSAGE_CHILDREN)')


def network_run_s(tool, project_dir, device):
    """Mark the device as run (so monitors read the results on disk) and return
    the network's own run time from last_run_info.txt (None if absent)."""
    device.has_been_run = True
    info = os.path.join(project_dir, 'results', 'last_run_info.txt')
    if not os.path.isfile(info):
        return None
    with open(info) as f:
        fields = f.read().split()
    if len(fields) > 1 and float(fields[1]) < 1.0:
        fail(tool, 'the simulation did not complete')
    return float(fields[0])
