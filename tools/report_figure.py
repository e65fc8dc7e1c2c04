"""report_figure.py: what the report tools' figures of the paper share (the
figures of docs/results.md): the option --plot FILE, and saving a figure with
a title that names the paper's figure it redraws, as PNG or SVG by FILE's
suffix at 100 dpi, so that a 14-inch-wide figure is 1400 pixels."""


# the paper's figure that each model's runs redraw (the model's file name as the
# run's run.json gives it); other models, such as the tests' shortened copies,
# are titled after the simulation's main figure
FIGURES = {
    'compsim1c_weightdep.snn': 'Suppl. Figs 3, 4 (weight-dependent rule)',
    'compsim2_current.snn': 'Suppl. Fig 5 (current-based synapses)',
    'compsim4_weightdep.snn': 'Suppl. Fig 7 (weight-dependent rule)',
    'compsim4_current.snn': 'Suppl. Fig 8 (current-based synapses)',
    'compsim5_current.snn': 'Suppl. Fig 9 (static current-based circuit)',
}


def paper_figure(run, default):
    """Which figure of the paper a run of its model redraws."""
    return FIGURES.get(run.meta.get('model'), default)


def option(args):
    """Takes --plot FILE out of args (a list, changed in place); FILE or None."""
    if '--plot' not in args:
        return None
    i = args.index('--plot')
    if i + 1 == len(args):
        raise SystemExit('--plot needs a file name')
    path = args[i + 1]
    del args[i:i + 2]
    return path


def shrink(path):
    """Rewrites a PNG with a palette of 256 colours: a third of the size (the
    figures in docs/ are kept in git) and no visible difference."""
    from PIL import Image  # matplotlib's own dependency
    with Image.open(path) as im:
        small = im.convert('RGB').quantize(256)
    small.save(path, optimize=True)


def save(fig, path, title):
    """Titles the figure, lays it out, writes it to path and closes it."""
    import matplotlib.pyplot as plt
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / fig.get_figheight()))  # 0.35 inch for the title
    fig.savefig(path, dpi=100)
    plt.close(fig)
    if path.lower().endswith('.png'):
        shrink(path)
    print('  PLOT    %s' % path)
