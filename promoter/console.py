"""The ``promoted-images`` command as installed, and ``python -m promoter``: the command line, started cheaply."""

from __future__ import annotations

import gc
import sys
from typing import NoReturn

from promoter.collector import THRESHOLDS


def run() -> None:
    """Run :func:`promoter.cli.main`, with the garbage collector set as for a bulk run before anything is imported.

    Importing click and the tool allocates objects that live as long as the process; with the default thresholds
    the collector runs about 30 times while one config is checked, scanning them again and again (7% of a lint of
    one config). A bulk run also freezes what is alive by then (:func:`promoter.collector.tune_gc`).
    """
    gc.set_threshold(*THRESHOLDS)
    from promoter.cli import main  # noqa: PLC0415 - imported once the collector is set

    try:
        main(prog_name="promoted-images")
    except SystemExit as exit_:
        leave(exit_.code)


def leave(code: object) -> NoReturn:
    """End the process with exit status ``code`` as ``sys.exit`` does, without tearing the interpreter down.

    Python's own exit frees every module and object one by one: 3% of a lint of one config, for memory the system
    takes back at once. What that exit does that matters is done here: the functions registered with ``atexit`` run,
    and standard output and error are flushed. Everything the tool writes is closed (or replaced atomically) before
    the command returns, and its worker pools are shut down. A status that is not a number, another thread still
    running, or a stream that cannot be flushed (a closed pipe) leaves the exit to Python, which reports it as always.
    So does a profiler or tracer (``python -m cProfile -m promoter``, coverage): they write what they measured after
    the command returns, which an exit from here would skip.
    """
    import atexit  # noqa: PLC0415
    import os  # noqa: PLC0415
    import threading  # noqa: PLC0415

    measured = sys.getprofile() is not None or sys.gettrace() is not None
    if (code is None or type(code) is int) and threading.active_count() == 1 and not measured:
        atexit._run_exitfuncs()
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        else:
            os._exit(code or 0)
    raise SystemExit(code)
