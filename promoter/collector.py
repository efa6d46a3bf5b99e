"""The cyclic garbage collector's setting for this tool's runs: one place, imported before anything else is.

Loading a config allocates many small objects that live until the file is done, and importing the tool allocates
objects that live as long as the process; with the default thresholds the collector keeps rescanning all of them.
A higher first threshold lets reference counting do the work it can do alone.
"""

from __future__ import annotations

import gc

# gc.set_threshold's arguments for every run of the tool.
THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Make the collector cheap for a bulk run: freeze what is alive now (never scanned again), raise the thresholds."""
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
