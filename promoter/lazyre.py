"""``lazy_compile``: a regular expression compiled when first used rather than when its module is imported.

Compiling a pattern costs 0.05 to 1 ms; the modules a run of one config imports define dozens at module level, and
the schema compiled into predicates holds dozens more, most of which one config never meets. Such a pattern is made
with :func:`lazy_compile`, which behaves as the compiled pattern (``search``, ``match``, ``fullmatch``, ``sub`` and
the other methods, ``pattern``, ``flags``, ``groups``, ``groupindex``) and compiles it on first use.
"""

from __future__ import annotations

import functools
import re
from typing import Any, cast

__all__ = ["lazy_compile"]

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer", "scanner")


class _LazyPattern:
    """A pattern and its flags; the first call of a method compiles it and puts the compiled methods in its slots.

    The slots hold the compiled pattern's bound methods from then on, so a call costs what it costs on the compiled
    pattern (a ``__getattr__`` hook would slow every attribute lookup down).
    """

    __slots__ = ("_source", *_METHODS)

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)
        for name in _METHODS:
            setattr(self, name, functools.partial(self._first_call, name))

    def _compiled(self) -> re.Pattern[str]:
        compiled = re.compile(*self._source)  # re's own cache makes this cheap after the first time
        for name in _METHODS:
            setattr(self, name, getattr(compiled, name))
        return compiled

    def _first_call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._compiled(), name)(*args, **kwargs)

    @property
    def pattern(self) -> str:
        return self._source[0]

    @property
    def flags(self) -> int:
        return self._compiled().flags

    @property
    def groups(self) -> int:
        return self._compiled().groups

    @property
    def groupindex(self) -> Any:
        return self._compiled().groupindex

    def __repr__(self) -> str:
        return repr(self._compiled())


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled on first use."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
