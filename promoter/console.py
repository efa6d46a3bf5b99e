"""The ``promoted-images`` command as installed, and ``python -m promoter``: the command line, started cheaply."""

from __future__ import annotations

import gc

from promoter.collector import THRESHOLDS


def run() -> None:
    """Run :func:`promoter.cli.main`, with the garbage collector set as for a bulk run before anything is imported.

    Importing click and the tool allocates objects that live as long as the process; with the default thresholds
    the collector runs about 30 times while one config is checked, scanning them again and again (7% of a lint of
    one config). A bulk run also freezes what is alive by then (:func:`promoter.collector.tune_gc`).
    """
    gc.set_threshold(*THRESHOLDS)
    from promoter.cli import main  # noqa: PLC0415 - imported once the collector is set

    main(prog_name="promoted-images")
