"""The ``promoted-images`` command as installed, and ``python -m promoter``: the command line, started cheaply."""

from __future__ import annotations

import gc


def run() -> None:
    """Run :func:`promoter.cli.main`, with the garbage collector set as for a bulk run before anything is imported.

    Importing click and the tool allocates objects that live as long as the process; with the default thresholds
    the collector runs about 30 times while one config is checked, scanning them again and again (7% of a lint of
    one config). The engine sets the same thresholds when it analyses a tree (``engine.tune_gc``).
    """
    gc.set_threshold(50_000, 20, 100)
    from promoter.cli import main  # noqa: PLC0415 - imported once the collector is set

    main(prog_name="promoted-images")
